/**
 * Polls `probe` until it returns a value (not undefined or null), for work that finishes asynchronously
 * (an ingest, the alerts function). Deadlines are generous for a loaded CI machine; `detail` is appended to
 * the timeout error (e.g. the product's last log lines).
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null>,
  { ms, everyMs, detail }: { ms: number; everyMs: number; detail?: () => string },
): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const found = await probe();
    if (found !== undefined && found !== null) return found;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`Timed out after ${ms / 1000} s waiting for ${what}${detail ? `\n${detail()}` : ''}`);
}
