/**
 * How long a sender waits before trying again after its n-th failure in a row: full jitter, a
 * uniform draw between 0 and an exponentially growing ceiling, min(cap, base·2^(n-1)). Every
 * sender of the system uses it: the panel driver towards its hub and while a serial port is gone,
 * the kiosk towards its hub, the office hub towards the central. Many of them coming back after
 * the same outage then spread out instead of knocking together. Retries never stop and records
 * never expire: the cap only bounds the wait. `random` is injected so tests can pin the draw.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export function fullJitterDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  // No failure yet, no wait: the first try goes at once.
  if (failures <= 0) return 0;
  // 2^30 already exceeds any sane cap; stop growing before the number overflows.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.floor(random() * ceiling);
}

/**
 * The wait the receiver asked for with Retry-After (seconds or an HTTP date), in ms, or null when
 * absent or unreadable. The caller still caps it by its policy's cap.
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
