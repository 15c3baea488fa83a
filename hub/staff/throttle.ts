/**
 * Login throttling: after MAX_FAILURES failed logins for one login name, or from one address,
 * within WINDOW_MS, further attempts are refused until the window has passed. Kept in memory: a
 * restart forgets it, which costs an attacker a restart of the hub they cannot cause.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

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
