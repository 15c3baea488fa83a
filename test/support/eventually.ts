/**
 * Polls until a condition holds, for tests that wait on real ports, processes and sockets: they
 * wait for a state, never for a fixed time, so a slow machine makes them slower, not red.
 */
export async function eventually<T>(probe: () => T | Promise<T>, options: { timeoutMs?: number; everyMs?: number; what?: string } = {}): Promise<Exclude<T, null | undefined | false>> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value as Exclude<T, null | undefined | false>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'a condition'} (last: ${last instanceof Error ? last.message : String(last)})`);
    await new Promise((r) => setTimeout(r, options.everyMs ?? 10));
  }
}
