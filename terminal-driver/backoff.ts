/**
 * Full-jitter exponential backoff: a delay drawn uniformly from [0, min(cap, base·2^attempt)].
 * Drivers of a whole region coming back after a hub outage then spread out instead of arriving
 * together. `random` is injected so tests can pin it.
 */
export function fullJitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
