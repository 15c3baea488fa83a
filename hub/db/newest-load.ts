/**
 * The loads of one in-memory store may overlap: a route's reload after the change it committed, the
 * periodic re-read, another route's. On PostgreSQL they finish in any order, so the one started
 * last wins (it read the newest committed state) and an older one finishing after it is dropped.
 */
export function newestLoadWins(): <T>(read: () => Promise<T>, apply: (value: T) => void) => Promise<void> {
  let started = 0;
  let applied = 0;
  return async (read, apply) => {
    const generation = ++started;
    const value = await read();
    if (generation < applied) return;
    applied = generation;
    apply(value);
  };
}
