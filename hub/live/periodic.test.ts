import { describe, expect, it } from 'vitest';
import { startPeriodic } from './periodic.ts';

describe('startPeriodic', () => {
  it('runs on its timer and on demand, never twice at once, survives a throw, and stop waits for the run in progress', async () => {
    let runs = 0;
    let active = 0;
    let maxActive = 0;
    let release: (() => void) | null = null;
    const job = async () => {
      runs++;
      active++;
      maxActive = Math.max(maxActive, active);
      if (runs === 2) {
        active--;
        throw new Error('boom');
      }
      await new Promise<void>((resolve) => (release = resolve));
      active--;
      return runs;
    };
    const errors: unknown[] = [];
    const periodic = startPeriodic(job, { everyMs: 3_600_000, firstMs: 5, onError: (e) => (errors.push(e), -1) });

    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(1);
    const joined = periodic.runNow();
    expect(runs).toBe(1);
    release!();
    expect(await joined).toBe(1);

    expect(await periodic.runNow()).toBe(-1);
    expect(errors).toHaveLength(1);

    const third = periodic.runNow();
    let stopped = false;
    const stopping = periodic.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false);
    release!();
    await stopping;
    expect(await third).toBe(3);
    expect(maxActive).toBe(1);
  });
});
