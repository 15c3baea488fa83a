import path from 'node:path';
import type { Insertable } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallListRow } from '../../shared/phone-survey.ts';
import type { FeedbackRecord, SurveyResponse } from '../../shared/records.ts';
import { INGEST_PROTOCOL } from '../../shared/protocol/wire.ts';
import { BOTH_DATABASES, openForSuite } from '../../test/support/both-databases.ts';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openDatabase } from '../db/open.ts';
import { createIngest, sqliteIngestInto, type IngestInto, type IngestOutcome, type Sender } from '../ingest/ingest-batch.ts';
import { NO_SURVEY_VERSIONS } from '../db/survey-versions.ts';
import { sqlOverSqlite, type CentralSql } from '../sql/central-sql.ts';
import type { PhoneCallTable } from '../sql/tables.ts';
import type { OfficeScope } from '../staff/staff-auth.ts';
import { callQueue, closeCampaign, createCampaign, importCalls, listCampaigns, readCampaign, recordOutcome } from './campaign-store.ts';

/**
 * The phone survey's store, the same statements on the hub's SQLite and on the central's
 * PostgreSQL (hub/sql/central-sql.ts): campaigns, call lists, the operators' queue and outcomes,
 * closing. The answers' own store (the ingest, on the hub's SQLite) is stood in for here by a fake
 * that keeps what it was given; the last test and the routes' test (phone-routes.test.ts) run the
 * real one.
 */
const ALL: OfficeScope = { officeIds: 'all' };
const SHARYA: OfficeScope = { officeIds: ['sharya'] };
const row = (phone: string, officeId = 'sharya', serviceDate = '2026-12-01'): CallListRow => ({ phone, officeId, serviceDate });
const ANSWERS = { csat1: 5, csat2: 4, csat3: 5, ces: 2, nps: 9 };

/** An ingest that takes every answer (or refuses, or fails, as told) and keeps what it took. */
function fakeIngest(behaviour: { mode: 'take' | 'refuse' | 'fail' } = { mode: 'take' }) {
  const taken: { records: SurveyResponse[]; sender: Sender }[] = [];
  const take = (body: unknown, sender: Sender): IngestOutcome => {
    if (behaviour.mode === 'fail') throw new Error('диск полон');
    const records = (body as { records: SurveyResponse[] }).records;
    if (behaviour.mode === 'refuse') return { ok: false, rejection: { ok: false, error: 'invalid-records', reason: 'не принято', invalid: [{ index: 0, id: records[0]!.id, reason: 'оценка вне шкалы' }] } };
    taken.push({ records, sender });
    const stored: FeedbackRecord[] = records.map((r) => ({ ...r, receivedAt: r.bornAt }));
    return { ok: true, ack: { ok: true, protocol: INGEST_PROTOCOL, results: records.map((r) => ({ id: r.id, status: 'stored' as const })) }, stored };
  };
  const ingest: IngestInto = async (_trx, body, sender) => take(body, sender);
  return { ingest, taken, behaviour };
}

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('the phone survey store on $name', (database) => {
  let sql!: CentralSql;
  openForSuite(database, (opened) => (sql = opened));

  const newCampaign = (title: string, at: number) => createCampaign(sql, { title, script: 'Здравствуйте!' }, 'cx', at);
  const phoneIds = async (campaignId: string, scope = ALL, now = 0) => (await callQueue(sql, campaignId, scope, now)).map((c) => [c.phone, c.status]);

  it('makes a campaign, reads it, and lists the open ones first, newest first', async () => {
    const older = await newCampaign('Обзвон ноября', 1_000);
    const newer = await newCampaign('Обзвон декабря', 2_000);
    const closed = await newCampaign('Обзвон октября', 3_000);
    expect(await closeCampaign(sql, closed, 4_000)).toEqual({ ok: true, deleted: 0 });

    expect(await readCampaign(sql, older, ALL)).toEqual({
      id: older,
      title: 'Обзвон ноября',
      script: 'Здравствуйте!',
      createdAt: new Date(1_000).toISOString(),
      createdBy: 'cx',
      closedAt: null,
      counts: { pending: 0, answered: 0, refused: 0, 'no-answer': 0, 'call-back': 0 },
      total: 0,
    });
    expect(await readCampaign(sql, '00000000-0000-4000-8000-000000000000', ALL)).toBeNull();
    const listed = (await listCampaigns(sql, ALL)).filter((c) => [older, newer, closed].includes(c.id));
    expect(listed.map((c) => [c.title, c.closedAt])).toEqual([
      ['Обзвон декабря', null],
      ['Обзвон ноября', null],
      ['Обзвон октября', new Date(4_000).toISOString()],
    ]);
  });

  it('imports a call list once: a number already listed is kept as it is, in this list or a later one', async () => {
    const c = await newCampaign('Импорт', 10_000);
    const list = [row('+79030000001'), row('+79030000002', 'buy'), row('+79030000001', 'buy'), row('+79030000003')];
    expect(await importCalls(sql, c, list)).toEqual({ ok: true, added: 3, alreadyListed: 1 });
    expect(await importCalls(sql, c, list)).toEqual({ ok: true, added: 0, alreadyListed: 4 });
    expect(await importCalls(sql, c, [row('+79030000004', 'buy'), row('+79030000002')])).toEqual({ ok: true, added: 1, alreadyListed: 1 });
    // The queue keeps the lists' order among equals; each office sees only its own clients.
    expect(await phoneIds(c)).toEqual([
      ['+79030000001', 'pending'],
      ['+79030000002', 'pending'],
      ['+79030000003', 'pending'],
      ['+79030000004', 'pending'],
    ]);
    expect((await callQueue(sql, c, SHARYA, 0)).map((call) => [call.phone, call.officeId, call.serviceDate, call.attempts, call.callBackAt, call.updatedBy])).toEqual([
      ['+79030000001', 'sharya', '2026-12-01', 0, null, null],
      ['+79030000003', 'sharya', '2026-12-01', 0, null, null],
    ]);
    // The same number in another campaign is another call.
    const other = await newCampaign('Другая', 10_001);
    expect(await importCalls(sql, other, [row('+79030000001')])).toEqual({ ok: true, added: 1, alreadyListed: 0 });
    expect(await importCalls(sql, '00000000-0000-4000-8000-000000000000', [row('+79030000001')])).toEqual({ ok: false, reason: 'not-found' });
    expect((await readCampaign(sql, c, ALL))?.total).toBe(4);
    expect((await readCampaign(sql, c, SHARYA))?.counts.pending).toBe(2);
  });

  it('imports a long list in one go, every number or none', async () => {
    const c = await newCampaign('Длинный список', 11_000);
    const list = Array.from({ length: 1_203 }, (_, i) => row(`+7903${String(i).padStart(7, '0')}`, i % 2 === 0 ? 'sharya' : 'buy'));
    expect(await importCalls(sql, c, list)).toEqual({ ok: true, added: 1_203, alreadyListed: 0 });
    expect((await callQueue(sql, c, ALL, 0)).map((call) => call.phone)).toEqual(list.map((r) => r.phone));
    // A row the table refuses (no service date: NOT NULL) rolls the whole list back, the chunks before it too.
    const broken = [...Array.from({ length: 600 }, (_, i) => row(`+7904${String(i).padStart(7, '0')}`)), { ...row('+79050000000'), serviceDate: null as unknown as string }];
    await expect(importCalls(sql, c, broken)).rejects.toThrow();
    expect((await readCampaign(sql, c, ALL))?.total).toBe(1_203);
  });

  it('puts the calls to make first: call-backs due, then not yet called, then no answer and later call-backs, then the rest', async () => {
    const c = await newCampaign('Очередь', 20_000);
    await importCalls(sql, c, ['01', '02', '03', '04', '05', '06'].map((n) => row(`+790300000${n}`)));
    const ids = (await callQueue(sql, c, ALL, 0)).map((call) => call.id);
    const { ingest } = fakeIngest();
    const at = (i: number) => ({ campaignId: c, callId: ids[i]! });
    const who = { login: 'operator', scope: ALL };
    await recordOutcome(sql, ingest, at(0), { status: 'answered', answers: ANSWERS, comment: null }, who, 30_000);
    await recordOutcome(sql, ingest, at(1), { status: 'call-back', callBackAt: new Date(50_000).toISOString() }, who, 30_000);
    await recordOutcome(sql, ingest, at(2), { status: 'no-answer' }, who, 30_000);
    await recordOutcome(sql, ingest, at(3), { status: 'call-back', callBackAt: new Date(40_000).toISOString() }, who, 30_000);
    await recordOutcome(sql, ingest, at(4), { status: 'refused' }, who, 30_000);

    expect(await phoneIds(c, ALL, 45_000)).toEqual([
      ['+79030000004', 'call-back'],
      ['+79030000006', 'pending'],
      ['+79030000002', 'call-back'],
      ['+79030000003', 'no-answer'],
      ['+79030000001', 'answered'],
      ['+79030000005', 'refused'],
    ]);
    expect(await phoneIds(c, ALL, 60_000)).toEqual([
      ['+79030000002', 'call-back'],
      ['+79030000004', 'call-back'],
      ['+79030000006', 'pending'],
      ['+79030000003', 'no-answer'],
      ['+79030000001', 'answered'],
      ['+79030000005', 'refused'],
    ]);
    const queue = await callQueue(sql, c, ALL, 0);
    expect(queue.find((call) => call.id === ids[3])).toMatchObject({ attempts: 1, callBackAt: new Date(40_000).toISOString(), updatedBy: 'operator' });
    expect((await readCampaign(sql, c, ALL))?.counts).toEqual({ pending: 1, answered: 1, refused: 1, 'no-answer': 1, 'call-back': 2 });
  });

  it('an answered call stores its answer once, through the ingest, and counts its attempts', async () => {
    const c = await newCampaign('Ответы', 30_000);
    await importCalls(sql, c, [row('+79030000001'), row('+79030000002', 'buy')]);
    const [sharya, buy] = await callQueue(sql, c, ALL, 0);
    const { ingest, taken } = fakeIngest();
    const clerk = { login: 'clerk', scope: SHARYA };

    expect(await recordOutcome(sql, ingest, { campaignId: c, callId: sharya!.id }, { status: 'no-answer' }, clerk, 31_000)).toEqual({ ok: true, responseId: null, stored: [] });
    const answered = await recordOutcome(sql, ingest, { campaignId: c, callId: sharya!.id }, { status: 'answered', answers: ANSWERS, comment: 'Спасибо' }, clerk, 32_000);
    expect(answered).toMatchObject({ ok: true, responseId: expect.any(String) });
    expect(taken).toHaveLength(1);
    expect(taken[0]!.sender).toEqual({ kind: 'phone-operator', officeId: 'sharya', login: 'clerk' });
    expect(taken[0]!.records[0]).toMatchObject({ kind: 'response', id: answered.ok ? answered.responseId : '', officeId: 'sharya', deviceId: 'phone-operator', bornAt: new Date(32_000).toISOString(), channel: 'phone-call', answers: ANSWERS, comment: 'Спасибо', complete: true });
    expect((await callQueue(sql, c, SHARYA, 0))[0]).toMatchObject({ status: 'answered', attempts: 2, updatedBy: 'clerk' });

    // Not twice; not a call of another office (as if it did not exist), nor of another campaign.
    expect(await recordOutcome(sql, ingest, { campaignId: c, callId: sharya!.id }, { status: 'refused' }, clerk, 33_000)).toEqual({ ok: false, reason: 'already-answered' });
    expect(await recordOutcome(sql, ingest, { campaignId: c, callId: buy!.id }, { status: 'refused' }, clerk, 33_000)).toEqual({ ok: false, reason: 'not-found' });
    const other = await newCampaign('Чужая', 30_001);
    expect(await recordOutcome(sql, ingest, { campaignId: other, callId: sharya!.id }, { status: 'refused' }, clerk, 33_000)).toEqual({ ok: false, reason: 'not-found' });
    expect(await recordOutcome(sql, ingest, { campaignId: c, callId: 987_654 }, { status: 'refused' }, clerk, 33_000)).toEqual({ ok: false, reason: 'not-found' });
    expect(taken).toHaveLength(1);
    expect((await callQueue(sql, c, ALL, 0)).find((call) => call.id === buy!.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('an answer the ingest refuses, or a failing ingest, leaves the call as it was', async () => {
    const c = await newCampaign('Отказы', 40_000);
    await importCalls(sql, c, [row('+79030000001')]);
    const [call] = await callQueue(sql, c, ALL, 0);
    const fake = fakeIngest({ mode: 'refuse' });
    const answered = { status: 'answered' as const, answers: ANSWERS, comment: null };
    expect(await recordOutcome(sql, fake.ingest, { campaignId: c, callId: call!.id }, answered, { login: 'cx', scope: ALL }, 41_000)).toEqual({ ok: false, reason: 'invalid', detail: 'оценка вне шкалы' });
    fake.behaviour.mode = 'fail';
    await expect(recordOutcome(sql, fake.ingest, { campaignId: c, callId: call!.id }, answered, { login: 'cx', scope: ALL }, 41_000)).rejects.toThrow('диск полон');
    expect((await callQueue(sql, c, ALL, 0))[0]).toMatchObject({ status: 'pending', attempts: 0, updatedBy: null });
    // An outcome the table does not know is refused by its CHECK, and changes nothing.
    await expect(recordOutcome(sql, fake.ingest, { campaignId: c, callId: call!.id }, { status: 'lost' } as unknown as { status: 'refused' }, { login: 'cx', scope: ALL }, 41_000)).rejects.toThrow();
    expect((await callQueue(sql, c, ALL, 0))[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('closing deletes every number once; a closed campaign takes no list and no outcome', async () => {
    const c = await newCampaign('Закрытие', 50_000);
    await importCalls(sql, c, [row('+79030000001'), row('+79030000002', 'buy'), row('+79030000003')]);
    const [first, second] = await callQueue(sql, c, ALL, 0);
    const { ingest } = fakeIngest();
    await recordOutcome(sql, ingest, { campaignId: c, callId: first!.id }, { status: 'answered', answers: ANSWERS, comment: null }, { login: 'cx', scope: ALL }, 51_000);

    expect(await closeCampaign(sql, c, 52_000)).toEqual({ ok: true, deleted: 3 });
    expect((await callQueue(sql, c, ALL, 0)).map((call) => [call.phone, call.status])).toEqual([
      [null, 'pending'],
      [null, 'pending'],
      [null, 'answered'],
    ]);
    expect(await readCampaign(sql, c, ALL)).toMatchObject({ closedAt: new Date(52_000).toISOString(), total: 3, counts: { answered: 1, pending: 2 } });
    expect(await closeCampaign(sql, c, 53_000)).toEqual({ ok: false, reason: 'closed' });
    expect(await closeCampaign(sql, '00000000-0000-4000-8000-000000000000', 53_000)).toEqual({ ok: false, reason: 'not-found' });
    expect(await importCalls(sql, c, [row('+79030000009')])).toEqual({ ok: false, reason: 'closed' });
    expect(await recordOutcome(sql, ingest, { campaignId: c, callId: second!.id }, { status: 'refused' }, { login: 'cx', scope: ALL }, 53_000)).toEqual({ ok: false, reason: 'closed' });
    expect((await readCampaign(sql, c, ALL))?.total).toBe(3);
  });

  it('the tables refuse a call of no campaign and a status they do not know', async () => {
    const c = await newCampaign('Ограничения', 60_000);
    const call = (over: Partial<Insertable<PhoneCallTable>>): Insertable<PhoneCallTable> => ({ campaign_id: c, office_id: 'sharya', phone: '+79030000001', service_date: '2026-12-01', call_back_at: null, updated_at: null, updated_by: null, response_id: null, ...over });
    await expect(sql.db.insertInto('phone_call').values(call({ campaign_id: 'нет такой' })).execute()).rejects.toThrow();
    await expect(sql.db.insertInto('phone_call').values(call({ status: 'lost' as 'pending' })).execute()).rejects.toThrow();
    await expect(sql.db.insertInto('phone_call').values(call({ service_date: null as unknown as string })).execute()).rejects.toThrow();
    expect((await readCampaign(sql, c, ALL))?.total).toBe(0);
  });
});

describe('the phone survey store on the hub’s SQLite, with the real ingest', () => {
  it('an answer and its call commit together: a call that cannot be marked leaves no answer behind', async () => {
    const { db } = openDatabase(path.join(makeTempDir('phone-store-'), 'hub.sqlite'));
    seedOfficesOnSqlite(db);
    const sql = sqlOverSqlite(db);
    try {
      const ingest = sqliteIngestInto(createIngest(db, { surveys: NO_SURVEY_VERSIONS, clock: () => 70_000, forward: false }));
      const c = await createCampaign(sql, { title: 'Вместе', script: '' }, 'cx', 70_000);
      await importCalls(sql, c, [row('+79030000001'), row('+79030000002')]);
      const [first, second] = await callQueue(sql, c, ALL, 0);
      const answered = { status: 'answered' as const, answers: ANSWERS, comment: null };
      const done = await recordOutcome(sql, ingest, { campaignId: c, callId: first!.id }, answered, { login: 'cx', scope: ALL }, 71_000);
      expect(db.prepare('SELECT id, channel FROM response').all()).toEqual([{ id: done.ok ? done.responseId : null, channel: 'phone-call' }]);

      db.exec(`CREATE TRIGGER phone_call_stuck BEFORE UPDATE ON phone_call WHEN NEW.id = ${second!.id} BEGIN SELECT RAISE(ABORT, 'stuck'); END`);
      await expect(recordOutcome(sql, ingest, { campaignId: c, callId: second!.id }, answered, { login: 'cx', scope: ALL }, 72_000)).rejects.toThrow('stuck');
      expect(db.prepare('SELECT count(*) FROM response').pluck().get()).toBe(1);
      expect((await callQueue(sql, c, ALL, 0)).map((call) => call.status)).toEqual(['pending', 'answered']);
    } finally {
      await sql.close();
      db.close();
    }
  });
});
