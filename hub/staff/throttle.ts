/**
 * Login throttling: after MAX_FAILURES failed logins for one login name, or from one address,
 * within WINDOW_MS, further attempts are refused until the window has passed. Kept in memory: a
 * restart forgets it, which costs an attacker a restart of the hub they cannot cause.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

/** Past this many remembered keys, those whose failures have all left the window are dropped. */
const PRUNE_ABOVE = 10_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: () => number) {}

  /** Milliseconds to wait before another attempt for this login or address, 0 if allowed. */
  retryAfterMs(login: string, ip: string): number {
    const now = this.clock();
    return Math.max(this.waitFor(`login:${login.toLowerCase()}`, now), this.waitFor(`ip:${ip}`, now));
  }

  recordFailure(login: string, ip: string): void {
    const now = this.clock();
    for (const key of [`login:${login.toLowerCase()}`, `ip:${ip}`]) {
      const recent = (this.failures.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
      recent.push(now);
      this.failures.set(key, recent);
    }
    // Failed logins under ever new names must not grow the map without end.
    if (this.failures.size > PRUNE_ABOVE) {
      for (const [key, times] of this.failures) if ((times[times.length - 1] ?? 0) <= now - WINDOW_MS) this.failures.delete(key);
    }
  }

  /** How many logins and addresses are remembered (for tests). */
  get size(): number {
    return this.failures.size;
  }

  recordSuccess(login: string): void {
    this.failures.delete(`login:${login.toLowerCase()}`);
  }

  private waitFor(key: string, now: number): number {
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    if (recent.length < MAX_FAILURES) return 0;
    return (recent[recent.length - MAX_FAILURES] ?? now) + WINDOW_MS - now;
  }
}
