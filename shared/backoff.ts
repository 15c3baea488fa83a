/**
 * How long the sender waits before trying again. Full jitter (a uniform draw between 0 and an
 * exponentially growing ceiling): 25 offices coming back after the same outage spread out instead
 * of knocking on the central together. Retries never stop and records never expire: the ceiling
 * only caps the wait.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export function fullJitterDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  // 2^30 already exceeds any sane ceiling; stop growing before the number overflows.
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures, 30));
  return Math.floor(random() * ceiling);
}

/**
 * The wait the receiver asked for with Retry-After (seconds or an HTTP date), in ms, or null when
 * absent or unreadable. The caller still caps it by the policy's ceiling.
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
