/**
 * Login throttling, by address: after MAX_FAILURES_PER_LOGIN failed logins for one login name from
 * one address, or MAX_FAILURES_PER_ADDRESS from one address under any names, within WINDOW_MS,
 * further attempts from that address are refused until the window has passed.
 *
 * Never by login name alone: then five wrong passwords from anywhere would lock the real user out
 * from every address (issue 12). An attacker spread over many addresses is held back by the
 * per-address limits, argon2 and the password rules; the audit log shows the failures to the admin.
 *
 * Kept in memory: a restart forgets it, which costs an attacker a restart of the hub they cannot cause.
 */
export const MAX_FAILURES_PER_LOGIN = 5;
export const MAX_FAILURES_PER_ADDRESS = 10;
export const WINDOW_MS = 15 * 60 * 1000;

/** The wait asked of an attempt refused only because others are still being checked. */
const PENDING_WAIT_MS = 5_000;

/** Past this many remembered keys, those whose failures have all left the window are dropped. */
const PRUNE_ABOVE = 10_000;

export interface ThrottleCheck {
  /** Milliseconds to wait before another attempt, 0 if allowed. */
  waitMs: number;
  /** True for the first refusal of this block: only that one is worth an audit entry. */
  firstRefusal: boolean;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  /** Attempts whose password is being checked (argon2 takes a while): counted as failures until they end. */
  private readonly pending = new Map<string, number>();
  /** Per blocked key: when the block that has already been reported ends. */
  private readonly reported = new Map<string, number>();

  constructor(private readonly clock: () => number) {}

  check(login: string, ip: string): ThrottleCheck {
    const now = this.clock();
    let waitMs = 0;
    let blockedKey: string | null = null;
    for (const [key, max] of [
      [pairKey(login, ip), MAX_FAILURES_PER_LOGIN],
      [addressKey(ip), MAX_FAILURES_PER_ADDRESS],
    ] as const) {
      const wait = this.waitFor(key, max, now);
      if (wait > waitMs) [waitMs, blockedKey] = [wait, key];
    }
    if (blockedKey === null) return { waitMs: 0, firstRefusal: false };
    const firstRefusal = (this.reported.get(blockedKey) ?? 0) <= now;
    if (firstRefusal) this.reported.set(blockedKey, now + waitMs);
    return { waitMs, firstRefusal };
  }

  /**
   * An attempt allowed by `check`, under way: until the returned function is called (after
   * recordFailure or recordSuccess), it counts as a failure, so attempts sent all at once cannot
   * pass the limits together while each one's password is still being checked. Call it right
   * after `check`, with no await between.
   */
  begin(login: string, ip: string): () => void {
    const keys = [pairKey(login, ip), addressKey(ip)];
    for (const key of keys) this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      for (const key of keys) {
        const left = (this.pending.get(key) ?? 1) - 1;
        if (left > 0) this.pending.set(key, left);
        else this.pending.delete(key);
      }
    };
  }

  /** A failed attempt; `login` null when the name was not even a well-formed login. */
  recordFailure(login: string | null, ip: string): void {
    const now = this.clock();
    for (const key of login === null ? [addressKey(ip)] : [pairKey(login, ip), addressKey(ip)]) {
      const recent = (this.failures.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
      recent.push(now);
      this.failures.set(key, recent);
    }
    // Failed logins under ever new names must not grow the maps without end.
    if (this.failures.size > PRUNE_ABOVE) {
      for (const [key, times] of this.failures) if ((times[times.length - 1] ?? 0) <= now - WINDOW_MS) this.failures.delete(key);
      for (const [key, until] of this.reported) if (until <= now) this.reported.delete(key);
    }
  }

  recordSuccess(login: string, ip: string): void {
    this.failures.delete(pairKey(login, ip));
  }

  /** How many logins and addresses are remembered (for tests). */
  get size(): number {
    return this.failures.size;
  }

  private waitFor(key: string, max: number, now: number): number {
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    if (recent.length >= max) return (recent[recent.length - max] ?? now) + WINDOW_MS - now;
    // Short of the limit only while attempts under way are still being checked: a moment.
    return recent.length + (this.pending.get(key) ?? 0) >= max ? PENDING_WAIT_MS : 0;
  }
}

const pairKey = (login: string, ip: string) => `login:${login.toLowerCase()}@${ip}`;
const addressKey = (ip: string) => `ip:${ip}`;
