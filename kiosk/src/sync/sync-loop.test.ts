import { describe, expect, it } from 'vitest';
import type { SurveyResponse } from '../../../shared/records.ts';
import { responseFromDraft } from '../survey/draft.ts';
import { draft } from '../../../test/support/survey-draft.ts';
import { manualTimer } from '../../../test/support/manual-timer.ts';
import type { SubmitOutcome, Submitter } from './submitter.ts';
import { createSyncLoop, type Outbox, type SyncEvent } from './sync-loop.ts';

function memoryOutbox(records: SurveyResponse[]) {
  const pending = new Map(records.map((r) => [r.id, r]));
  const setAside = new Map<string, string>();
  const outbox: Outbox = {
    pending: async (limit) => [...pending.values()].slice(0, limit),
    remove: async (ids) => ids.forEach((id) => pending.delete(id)),
    setAside: async (refused) =>
      refused.forEach((r) => {
        pending.delete(r.id);
        setAside.set(r.id, r.reason);
      }),
  };
  return { outbox, pending, setAside };
}

/** A hub that answers from a script, then acknowledges everything; remembers what it stored. */
function scriptedHub(script: ((ids: string[]) => SubmitOutcome)[]) {
  const stored = new Map<string, number>();
  let calls = 0;
  const submitter: Submitter = {
    async submit(records) {
      calls++;
      const ids = records.map((r) => r.id);
      const step = script.shift();
      if (step) return step(ids);
      ids.forEach((id) => stored.set(id, (stored.get(id) ?? 0) + 1));
      return { kind: 'acked', acked: new Map(ids.map((id) => [id, 'stored'] as const)) };
    },
  };
  return { submitter, stored, calls: () => calls };
}

const responses = (n: number) => Array.from({ length: n }, () => responseFromDraft(draft({ answers: { nps: 9 } }), true));

function loop(outbox: Outbox, submitter: Submitter, clock = manualTimer()) {
  const events: SyncEvent[] = [];
  const sync = createSyncLoop({
    outbox,
    submitter,
    clock: clock.now,
    timer: clock.timer,
    random: () => 0.5,
    backoff: { baseMs: 1000, capMs: 60_000 },
    batchSize: 20,
    report: (e) => events.push(e),
  });
  return { sync, events, clock };
}

describe('sync loop', () => {
  it('sends the outbox in batches and removes only what the ack names', async () => {
    const box = memoryOutbox(responses(45));
    const hub = scriptedHub([]);
    const { sync, events } = loop(box.outbox, hub.submitter);
    sync.kick();
    await sync.settled();
    expect(box.pending.size).toBe(0);
    expect(hub.stored.size).toBe(45);
    expect(hub.calls()).toBe(3);
    expect(events.filter((e) => e.kind === 'delivered').map((e) => e.kind === 'delivered' && e.count)).toEqual([20, 20, 5]);
  });

  it('a 500, a timeout, an HTML 200: keeps everything and retries with growing waits until acknowledged', async () => {
    const box = memoryOutbox(responses(3));
    const hub = scriptedHub([
      () => ({ kind: 'failed', reason: 'http-500' }),
      () => ({ kind: 'failed', reason: 'timeout' }),
      () => ({ kind: 'failed', reason: 'not-json' }),
    ]);
    const { sync, events, clock } = loop(box.outbox, hub.submitter);
    sync.kick();
    await sync.settled();
    expect(box.pending.size).toBe(3);
    expect(clock.pending()).toEqual([500]);
    for (const wait of [500, 1000, 2000]) {
      clock.advance(wait);
      await sync.settled();
    }
    expect(box.pending.size).toBe(0);
    expect([...hub.stored.values()]).toEqual([1, 1, 1]);
    expect(events.filter((e) => e.kind === 'failed').map((e) => e.kind === 'failed' && [e.reason, e.retryInMs])).toEqual([
      ['http-500', 500],
      ['timeout', 1000],
      ['not-json', 2000],
    ]);
  });

  it('an ack that leaves an id out acknowledges only the ids it names', async () => {
    const box = memoryOutbox(responses(2));
    const [first, second] = [...box.pending.keys()];
    const hub = scriptedHub([() => ({ kind: 'acked', acked: new Map([[first!, 'stored']]) })]);
    const { sync } = loop(box.outbox, hub.submitter);
    sync.kick();
    await sync.settled();
    expect([...box.pending.keys()]).toEqual([]);
    expect([...hub.stored.keys()]).toEqual([second]);
  });

  it('records the hub refuses are set aside; the rest of the batch is sent again', async () => {
    const box = memoryOutbox(responses(3));
    const bad = [...box.pending.keys()][1]!;
    const hub = scriptedHub([() => ({ kind: 'refused', refused: [{ id: bad, reason: 'answers.nps' }] })]);
    const { sync } = loop(box.outbox, hub.submitter);
    sync.kick();
    await sync.settled();
    expect(box.setAside).toEqual(new Map([[bad, 'answers.nps']]));
    expect(hub.stored.size).toBe(2);
  });

  it('a kick while waiting to retry tries at once; a kick during a run runs again after it', async () => {
    const box = memoryOutbox(responses(1));
    const hub = scriptedHub([() => ({ kind: 'failed', reason: 'network' })]);
    const { sync, clock } = loop(box.outbox, hub.submitter);
    sync.kick();
    await sync.settled();
    expect(clock.pending()).toHaveLength(1);
    sync.kick();
    const late = responses(1)[0]!;
    box.pending.set(late.id, late);
    sync.kick();
    await sync.settled();
    expect(clock.pending()).toHaveLength(0);
    expect(box.pending.size).toBe(0);
    expect(hub.stored.size).toBe(2);
  });

  it('a failing outbox is a failure to retry, not a crash', async () => {
    const hub = scriptedHub([]);
    let broken = true;
    const box = memoryOutbox(responses(1));
    const outbox: Outbox = { ...box.outbox, pending: async (n) => (broken ? Promise.reject(new Error('QuotaExceededError')) : box.outbox.pending(n)) };
    const { sync, events, clock } = loop(outbox, hub.submitter);
    sync.kick();
    await sync.settled();
    expect(events.at(-1)).toMatchObject({ kind: 'failed', reason: 'storage' });
    broken = false;
    clock.advance(60_000);
    await sync.settled();
    expect(hub.stored.size).toBe(1);
  });
});
