/**
 * Which values a colour scale spreads over. Across the whole scale (1–5) offices and hours that
 * differ by a few tenths all look alike, and one extreme hour stretches a min–max scale so the rest
 * look alike again; so the scale runs between percentiles of the values that rest on enough answers,
 * and anything beyond is drawn in the end colour (the number is always written on top).
 */
export interface Weighed {
  value: number | null;
  n: number;
}

/** The p-th percentile (0–1) of sorted values, interpolated between neighbours. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * p;
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below);
}

/**
 * The range between the `low` and `high` percentiles of the values with at least `minN` answers;
 * null when fewer than two such values differ (then the caller keeps its fixed scale).
 */
export function robustRange(items: Weighed[], minN: number, low: number, high: number): [number, number] | null {
  const sorted = items
    .filter((i) => i.value !== null && i.n >= minN)
    .map((i) => i.value!)
    .sort((a, b) => a - b);
  if (sorted.length < 2) return null;
  const range: [number, number] = [percentile(sorted, low), percentile(sorted, high)];
  return range[1] > range[0] ? range : null;
}
