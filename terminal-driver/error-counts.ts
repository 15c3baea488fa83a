/**
 * Faults counted by kind (kebab-case, as the heartbeat carries them) since the driver started.
 * Nothing that goes wrong on the wire or towards the hub stops the driver; it is counted here
 * and shown on the АХО health board.
 */
export class ErrorCounts {
  private readonly counts = new Map<string, number>();

  add(kind: string, n = 1): void {
    if (n > 0) this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
  }

  get(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** Sums several counters: the heartbeat's driver-wide total of every panel's and the driver's own. */
  static sum(all: readonly Record<string, number>[]): Record<string, number> {
    const total = new ErrorCounts();
    for (const counts of all) for (const [kind, n] of Object.entries(counts)) total.add(kind, n);
    return total.snapshot();
  }
}
