/**
 * The local stand-in for the EventBridge schedule: runs the job now, then every `everyMs`, never two at once
 * (a tick that finds the previous run still going is skipped, as the ingest lock would do anyway).
 */
export function startSchedule(job: () => Promise<void>, everyMs: number): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = job().finally(() => {
      running = null;
    });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
