import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import { REGISTER_RECORD_KIND, registerEventSchema, type RegisterEvent } from '../../shared/register.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openedEvent, stepEvent } from '../../test/support/register-events.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { createOutbox } from '../outbox/outbox.ts';
import { sqlOverSqlite, type CentralSql } from '../sql/central-sql.ts';
import { createRegisterStore, validateRegisterRecords, type RegisterStore } from './register-store.ts';

const now = Date.parse('2026-03-10T08:00:00.000Z');
let db: Db;
let sql: CentralSql;
beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'register-')), 'hub.sqlite')).db;
  seedOfficesOnSqlite(db);
  sql = sqlOverSqlite(db);
});
/** Forwarded events as the central's batch receiver stores them (hub/central/receive-batch.ts), in one transaction. */
const receive = (store: RegisterStore, events: RegisterEvent[]) => sql.transaction((trx) => store.receive(trx, events, now));
const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

let tick = 0;
const bornAt = () => new Date(now - 60_000 + tick++ * 1000).toISOString();
const opened = (fields: Record<string, unknown> = {}): RegisterEvent => openedEvent(newRecordId(), bornAt(), fields);
const step = (entry: RegisterEvent, fields: Record<string, unknown>): RegisterEvent => stepEvent(newRecordId(), entry, bornAt(), fields);

describe('register store', () => {
  it('stores an event once by id; a different body under the id is a conflict (for the batch receiver to put in dead letters)', async () => {
    const store = createRegisterStore(sql);
    const entry = opened();
    expect(await receive(store, [entry])).toEqual([{ id: entry.id, status: 'stored' }]);
    expect(await receive(store, [entry])).toEqual([{ id: entry.id, status: 'duplicate' }]);
    const other = { ...entry, summary: 'иное' } as RegisterEvent;
    expect(await receive(store, [other])).toEqual([{ id: entry.id, status: 'conflict' }]);
    expect(count('register_event')).toBe(1);
    expect((await store.entry(entry.id))?.summary).toBe('Прошу разъяснить');
  });

  it('keeps an event that arrives before its entry is opened, and folds it when `opened` comes', async () => {
    const store = createRegisterStore(sql);
    const entry = opened();
    const registered = step(entry, { step: 'registered', registeredOn: '2026-03-03', number: '5' });
    await receive(store, [registered]);
    expect(await store.entry(entry.id)).toBeNull();
    expect(count('register_event')).toBe(1);
    await receive(store, [entry]);
    const view = await store.entry(entry.id);
    expect(view?.status).toBe('registered');
    expect(view?.registered).toEqual({ on: '2026-03-03', number: '5' });
    expect(view?.openDue).toEqual({ what: 'answer', due: '2026-04-02', doneOn: null });
  });

  it('keeps a step that may not follow (two hubs registered the same appeal) in the history, changing nothing', async () => {
    const store = createRegisterStore(sql);
    const entry = opened();
    const first = step(entry, { step: 'registered', registeredOn: '2026-03-03', number: '5' });
    const second = step(entry, { step: 'registered', registeredOn: '2026-03-04', number: '6' });
    await receive(store, [entry, second, first]);
    const view = (await store.entry(entry.id))!;
    expect(view.registered?.number).toBe('5');
    expect(view.history.map((h) => h.problem)).toEqual([null, null, 'обращение уже зарегистрировано']);
    expect(JSON.stringify(view)).not.toContain('Петров');
  });

  it('on an office hub: append checks the step, stores and queues for the central in one go', async () => {
    const store = createRegisterStore(sql, db);
    const entry = opened({ details: { channel: 'book-of-reviews' } });
    expect(await store.append(entry, now)).toMatchObject({ ok: true, status: 'stored' });
    expect(await store.append(entry, now)).toMatchObject({ ok: true, status: 'duplicate' });
    const refused = await store.append(step(entry, { step: 'registered', registeredOn: '2026-03-03', number: '1' }), now);
    expect(refused).toEqual({ ok: false, error: 'step', reason: 'этот шаг только для письменных обращений (59-ФЗ)' });
    expect(await store.append(step(entry, { step: 'measures', text: 'Проведена беседа' }), now)).toMatchObject({ ok: true });
    expect(await store.append(step(opened(), { step: 'measures', text: 'x' }), now)).toMatchObject({ ok: false, error: 'not-found' });
    expect(count('register_event')).toBe(2);
    const batch = createOutbox(db).next({ records: 10, bytes: 1_000_000 });
    expect(batch.entries.map((e) => e.kind)).toEqual([REGISTER_RECORD_KIND, REGISTER_RECORD_KIND]);
    const sent = JSON.parse(batch.entries[0]!.json) as Record<string, unknown>;
    expect(sent).toMatchObject({ kind: REGISTER_RECORD_KIND, id: entry.id, step: 'opened', receivedAt: new Date(now).toISOString() });
    // What is sent is what the central validates: the shared schema, for the sending office only.
    expect(validateRegisterRecords([sent], 'sharya')).toMatchObject({ invalid: [], events: [{ index: 0 }] });
    expect(validateRegisterRecords([sent], 'buy').invalid[0]?.reason).toContain('отправитель из отдела buy');
    expect(validateRegisterRecords([{ ...sent, step: 'bogus' }], 'sharya').invalid).toHaveLength(1);
  });
});
