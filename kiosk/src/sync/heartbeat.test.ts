import { describe, expect, it } from 'vitest';
import { newRecordId } from '../../../shared/ids.ts';
import { heartbeatSchema } from '../../../shared/records.ts';
import { manualTimer } from '../../../test/support/manual-timer.ts';
import { buildHeartbeat, startHeartbeat, type HeartbeatFacts } from './heartbeat.ts';
import type { Submitter } from './submitter.ts';

const facts = (over: Partial<HeartbeatFacts> = {}): HeartbeatFacts => ({
  id: newRecordId(),
  officeId: 'sharya',
  deviceId: 'sharya-kiosk-1',
  at: Date.parse('2026-03-02T07:15:00.000Z'),
  version: '0.1.0',
  backlog: 3,
  lastSyncAt: null,
  errors: { 'http-500': 2, timeout: 1 },
  ...over,
});

describe('kiosk heartbeat', () => {
  it('is a valid heartbeat record of a kiosk with no panels', () => {
    const hb = buildHeartbeat(facts({ lastSyncAt: Date.parse('2026-03-02T07:14:00.000Z') }));
    expect(heartbeatSchema.safeParse(hb).success).toBe(true);
    expect(hb).toMatchObject({ deviceKind: 'kiosk', panels: [], backlog: 3, lastSyncAt: '2026-03-02T07:14:00.000Z', errors: { 'http-500': 2, timeout: 1 } });
  });

  it('turns any counter name into one the schema accepts', () => {
    const hb = buildHeartbeat(facts({ errors: { TimeoutError: 1, 'storage': 2, '': 5 } }));
    expect(hb.errors).toEqual({ timeouterror: 1, storage: 2 });
    expect(heartbeatSchema.safeParse(hb).success).toBe(true);
  });

  it('beats at once and then every interval, whatever the hub answers', async () => {
    const clock = manualTimer();
    const sent: number[] = [];
    const submitter: Submitter = { submit: async () => (sent.push(clock.now()), { kind: 'failed', reason: 'network' }) };
    const stop = startHeartbeat({ submitter, timer: clock.timer, intervalMs: 60_000, facts: async () => facts() });
    const flush = () => new Promise((r) => setTimeout(r, 0));
    await flush();
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      await flush();
    }
    stop();
    clock.advance(600_000);
    await flush();
    expect(sent).toEqual([0, 60_000, 120_000, 180_000]);
  });
});
