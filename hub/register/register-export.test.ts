import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEntryBody, RegisterListResponse } from '../../shared/api/register.ts';
import { REGISTER_CHANNEL_LABEL, TONE_LABEL } from '../../shared/register-words.ts';
import { REGISTER_STATUS_LABEL } from '../../shared/register-words.ts';
import type { RunningHub } from '../server.ts';
import { startFixtureHub } from '../../test/support/fixture-hub.ts';
import { staffSession, type StaffSession } from '../../test/support/staff-session.ts';
import { parseCsv, readXlsx } from '../../test/support/report-files.ts';
import { listAudit } from '../staff/audit.ts';
import { dayText } from './register-export.ts';

/**
 * The register's XLSX and CSV on a real central: read back, they hold the rows the API lists for
 * the same filter, in the same order; the authors' columns come only on request, only to those
 * who may see them, and every export is in the audit log.
 */
let hub: RunningHub;
let cx: StaffSession;
const now = Date.parse('2026-03-10T09:00:00.000Z');

beforeAll(async () => {
  ({ hub, analyst: cx } = await startFixtureHub({ fixture: false, clock: () => now }));
  const entries: NewEntryBody[] = [
    { officeId: 'sharya', receivedOn: '2026-03-02', details: { channel: 'written-appeal', incomingNumber: 'вх-1' }, summary: 'Прошу разъяснить; порядок "выплаты"', tone: 'neutral', topics: ['benefits'], author: { name: 'Петров Пётр', address: 'г. Шарья', contacts: null }, answerOwed: true },
    { officeId: 'buy', receivedOn: '2026-03-03', details: { channel: 'book-of-reviews' }, summary: '=HYPERLINK("http://x")', tone: 'negative', topics: [], author: null, answerOwed: false },
    { officeId: 'sharya', receivedOn: '2026-03-04', details: { channel: 'open-resource', link: 'https://2gis.ru/kostroma/firm/1', platform: '2ГИС' }, summary: 'Долгая очередь\nс утра', tone: 'negative', topics: ['queue'], author: null, answerOwed: false },
    { officeId: 'buy', receivedOn: '2026-02-20', details: { channel: 'hotline', calledAt: '2026-02-20T08:00:00.000Z', callbackDue: true }, summary: 'Не дозвонился в отдел', tone: 'negative', topics: [], author: { name: 'Сидорова', address: null, contacts: '+7 900 111-11-11' }, answerOwed: true },
  ];
  for (const e of entries) {
    const res = await cx.fetch('/api/register', { method: 'POST', body: JSON.stringify(e) });
    if (res.status !== 201) throw new Error(`seed: ${res.status} ${await res.text()}`);
  }
});
afterAll(async () => hub.close());

/** What the export must say for each row the API lists (id, day, office, channel, tone, status, summary). */
const expected = (list: RegisterListResponse) => list.rows.map((r) => [r.id, dayText(r.receivedOn), r.officeName, REGISTER_CHANNEL_LABEL[r.channel], TONE_LABEL[r.tone], REGISTER_STATUS_LABEL[r.status]]);
const pick = (rows: string[][]) => rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[4], r[6]]);

describe('register export', () => {
  it('XLSX and CSV of a filter hold the API\'s rows in its order, full summaries included', async () => {
    for (const query of ['', '?tone=negative', '?office=sharya&from=2026-03-01', '?due=overdue']) {
      const list = (await (await cx.fetch(`/api/register${query}`)).json()) as RegisterListResponse;
      const xlsx = await cx.fetch(`/api/register.xlsx${query}`);
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get('content-disposition')).toContain('register-2026-03-10.xlsx');
      const csv = await cx.fetch(`/api/register.csv${query}`);
      const csvRows = parseCsv(await csv.text());
      const xlsxRows = await readXlsx(xlsx);
      expect(pick(xlsxRows)).toEqual(expected(list));
      expect(pick(csvRows)).toEqual(expected(list));
      expect(csvRows[0]).toEqual(xlsxRows[0]);
      expect(csvRows[0]).not.toContain('ФИО автора');
    }
    const all = await readXlsx(await cx.fetch('/api/register.xlsx'));
    const review = all.find((r) => r[3] === REGISTER_CHANNEL_LABEL['open-resource'])!;
    expect(review[7]).toBe('Долгая очередь\nс утра');
    expect(review[14]).toBe('2ГИС: https://2gis.ru/kostroma/firm/1');
    const csvAll = parseCsv(await (await cx.fetch('/api/register.csv')).text());
    // A formula typed as a summary stays text in the CSV.
    expect(csvAll.find((r) => r[3] === REGISTER_CHANNEL_LABEL['book-of-reviews'])![7]).toBe(`'=HYPERLINK("http://x")`);
    expect(csvAll.find((r) => r[3] === REGISTER_CHANNEL_LABEL['written-appeal'])![7]).toBe('Прошу разъяснить; порядок "выплаты"');
    expect(JSON.stringify(all)).not.toMatch(/Петров|Сидорова/);
  });

  it('adds the authors only on request, only for those who may see them, and audits every export', async () => {
    const before = (await listAudit(hub.ctx.sql, { limit: 1000, actionPrefix: 'register.export' })).length;
    const withAuthors = await readXlsx(await cx.fetch('/api/register.xlsx?author=1'));
    expect(withAuthors[0]!.slice(-3)).toEqual(['ФИО автора', 'Адрес автора', 'Контакты автора']);
    expect(withAuthors.find((r) => r[3] === REGISTER_CHANNEL_LABEL['written-appeal'])!.slice(-3)).toEqual(['Петров Пётр', 'г. Шарья', '']);
    const last = (await listAudit(hub.ctx.sql, { limit: 1, actionPrefix: 'register.export' }))[0]!;
    expect(last).toMatchObject({ actor: 'analyst', action: 'register.export', detail: '4 записей, с данными авторов' });

    // An office head sees his office's rows and its authors, never another office's.
    const head = await staffSession(hub, 'head-buy', [{ role: 'office-head', officeId: 'buy' }]);
    const headCsv = parseCsv(await (await head.fetch('/api/register.csv?author=1')).text());
    expect(headCsv.slice(1)).toHaveLength(2);
    expect(headCsv.slice(1).every((r) => r[2]!.includes('Буй'))).toBe(true);
    expect(JSON.stringify(headCsv)).toContain('Сидорова');
    expect(JSON.stringify(headCsv)).not.toContain('Петров');

    const director = await staffSession(hub, 'director', [{ role: 'director' }]);
    expect((await director.fetch('/api/register.csv?author=1')).status).toBe(403);
    const info = await staffSession(hub, 'info', [{ role: 'info' }]);
    expect((await info.fetch('/api/register.xlsx?author=1')).status).toBe(403);
    const plain = await director.fetch('/api/register.csv');
    expect(plain.status).toBe(200);
    expect(await plain.text()).not.toMatch(/Петров|Сидорова|ФИО автора/);
    expect((await director.fetch('/api/register.csv?channel=fax')).status).toBe(400);
    expect((await listAudit(hub.ctx.sql, { limit: 1000, actionPrefix: 'register.export' })).length).toBe(before + 3);
  });
});
