/** Calendar days as `YYYY-MM-DD` strings (dates without a time zone: plain day arithmetic). */

/** The `count` days ending with `lastDay`, oldest first. */
export function dayRange(lastDay: string, count: number): string[] {
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  if (Number.isNaN(end)) return [];
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(new Date(end - i * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/** Day `index` of a year (0 = 1 January) as a date: the index of the stored daily trends (TrendYear). */
export function dayOfYear(year: number, index: number): string {
  return new Date(Date.UTC(year, 0, 1 + index)).toISOString().slice(0, 10);
}
