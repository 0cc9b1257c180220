/**
 * "Latest request wins": each `run()` aborts the one before it, so an older answer never draws over a newer
 * one. The work receives the signal to pass to `fetch`; an aborted run resolves to `undefined` instead of
 * throwing, so callers only handle real failures.
 */
export interface Latest {
  run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined>;
  /** Aborts the run in flight, if any (e.g. when the input is cleared). */
  cancel(): void;
}

export function latest(): Latest {
  let controller: AbortController | null = null;
  return {
    async run(work) {
      controller?.abort();
      const own = new AbortController();
      controller = own;
      try {
        return await work(own.signal);
      } catch (error) {
        if (own.signal.aborted) return undefined;
        throw error;
      } finally {
        if (controller === own) controller = null;
      }
    },
    cancel() {
      controller?.abort();
      controller = null;
    },
  };
}
