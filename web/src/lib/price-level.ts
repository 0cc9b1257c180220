/** Where a price sits among the prices shown, 1 (cheap, green) to 5 (expensive, red), with words for it. */
export type Level = 1 | 2 | 3 | 4 | 5;

export const LEVEL_LABELS: Record<Level, string> = {
  1: 'Prix bas',
  2: 'Assez bas',
  3: 'Moyen',
  4: 'Assez élevé',
  5: 'Prix élevé',
};

/**
 * A scale over the prices on screen: from the 5th to the 95th percentile (so one odd price does not squash
 * the others), split in five equal bands. Under a cent of spread, everything is "bas".
 */
export function priceScale(prices: number[]): (price: number) => Level {
  const sorted = prices.filter((p) => Number.isFinite(p)).sort((a, b) => a - b);
  if (sorted.length === 0) return () => 3;
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? 0;
  const low = at(0.05);
  const high = at(0.95);
  const spread = high - low;
  return (price) => {
    if (spread < 0.01) return 1;
    const band = Math.floor(((price - low) / spread) * 5);
    return Math.min(5, Math.max(1, band + 1)) as Level;
  };
}
