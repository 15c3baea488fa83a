import { describe, expect, it } from 'vitest';
import { afterDrain, type RoundTiming } from './sender.ts';

/** The sender's transitions out of `draining`, without a network: what each way a round ends leads to. */
const timing = (sinceLastAckMs: number): RoundTiming => ({
  idleReportMs: 60_000,
  sinceLastAckMs,
  backoffMs: (failures, retryAfterMs) => retryAfterMs ?? failures * 1000,
});
const failed = (retryAfterMs: number | null = null) => ({ kind: 'failed' as const, code: 'unreachable' as const, message: 'нет связи', retryAfterMs });

describe('sender states', () => {
  it('an empty outbox ends the failure streak and waits out the rest of the idle period', () => {
    expect(afterDrain(3, { kind: 'empty' }, timing(20_000))).toEqual({ kind: 'idle', waitMs: 40_000 });
    expect(afterDrain(0, { kind: 'empty' }, timing(90_000))).toEqual({ kind: 'idle', waitMs: 0 });
  });

  it('records set aside send the sender back to the head at once, the streak unchanged', () => {
    expect(afterDrain(2, { kind: 'restart' }, timing(0))).toEqual({ kind: 'draining', failures: 2 });
  });

  it('a failure backs off for the next failure count, as long as the central asks when it asks', () => {
    expect(afterDrain(0, failed(), timing(0))).toEqual({ kind: 'backing-off', failures: 1, waitMs: 1000 });
    expect(afterDrain(4, failed(), timing(0))).toEqual({ kind: 'backing-off', failures: 5, waitMs: 5000 });
    expect(afterDrain(4, failed(30_000), timing(0))).toEqual({ kind: 'backing-off', failures: 5, waitMs: 30_000 });
  });
});
