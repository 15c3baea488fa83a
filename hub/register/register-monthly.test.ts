import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEntryBody } from '../../shared/api/register.ts';
import { REGISTER_CHANNEL_LABEL } from '../../shared/register-words.ts';
import type { RunningHub } from '../server.ts';
import { startFixtureHub } from '../../test/support/fixture-hub.ts';
import { parseCsv, readXlsx } from '../../test/support/report-files.ts';
import { staffSession, type StaffSession } from '../../test/support/staff-session.ts';
import { createLogger } from '../../shared/logger.ts';
import { startSmtpInbox } from '../../test/support/smtp-inbox.ts';
import { createMailer } from '../mail/mailer.ts';
import { reportsDirOf } from '../reports/archive-run.ts';
import { startReportScheduler } from '../reports/report-scheduler.ts';
import { REGION } from '../reports/scope.ts';
import { registerMonthArchiveTable, type RegisterMonthReport } from './register-monthly.ts';

/**
 * The monthly short analytical report per channel on a real central: figures by office, tone and
 * topic, answers on time and late, the average days to answer, February beside March; the XLSX
 * and CSV read back hold the JSON's figures.
 */
let hub: RunningHub;
let cx: StaffSession;
let now = Date.parse('2026-02-02T09:00:00.000Z');

const book = (officeId: string, receivedOn: string, tone: NewEntryBody['tone'], topics: string[], answerOwed: boolean): NewEntryBody => ({
  officeId,
  receivedOn,
  details: { channel: 'book-of-reviews' },
  summary: 'Запись в книге',
  tone,
  topics,
  author: answerOwed ? { name: null, address: 'г. Шарья', contacts: null } : null,
  answerOwed,
});

async function open(body: NewEntryBody): Promise<string> {
  const res = await cx.fetch('/api/register', { method: 'POST', body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
async function answer(id: string, on: string): Promise<void> {
  const res = await cx.fetch(`/api/register/${id}/steps`, { method: 'POST', body: JSON.stringify({ step: 'answered', on, summary: 'Ответ' }) });
  if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  ({ hub, analyst: cx } = await startFixtureHub({ fixture: false, clock: () => now }));
  // February: one book entry owed an answer, answered on time in 2 days.
  const february = await open(book('sharya', '2026-02-02', 'negative', ['queue'], true));
  now = Date.parse('2026-03-20T09:00:00.000Z');
  cx = await staffSession(hub, 'analyst', [{ role: 'cx' }]);
  await answer(february, '2026-02-04');
  // March: answered on time (3 days), answered late (due 10 March, answered the 16th), overdue, and one with no term.
  await answer(await open(book('sharya', '2026-03-02', 'negative', ['queue', 'staff-conduct'], true)), '2026-03-05');
  await answer(await open(book('buy', '2026-03-03', 'negative', ['queue'], true)), '2026-03-16');
  await open(book('buy', '2026-03-04', 'suggestion', [], true));
  await open(book('buy', '2026-03-05', 'positive', [], false));
  await open({ officeId: 'sharya', receivedOn: '2026-03-06', details: { channel: 'open-resource', link: 'https://2gis.ru/kostroma/firm/1', platform: '2ГИС' }, summary: 'Отзыв', tone: 'positive', author: null, answerOwed: false });
});
afterAll(async () => hub.close());

describe('the monthly report per channel', () => {
  it('counts by office, tone and topic, answers on time and late, the average days, with the month before', async () => {
    const res = await cx.fetch('/api/register-report/2026-03');
    expect(res.status).toBe(200);
    const report = (await res.json()) as RegisterMonthReport;
    expect(report).toMatchObject({ month: '2026-03', previousMonth: '2026-02', today: '2026-03-20' });
    expect(report.channels.map((c) => c.channel)).toEqual(['book-of-reviews', 'open-resource']);
    const books = report.channels[0]!;
    expect(books.month).toEqual({
      total: 4,
      byOffice: { sharya: 1, buy: 3 },
      byTone: { negative: 2, suggestion: 1, positive: 1 },
      byTopic: { queue: 2, 'staff-conduct': 1 },
      answers: { onTime: 1, late: 1, overdue: 1, pending: 0, noTerm: 1 },
      averageDaysToAnswer: 8,
    });
    expect(books.previous).toMatchObject({ total: 1, answers: { onTime: 1, late: 0, overdue: 0, pending: 0, noTerm: 0 }, averageDaysToAnswer: 2 });
    expect(report.channels[1]!.month).toMatchObject({ total: 1, answers: { noTerm: 1 }, averageDaysToAnswer: null });
    expect((await cx.fetch('/api/register-report/2026-W10')).status).toBe(400);
    expect((await cx.fetch('/api/register-report/2026-13')).status).toBe(400);
  });

  it('the XLSX and the CSV read back hold the API\'s figures', async () => {
    const report = (await (await cx.fetch('/api/register-report/2026-03')).json()) as RegisterMonthReport;
    const xlsx = await readXlsx(await cx.fetch('/api/register-report/2026-03.xlsx'));
    const csv = parseCsv(await (await cx.fetch('/api/register-report/2026-03.csv')).text());
    expect(xlsx[0]).toEqual(['Канал', 'Раздел', 'Показатель', '2026-03', '2026-02']);
    expect(csv).toEqual(xlsx.map((row) => row.map((cell) => cell.replace('.', ','))));
    const label = REGISTER_CHANNEL_LABEL['book-of-reviews'];
    const find = (section: string, name: string) => xlsx.find((r) => r[0] === label && r[1] === section && r[2] === name)!.slice(3);
    const b = report.channels[0]!;
    expect(find('Всего', 'записей за месяц')).toEqual([String(b.month.total), String(b.previous.total)]);
    expect(find('Ответы', 'даны в срок')).toEqual([String(b.month.answers.onTime), String(b.previous.answers.onTime)]);
    expect(find('Ответы', 'даны с опозданием')).toEqual([String(b.month.answers.late), String(b.previous.answers.late)]);
    expect(find('Ответы', 'среднее время ответа, дней')).toEqual(['8,0', '2,0']);
    expect(find('Тон', 'предложение')).toEqual(['1', '0']);
    expect(find('Тема', 'Очередь, время ожидания')).toEqual(['2', '1']);
    expect(xlsx.filter((r) => r[0] === label && r[1] === 'Отдел').map((r) => r.slice(3))).toHaveLength(2);
  });

  it('gives an office head only his office', async () => {
    const head = await staffSession(hub, 'head-buy', [{ role: 'office-head', officeId: 'buy' }]);
    const report = (await (await head.fetch('/api/register-report/2026-03')).json()) as RegisterMonthReport;
    expect(report.channels.map((c) => [c.channel, c.month.byOffice])).toEqual([['book-of-reviews', { buy: 3 }]]);
  });

  it('is archived and mailed by the central on the 1st, and the archived file holds the API\'s figures', async () => {
    const inbox = await startSmtpInbox();
    const mailer = createMailer({ host: '127.0.0.1', port: inbox.port, secure: false, user: null, pass: null, from: 'reports@czn.test' });
    const ctx = hub.ctx;
    const april1st = Date.parse('2026-04-01T03:00:00.000Z'); // 06:00 Moscow
    const scheduler = startReportScheduler({
      sql: ctx.sql, records: ctx.records, offices: ctx.offices, reportsDir: reportsDirOf(ctx.config.dataDir), scope: REGION, logger: createLogger('t', { level: 'silent', pretty: false }),
      mailer, recipients: ['cx@czn.test'], clock: () => april1st, enabled: false, moreTables: { 'register-monthly': registerMonthArchiveTable(ctx.sql, ctx.offices) },
    });
    try {
      const archived = await scheduler.runDue();
      expect(archived.map((a) => `${a.kind}:${a.periodKey}:${a.mailStatus}`)).toContain('register-monthly:2026-03:sent');
      expect(await scheduler.runDue()).toEqual([]);
      const mail = inbox.received.find((m) => m.raw.includes('register-monthly-2026-03.xlsx'));
      expect(mail?.to).toEqual(['cx@czn.test']);

      // The CX sector finds it in the archive and its CSV holds what the API's CSV holds; an office head does not see it.
      const list = (await (await cx.fetch('/api/reports')).json()) as { reports: { id: number; kind: string; periodKey: string; csvUrl: string }[] };
      const entry = list.reports.find((r) => r.kind === 'register-monthly' && r.periodKey === '2026-03')!;
      const archivedCsv = parseCsv(await (await cx.fetch(entry.csvUrl)).text());
      const liveCsv = parseCsv(await (await cx.fetch('/api/register-report/2026-03.csv')).text());
      // The title line names when each was made; the table itself is the same.
      expect(archivedCsv.slice(2)).toEqual(liveCsv.slice(2));
      const head = await staffSession(hub, 'head-sharya', [{ role: 'office-head', officeId: 'sharya' }]);
      const theirs = (await (await head.fetch('/api/reports')).json()) as { reports: { kind: string }[] };
      expect(theirs.reports.some((r) => r.kind === 'register-monthly')).toBe(false);
      expect((await head.fetch(`/api/reports/archive/${entry.id}/csv`)).status).toBe(404);
    } finally {
      await scheduler.stop();
      mailer.close();
      await inbox.close();
    }
  });
});
