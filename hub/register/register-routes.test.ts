import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import type { NewEntryBody, RegisterAuthorResponse, RegisterEntryResponse, RegisterListResponse, RegisterRefusal, RegisterSavedResponse } from '../../shared/api/register.ts';
import type { RunningHub } from '../server.ts';
import { startFixtureHub } from '../../test/support/fixture-hub.ts';
import { staffSession, type StaffSession } from '../../test/support/staff-session.ts';
import { listAudit } from '../staff/audit.ts';

/** The register's staff API on a real central (127.0.0.1, real SQLite), with its clock held in the test's hand. */
let hub: RunningHub;
let cx: StaffSession;
const now = Date.parse('2026-03-02T09:00:00.000Z'); // Monday 2 March 2026, 12:00 in Moscow
const AUTHOR = { name: 'Петров Пётр Петрович', address: 'г. Шарья, ул. Ленина, 1', contacts: '+7 900 000-00-00' };

beforeAll(async () => {
  ({ hub, analyst: cx } = await startFixtureHub({ fixture: false, clock: () => now }));
});
afterAll(async () => hub.close());

const post = async <T>(session: StaffSession, path: string, body: unknown): Promise<{ status: number; body: T }> => {
  const res = await session.fetch(path, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
};
const get = async <T>(session: StaffSession, path: string): Promise<{ status: number; body: T }> => {
  const res = await session.fetch(path);
  return { status: res.status, body: (await res.json()) as T };
};
const countEvents = (): number => hub.ctx.db.prepare('SELECT count(*) FROM register_event').pluck().get() as number;

const appeal = (fields: Partial<NewEntryBody> = {}): NewEntryBody => ({
  officeId: 'sharya',
  receivedOn: '2026-03-02',
  details: { channel: 'written-appeal', incomingNumber: 'вх-17' },
  summary: 'Прошу разъяснить порядок выплаты пособия',
  tone: 'neutral',
  topics: ['benefits'],
  author: AUTHOR,
  answerOwed: true,
  ...fields,
});

describe('register API', () => {
  let appealId = '';

  it('opens a written appeal once, however often the form is sent; another body under its id is a conflict', async () => {
    const id = newRecordId();
    const first = await post<RegisterSavedResponse>(cx, '/api/register', { ...appeal(), id });
    expect(first).toMatchObject({ status: 201, body: { ok: true, id, entryId: id, status: 'stored' } });
    const again = await post<RegisterSavedResponse>(cx, '/api/register', { ...appeal(), id });
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    const other = await post<RegisterRefusal>(cx, '/api/register', { ...appeal({ summary: 'другое' }), id });
    expect(other.status).toBe(409);
    expect(countEvents()).toBe(1);
    appealId = id;
  });

  it('shows the due dates: registration within 3 days of receipt, then the answer within 30 of registration', async () => {
    const detail = await get<RegisterEntryResponse>(cx, `/api/register/${appealId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.entry.status).toBe('new');
    expect(detail.body.dues).toEqual([{ what: 'register', due: '2026-03-05', doneOn: null, state: 'open' }]);
    expect(detail.body.nextSteps).toEqual(['registered', 'measures', 'answered', 'reclassified', 'closed']);
    expect(detail.body.mayAuthor).toBe(true);
    expect(JSON.stringify(detail.body)).not.toContain('Петров');

    expect((await post<RegisterSavedResponse>(cx, `/api/register/${appealId}/steps`, { step: 'registered', registeredOn: '2026-03-02', number: '17-о' })).status).toBe(201);
    const registered = await get<RegisterEntryResponse>(cx, `/api/register/${appealId}`);
    expect(registered.body.entry.status).toBe('registered');
    expect(registered.body.dues.map((d) => [d.what, d.due, d.state])).toEqual([
      ['register', '2026-03-05', 'met'],
      ['answer', '2026-04-01', 'open'],
    ]);
  });

  it('refuses impossible steps in Russian and changes nothing', async () => {
    const before = countEvents();
    const twice = await post<RegisterRefusal>(cx, `/api/register/${appealId}/steps`, { step: 'registered', registeredOn: '2026-03-02', number: '18' });
    expect(twice).toMatchObject({ status: 409, body: { error: 'step', reason: 'обращение уже зарегистрировано' } });
    expect((await post(cx, `/api/register/${appealId}/steps`, { step: 'extended', decidedOn: '2026-03-02', days: 30, noticeSentOn: '2026-03-02' })).status).toBe(201);
    const second = await post<RegisterRefusal>(cx, `/api/register/${appealId}/steps`, { step: 'extended', decidedOn: '2026-03-02', days: 10, noticeSentOn: '2026-03-02' });
    expect(second.status).toBe(409);
    expect(second.body.reason).toContain('только один раз');
    const future = await post<RegisterRefusal>(cx, `/api/register/${appealId}/steps`, { step: 'answered', on: '2026-03-09', summary: 'Ответ' });
    expect(future.status).toBe(400);
    expect(future.body.fields.on).toContain('ещё не наступила');
    const tooLong = await post<RegisterRefusal>(cx, `/api/register/${appealId}/steps`, { step: 'extended', decidedOn: '2026-03-02', days: 45, noticeSentOn: '2026-03-02' });
    expect(tooLong.status).toBe(400);
    expect(Object.keys(tooLong.body.fields)).toContain('days');
    expect(countEvents()).toBe(before + 1);
  });

  it('refuses appeal-only steps on a book entry, and a form with a wrong field names it', async () => {
    const book = await post<RegisterSavedResponse>(cx, '/api/register', {
      officeId: 'sharya',
      receivedOn: '2026-02-20',
      details: { channel: 'book-of-reviews' },
      summary: 'Очень вежливый специалист в окне 3',
      tone: 'positive',
      author: null,
      answerOwed: false,
    });
    expect(book.status).toBe(201);
    const step = await post<RegisterRefusal>(cx, `/api/register/${book.body.id}/steps`, { step: 'registered', registeredOn: '2026-02-21', number: '1' });
    expect(step).toMatchObject({ status: 409, body: { reason: 'этот шаг только для письменных обращений (59-ФЗ)' } });
    const bad = await post<RegisterRefusal>(cx, '/api/register', { ...appeal(), receivedOn: '2026-02-30', summary: '' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields)).toEqual(expect.arrayContaining(['receivedOn']));
  });

  it('lists entries with filters and due states; the author never appears in a list', async () => {
    const hotline = await post<RegisterSavedResponse>(cx, '/api/register', {
      officeId: 'buy',
      receivedOn: '2026-03-02',
      details: { channel: 'hotline', calledAt: '2026-03-02T07:15:00.000Z', callbackDue: true },
      summary: 'Жалоба на очередь',
      tone: 'negative',
      author: { name: 'Сидорова', address: null, contacts: '+7 900 111-11-11' },
      answerOwed: true,
    });
    expect(hotline.status).toBe(201);
    const all = await get<RegisterListResponse>(cx, '/api/register');
    expect(all.body.total).toBe(3);
    expect(JSON.stringify(all.body)).not.toMatch(/Петров|Сидорова|Ленина|\+7 900/);
    const appeals = await get<RegisterListResponse>(cx, '/api/register?channel=written-appeal');
    expect(appeals.body.rows.map((r) => r.id)).toEqual([appealId]);
    expect((await get<RegisterListResponse>(cx, '/api/register?office=buy&tone=negative')).body.rows).toHaveLength(1);
    expect((await get<RegisterListResponse>(cx, '/api/register?from=2026-03-01&to=2026-03-31')).body.total).toBe(2);
    expect((await get<RegisterRefusal>(cx, '/api/register?channel=fax')).status).toBe(400);

    // A book entry whose author left an address: its five days run out and it is overdue.
    await post(cx, '/api/register', { officeId: 'sharya', receivedOn: '2026-02-20', details: { channel: 'book-of-reviews' }, summary: 'Прошу ответить', tone: 'negative', author: { name: null, address: 'г. Шарья', contacts: null }, answerOwed: true });
    const overdue = await get<RegisterListResponse>(cx, '/api/register?due=overdue');
    expect(overdue.body.rows.map((r) => [r.channel, r.openDue?.state])).toEqual([['book-of-reviews', 'overdue']]);
  });

  it('searches the words of entries: any part of a word, any case, ё as е, measures included; short words refused', async () => {
    const found = async (q: string) => (await get<RegisterListResponse>(cx, `/api/register?q=${encodeURIComponent(q)}`)).body.rows.map((r) => r.summary);
    expect(await found('очеред')).toEqual(['Жалоба на очередь']);
    expect(await found('ЖАЛОБА НА')).toEqual(['Жалоба на очередь']);
    expect(await found('пособие')).toEqual([]);
    expect(await found('пособия')).toEqual(['Прошу разъяснить порядок выплаты пособия']);
    const target = (await get<RegisterListResponse>(cx, '/api/register?q=очеред')).body.rows[0]!;
    expect((await post(cx, `/api/register/${target.id}/steps`, { step: 'measures', text: 'Открыто ещё одно окно приёма, введена ёлочная запись' })).status).toBe(201);
    expect(await found('елочн')).toEqual(['Жалоба на очередь']);
    expect(await found('окно при')).toEqual(['Жалоба на очередь']);
    const short = await get<RegisterRefusal>(cx, '/api/register?q=ок');
    expect(short.status).toBe(400);
    expect(short.body.fields).toMatchObject({ q: 'поиск: не короче трёх букв' });
    expect(await found('"; DROP TABLE register_entry; --')).toEqual([]);
  });

  it('shows the author only to the office concerned, the CX sector and the admin, and audits every view', async () => {
    const head = await staffSession(hub, 'head-sharya', [{ role: 'office-head', officeId: 'sharya' }]);
    const otherHead = await staffSession(hub, 'head-buy', [{ role: 'office-head', officeId: 'buy' }]);
    const director = await staffSession(hub, 'director', [{ role: 'director' }]);
    const info = await staffSession(hub, 'info', [{ role: 'info' }]);

    const shown = await get<RegisterAuthorResponse>(head, `/api/register/${appealId}/author`);
    expect(shown).toMatchObject({ status: 200, body: { author: AUTHOR } });
    const views = await listAudit(hub.ctx.sql, { limit: 10, actionPrefix: 'register.' });
    expect(views[0]).toMatchObject({ actor: 'head-sharya', action: 'register.author-view', target: appealId });

    expect((await get(otherHead, `/api/register/${appealId}`)).status).toBe(404);
    expect((await get<RegisterListResponse>(otherHead, '/api/register')).body.rows.every((r) => r.officeId === 'buy')).toBe(true);
    expect((await get(director, `/api/register/${appealId}/author`)).status).toBe(403);
    expect((await get<RegisterEntryResponse>(director, `/api/register/${appealId}`)).body).toMatchObject({ mayAuthor: false, nextSteps: [] });
    expect((await get(info, `/api/register/${appealId}/author`)).status).toBe(403);
    expect(await listAudit(hub.ctx.sql, { limit: 10, actionPrefix: 'register.' })).toHaveLength(1);
  });

  it('takes polls and open resources from the information sector, and refuses them to an office', async () => {
    const info = await staffSession(hub, 'info', [{ role: 'info' }]);
    const head = await staffSession(hub, 'head-sharya', [{ role: 'office-head', officeId: 'sharya' }]);
    const review = { officeId: 'sharya', receivedOn: '2026-03-01', details: { channel: 'open-resource', link: 'https://yandex.ru/maps/org/1/reviews', platform: 'Яндекс Карты' }, summary: 'Долгая очередь', tone: 'negative', author: null, answerOwed: false };
    const saved = await post<RegisterSavedResponse>(info, '/api/register', review);
    expect(saved.status).toBe(201);
    const before = countEvents();
    const refused = await post<RegisterRefusal>(head, '/api/register', review);
    expect(refused).toMatchObject({ status: 403, body: { error: 'forbidden-channel' } });
    expect(refused.body.fields['details.channel']).toContain('сектор информационного сопровождения');
    expect((await post<RegisterRefusal>(info, '/api/register', appeal())).status).toBe(403);
    const badLink = await post<RegisterRefusal>(info, '/api/register', { ...review, details: { ...review.details, link: 'не ссылка' } });
    expect(badLink.status).toBe(400);
    expect(Object.keys(badLink.body.fields)).toContain('details.link');
    expect(countEvents()).toBe(before);

    // The office head records measures on a review of his office; the press service posts the answer.
    expect((await post(head, `/api/register/${saved.body.id}/steps`, { step: 'measures', text: 'Открыто второе окно' })).status).toBe(201);
    expect((await post(info, `/api/register/${saved.body.id}/steps`, { step: 'answered', on: '2026-03-02', summary: 'Ответ размещён' })).status).toBe(201);
    expect((await get<RegisterEntryResponse>(info, `/api/register/${appealId}`)).body.nextSteps).toEqual([]);
    expect((await post<RegisterRefusal>(info, `/api/register/${appealId}/steps`, { step: 'measures', text: 'x' })).status).toBe(403);
  });

  it('refuses a write without the CSRF token', async () => {
    const res = await fetch(`${hub.url}/api/register`, { method: 'POST', headers: { cookie: cx.cookie, 'content-type': 'application/json' }, body: JSON.stringify(appeal()) });
    expect(res.status).toBe(403);
  });
});
