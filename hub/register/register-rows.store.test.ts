import { afterAll, describe, expect, it } from 'vitest';
import type { RegisterEvent } from '../../shared/register.ts';
import { parsePeriodKey } from '../../shared/periods.ts';
import { BOTH_DATABASES, openForSuite } from '../../test/support/both-databases.ts';
import { openedEvent, stepEvent } from '../../test/support/register-events.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { inWorkByAlert, inWorkByResponse, registerEntryExists } from '../db/register-rows.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { registerMonthReport, type RegisterMonthReport } from './register-monthly.ts';
import { exportRegister, listRegister, type RegisterScope } from './register-query.ts';
import { createRegisterStore, type RegisterStore } from './register-store.ts';

/**
 * The register's store, list, search, export and monthly report, the same statements on the hub's
 * SQLite and on the central's PostgreSQL (hub/sql/central-sql.ts): events stored once by id, the
 * fold rebuilt with each, the history in its order whatever the order of arrival, the list's order
 * and filters, the search in any case with ё as е, and the same monthly figures on both.
 */
const NOW = Date.parse('2026-03-10T08:00:00.000Z');
const ALL: RegisterScope = { officeIds: 'all' };
const uuid = (n: number): string => `0195${String(n).padStart(4, '0')}-0000-7000-8000-000000000000`;
const at = (minute: number): string => new Date(Date.parse('2026-03-01T06:00:00.000Z') + minute * 60_000).toISOString();

const opened = (n: number, fields: Record<string, unknown> = {}): RegisterEvent => openedEvent(uuid(n), at(n), fields);
const step = (n: number, entry: RegisterEvent, minute: number, fields: Record<string, unknown>): RegisterEvent => stepEvent(uuid(n), entry, at(minute), fields);

const monthly = new Map<string, RegisterMonthReport>();

afterAll(() => {
  removeTempDirs();
});

describe.each(BOTH_DATABASES)('the register on $name', (database) => {
  let sql!: CentralSql;
  let store!: RegisterStore;
  openForSuite(database, (opened_) => {
    sql = opened_;
    store = createRegisterStore(sql);
  });
  const receive = (events: RegisterEvent[]) => sql.transaction((trx) => store.receive(trx, events, NOW));

  const appeal = opened(1, { summary: 'Долгое ОЖИДАНИЕ в очереди, Ёлка у входа' });
  const book = opened(2, { receivedOn: '2026-03-03', details: { channel: 'book-of-reviews' }, summary: 'Спасибо специалисту', tone: 'positive', author: null, answerOwed: false });
  const kostroma = opened(3, { officeId: 'kostroma', receivedOn: '2026-02-10', summary: 'Холодно в зале, 50% окон открыты', tone: 'negative' });

  it('stores an event once by id: a resend is a duplicate, another body a conflict; an event before its `opened` waits', async () => {
    const registered = step(11, appeal, 20, { step: 'registered', registeredOn: '2026-03-03', number: '5' });
    expect(await receive([registered])).toEqual([{ id: registered.id, status: 'stored' }]);
    expect(await store.entry(appeal.id)).toBeNull();
    expect(await registerEntryExists(sql, appeal.id)).toBe(false);
    expect(await receive([appeal, appeal, { ...appeal, summary: 'иное' } as RegisterEvent])).toEqual([
      { id: appeal.id, status: 'stored' },
      { id: appeal.id, status: 'duplicate' },
      { id: appeal.id, status: 'conflict' },
    ]);
    expect(await registerEntryExists(sql, appeal.id)).toBe(true);
    const view = (await store.entry(appeal.id))!;
    expect(view).toMatchObject({ status: 'registered', registered: { on: '2026-03-03', number: '5' }, openDue: { what: 'answer', due: '2026-04-02', doneOn: null } });
    expect(JSON.stringify(view)).not.toContain('Петров');
    await expect(sql.db.insertInto('register_event').values({ id: appeal.id, entry_id: appeal.id, office_id: 'sharya', step: 'opened', born_at: 1, received_at: 1, body: '{}' }).execute()).rejects.toThrow();
  });

  it('keeps the history in the order the events were born, whatever their order of arrival', async () => {
    const later = step(13, appeal, 40, { step: 'measures', text: 'Добавлен второй специалист на приём' });
    const earlier = step(12, appeal, 30, { step: 'measures', text: 'Проведена беседа' });
    await receive([later, earlier]);
    expect((await store.events(appeal.id)).map((e) => e.id)).toEqual([appeal.id, uuid(11), uuid(12), uuid(13)]);
    expect((await store.events(appeal.id))[0]).toMatchObject({ step: 'opened', receivedAt: new Date(NOW).toISOString(), author: { name: 'Петров' } });
    expect((await store.entry(appeal.id))!.measures.map((m) => m.text)).toEqual(['Проведена беседа', 'Добавлен второй специалист на приём']);
  });

  it('append checks the step against the history: a step that may not follow, an unknown entry, another body under an id', async () => {
    expect(await store.append(book, NOW)).toMatchObject({ ok: true, status: 'stored' });
    expect(await store.append(book, NOW + 1)).toMatchObject({ ok: true, status: 'duplicate', event: { bornAt: book.bornAt } });
    expect(await store.append(step(21, book, 50, { step: 'registered', registeredOn: '2026-03-03', number: '1' }), NOW)).toEqual({ ok: false, error: 'step', reason: 'этот шаг только для письменных обращений (59-ФЗ)' });
    expect(await store.append(step(22, opened(99), 50, { step: 'measures', text: 'x' }), NOW)).toEqual({ ok: false, error: 'not-found', reason: 'нет такой записи реестра' });
    expect(await store.append({ ...book, summary: 'иное' } as RegisterEvent, NOW)).toMatchObject({ ok: false, error: 'conflict' });
    expect(await store.append(step(23, book, 60, { step: 'answered', on: '2026-03-05', summary: 'Передали благодарность; ПРЕМИЯ назначена' }), NOW)).toMatchObject({ ok: true, status: 'stored' });
    expect(await store.append(kostroma, NOW)).toMatchObject({ ok: true });
    expect(await sql.db.selectFrom('register_event').select('id').where('entry_id', 'in', [book.id, uuid(99)]).execute()).toHaveLength(2);
  });

  it('lists newest received first, filtered by scope, channel, office, tone and due state, a page at a time', async () => {
    const ids = async (filter: Record<string, unknown>, scope: RegisterScope = ALL, today = '2026-03-10') =>
      (await listRegister(sql, { page: 1, ...filter } as Parameters<typeof listRegister>[1], scope, today)).rows.map((r) => r.id);
    expect(await ids({})).toEqual([book.id, appeal.id, kostroma.id]);
    expect((await listRegister(sql, { page: 2 }, ALL, '2026-03-10')).total).toBe(3);
    expect(await ids({}, { officeIds: ['sharya'] })).toEqual([book.id, appeal.id]);
    expect(await ids({}, { officeIds: [] })).toEqual([]);
    expect(await ids({}, { officeIds: 'all', hiddenChannels: ['book-of-reviews'] })).toEqual([appeal.id, kostroma.id]);
    expect(await ids({ channel: 'written-appeal', office: 'kostroma' })).toEqual([kostroma.id]);
    expect(await ids({ tone: 'negative' })).toEqual([kostroma.id]);
    expect(await ids({ from: '2026-03-01', to: '2026-03-02' })).toEqual([appeal.id]);
    expect(await ids({ due: 'overdue' }, ALL, '2026-04-03')).toEqual([appeal.id, kostroma.id]);
    expect(await ids({ due: 'soon' }, ALL, '2026-03-31')).toEqual([appeal.id]);
    expect(await ids({ due: 'overdue' })).toEqual([kostroma.id]);
  });

  it('searches what people wrote (summary, measures, answer) in any case, ё as е, % and _ as text', async () => {
    const found = async (q: string) => (await listRegister(sql, { page: 1, q }, ALL, '2026-03-10')).rows.map((r) => r.id);
    expect(await found('очеред')).toEqual([appeal.id]);
    expect(await found('ОЧЕРЕД')).toEqual([appeal.id]);
    expect(await found('ожидание в')).toEqual([appeal.id]);
    expect(await found('елка')).toEqual([appeal.id]);
    expect(await found('ЁЛКА')).toEqual([appeal.id]);
    expect(await found('второй СПЕЦИАЛИСТ')).toEqual([appeal.id]);
    expect(await found('специалист')).toEqual([book.id, appeal.id]);
    expect(await found('премия')).toEqual([book.id]);
    expect(await found('50%')).toEqual([kostroma.id]);
    expect(await found('0%_')).toEqual([]);
    expect(await found('"за')).toEqual([]);
    expect(await found('нет такого')).toEqual([]);
    expect((await listRegister(sql, { page: 1, q: 'специалист', office: 'sharya', tone: 'positive' }, ALL, '2026-03-10')).total).toBe(1);
  });

  it('exports in the list\'s order, with the author only where the reader may see it', async () => {
    const all = await exportRegister(sql, {}, ALL, '2026-03-10', 100, (officeId) => officeId === 'sharya');
    expect(all.total).toBe(3);
    expect(all.entries.map((e) => [e.view.id, e.author?.name ?? null])).toEqual([
      [book.id, null],
      [appeal.id, 'Петров'],
      [kostroma.id, null],
    ]);
    expect(await exportRegister(sql, {}, ALL, '2026-03-10', 2, () => true)).toEqual({ total: 3, entries: [] });
  });

  it('steps of one entry at once, typed here and forwarded: the fold holds every one of them', async () => {
    for (let round = 0; round < 5; round++) {
      const entry = opened(200 + round, { summary: `Одновременно ${round}`, receivedOn: '2025-06-02' });
      await store.append(entry, NOW);
      const typed = [0, 1, 2].map((i) => step(300 + round * 10 + i, entry, 100 + i, { step: 'measures', text: `мера ${round}.${i}` }));
      const forwarded = step(300 + round * 10 + 5, entry, 105, { step: 'measures', text: `мера ${round}.5` });
      await Promise.all([...typed.map((e) => store.append(e, NOW)), receive([forwarded])]);
      const view = await store.entry(entry.id);
      expect(view?.measures.map((m) => m.text).sort()).toEqual([...typed, forwarded].map((e) => (e as { text: string }).text).sort());
    }
  });

  it('finds the entries taken into work by their answer or alert', async () => {
    const fromResponse = opened(30, { details: { channel: 'comment-in-work', responseId: uuid(500), alertId: null }, summary: 'Долго', answerOwed: false, author: null });
    const fromAlert = opened(31, { details: { channel: 'comment-in-work', responseId: null, alertId: 7 }, summary: 'Сигнал', answerOwed: false, author: null });
    await receive([fromResponse, fromAlert]);
    expect(await inWorkByResponse(sql.db, [uuid(500), uuid(501)])).toEqual(new Map([[uuid(500), { entryId: fromResponse.id, status: 'new' }]]));
    expect(await inWorkByAlert(sql.db, [7, 8])).toEqual(new Map([[7, { entryId: fromAlert.id, status: 'new' }]]));
    expect(await inWorkByAlert(sql.db, [])).toEqual(new Map());
  });

  it('gives the monthly report per channel', async () => {
    const month = parsePeriodKey('2026-03');
    if (!month.ok || month.value.kind !== 'month') throw new Error('period');
    const report = await registerMonthReport(sql, month.value, ALL, '2026-03-10');
    monthly.set(database.name, report);
    const written = report.channels.find((c) => c.channel === 'written-appeal')!;
    expect(written.month).toMatchObject({ total: 1, byOffice: { sharya: 1 }, answers: { pending: 1 } });
    expect(written.previous).toMatchObject({ total: 1, byOffice: { kostroma: 1 }, byTone: { negative: 1 }, answers: { noTerm: 1 } });
    const books = report.channels.find((c) => c.channel === 'book-of-reviews')!;
    expect(books.month).toMatchObject({ total: 1, byTone: { positive: 1 }, averageDaysToAnswer: 2 });
    expect((await registerMonthReport(sql, month.value, { officeIds: ['kostroma'] }, '2026-03-10')).channels.map((c) => [c.channel, c.month.total, c.previous.total])).toEqual([['written-appeal', 0, 1]]);
  });
});

describe('the register on both databases', () => {
  it('the same monthly figures on both', () => {
    expect(monthly.size).toBe(2);
    expect(monthly.get('postgres')).toEqual(monthly.get('sqlite'));
  });
});
