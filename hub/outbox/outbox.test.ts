import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import type { Press } from '../../shared/records.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { createIngest } from '../ingest/ingest-batch.ts';
import { NO_SURVEY_VERSIONS } from '../db/survey-versions.ts';
import { createOutbox, listForwardDeadLetters, recordForwardError, requeueForwardDeadLetter, type Outbox } from './outbox.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { getForwardStatus } from '../forward/forward-status.ts';

const t0 = Date.parse('2026-11-25T08:00:00.000Z');
const press = (over: Partial<Press> = {}): Press => ({
  kind: 'press',
  id: newRecordId(),
  officeId: 'sharya',
  deviceId: 'drv',
  bornAt: '2026-11-25T07:59:59.000Z',
  channel: 'panel',
  panelId: 'p1',
  desk: null,
  seq: null,
  button: '4',
  score: 4,
  suppressed: null,
  ...over,
});

let db: Db;
let outbox: Outbox;
let clock = t0;
const device = { kind: 'device' as const, deviceId: 'drv', officeId: 'sharya' };
const store = (records: Press[]) => {
  const ingest = createIngest(db, { surveys: NO_SURVEY_VERSIONS, clock: () => clock, forward: true });
  const outcome = ingest({ records }, device);
  if (!outcome.ok) throw new Error(outcome.rejection.reason);
};
const count = (sql: string) => db.prepare(sql).pluck().get() as number;

beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'outbox-')), 'office.sqlite')).db;
  seedOfficesOnSqlite(db);
  outbox = createOutbox(db);
  clock = t0;
});

describe('outbox batches', () => {
  it('cuts from the head in seq order, bounded by count, and continues after a cursor', () => {
    const records = Array.from({ length: 5 }, () => press());
    store(records);
    const first = outbox.next({ records: 2, bytes: 1_000_000 });
    expect(first.entries.map((e) => e.id)).toEqual([records[0]!.id, records[1]!.id]);
    const second = outbox.next({ records: 2, bytes: 1_000_000 }, first.lastSeq);
    expect(second.entries.map((e) => e.id)).toEqual([records[2]!.id, records[3]!.id]);
    expect(outbox.remainingAfter(second.lastSeq)).toEqual({ count: 1, oldestReceivedAt: t0 });
  });

  it('is bounded by bytes too, and sends each record exactly as stored (receivedAt included)', () => {
    const records = Array.from({ length: 10 }, () => press());
    store(records);
    const one = JSON.stringify({ ...records[0], receivedAt: new Date(t0).toISOString() });
    const batch = outbox.next({ records: 1000, bytes: (Buffer.byteLength(one) + 1) * 3 });
    expect(batch.entries).toHaveLength(3);
    expect(JSON.parse(batch.entries[0]!.json)).toEqual({ ...records[0], receivedAt: '2026-11-25T08:00:00.000Z' });
    expect(batch.bytes).toBeLessThanOrEqual((Buffer.byteLength(one) + 1) * 3);
  });

  it('a record larger than the byte bound still goes, alone', () => {
    store([press(), press()]);
    expect(outbox.next({ records: 1000, bytes: 10 }).entries).toHaveLength(1);
  });

  it('settling deletes what the central holds and sets conflicts aside, in one transaction', async () => {
    const records = Array.from({ length: 3 }, () => press());
    store(records);
    const batch = outbox.next({ records: 1000, bytes: 1_000_000 });
    clock = t0 + 5000;
    const acked = new Map([
      [records[0]!.id, 'stored'],
      [records[1]!.id, 'duplicate'],
      [records[2]!.id, 'conflict'],
    ] as const);
    expect(outbox.settle(batch, acked, clock)).toEqual({ conflicts: 1 });
    expect(count('SELECT count(*) FROM outbox')).toBe(0);
    const [dead] = listForwardDeadLetters(db, { limit: 10 });
    expect(dead).toMatchObject({ recordId: records[2]!.id, reason: 'conflict', requeuedAt: null });
    expect(JSON.parse(dead!.body)).toMatchObject({ id: records[2]!.id, score: 4 });
    expect(await getForwardStatus(db, sqlOverSqlite(db), { centralUrl: 'https://c.test' }, clock)).toMatchObject({ lastSyncAt: '2026-11-25T08:00:05.000Z', deadLetters: 1, backlog: { count: 0 } });
  });

  it('an outbox row whose record is gone is reported as missing, not sent', () => {
    const [a, b] = [press(), press()];
    store([a!, b!]);
    db.prepare('DELETE FROM press WHERE id = ?').run(a!.id);
    const batch = outbox.next({ records: 1000, bytes: 1_000_000 });
    expect(batch.missing.map((m) => m.id)).toEqual([a!.id]);
    expect(batch.entries.map((e) => e.id)).toEqual([b!.id]);
  });

  it('a dead letter can be requeued once; it goes to the end of the outbox', async () => {
    const records = [press(), press()];
    store(records);
    const batch = outbox.next({ records: 1, bytes: 1_000_000 });
    outbox.setAside([{ seq: batch.entries[0]!.seq, kind: 'press', id: records[0]!.id, reason: 'invalid', detail: 'score', body: batch.entries[0]!.json }], clock);
    const [dead] = listForwardDeadLetters(db, { limit: 10 });
    expect(requeueForwardDeadLetter(db, dead!.seq, clock)).toEqual({ ok: true });
    expect(requeueForwardDeadLetter(db, dead!.seq, clock)).toEqual({ ok: false, reason: 'already-requeued' });
    expect(outbox.next({ records: 10, bytes: 1_000_000 }).entries.map((e) => e.id)).toEqual([records[1]!.id, records[0]!.id]);
    expect((await getForwardStatus(db, sqlOverSqlite(db), { centralUrl: null }, clock)).deadLetters).toBe(0);
  });
});

describe('forward status', () => {
  it('counts the backlog and ages its oldest record; a failure after the last sync is "failing"', async () => {
    store([press(), press()]);
    clock = t0 + 90_000;
    recordForwardError(db, 'unreachable', 'нет связи', clock);
    expect(await getForwardStatus(db, sqlOverSqlite(db), { centralUrl: 'https://c.test' }, clock)).toEqual({
      configured: true,
      centralUrl: 'https://c.test',
      backlog: { count: 2, oldestReceivedAt: '2026-11-25T08:00:00.000Z', oldestAgeSeconds: 90 },
      lastSyncAt: null,
      lastError: { code: 'unreachable', message: 'нет связи', at: '2026-11-25T08:01:30.000Z' },
      failing: true,
      regionalConfig: expect.objectContaining({ fromCentral: true, revision: null, failing: false }),
      deadLetters: 0,
    });
    const batch = outbox.next({ records: 1000, bytes: 1_000_000 });
    outbox.settle(batch, new Map(batch.entries.map((e) => [e.id, 'stored'] as const)), clock + 1);
    expect(await getForwardStatus(db, sqlOverSqlite(db), { centralUrl: 'https://c.test' }, clock + 1)).toMatchObject({ failing: false, backlog: { count: 0, oldestReceivedAt: null } });
  });
});
