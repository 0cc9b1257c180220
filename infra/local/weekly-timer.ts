import { nextDigestAt } from '#shared/alerts/digest.ts';

/**
 * A weekly timer on the Paris wall clock (the local stand-in for the digest's EventBridge Scheduler cron):
 * fires at the next `weekday hour:minute` Europe/Paris, then re-arms for the week after. Never two jobs at once.
 */
export function startWeeklyTimer(
  job: () => Promise<void>,
  schedule: { weekday: number; hour: number; minute: number },
  now: () => Date = () => new Date(),
): { nextAt(): Date; stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let next = nextDigestAt(now(), schedule);
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    next = nextDigestAt(now(), schedule);
    // setTimeout holds at most ~24.8 days; a week is well below.
    timer = setTimeout(
      () => {
        running = job().finally(() => {
          running = null;
          arm();
        });
      },
      Math.max(0, next.getTime() - now().getTime()),
    );
    timer.unref();
  };
  arm();
  return {
    nextAt: () => next,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
