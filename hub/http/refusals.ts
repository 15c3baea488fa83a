/**
 * Malformed requests and records, by kind (`malformed-json`, `disk-full`, `invalid-batch`, …):
 * counted in the hub's context and reported on /health, never fatal.
 */
export type RefusalCounts = Map<string, number>;

export function countRefusal(ctx: { refusals: RefusalCounts }, kind: string): void {
  ctx.refusals.set(kind, (ctx.refusals.get(kind) ?? 0) + 1);
}
