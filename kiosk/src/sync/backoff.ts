/**
 * Full-jitter exponential backoff: the wait before retry n is uniform in [0, min(cap, base·2^(n-1))].
 * Every kiosk of an office retries the same hub; jitter keeps them from coming back all at once
 * after the hub restarts. `random` is injected so tests choose the draw.
 */
export function backoffDelayMs(failures: number, options: { baseMs: number; capMs: number; random: () => number }): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.floor(options.random() * ceiling);
}
