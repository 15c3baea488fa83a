import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NegativeFeedback } from '../../shared/api/analysis.ts';
import { parsePeriodKey, type Period } from '../../shared/periods.ts';
import { fixtureDatabase } from '../../test/support/fixture-db.ts';
import { getJson, staffFetch, startFixtureHub } from '../../test/support/fixture-hub.ts';
import { FIXTURE_WEEK, moscowNov } from '../../test/support/known-answer-fixture.ts';
import { staffSession } from '../../test/support/staff-session.ts';
import { REGION } from '../reports/scope.ts';
import { sqliteRecordSource } from '../reports/record-source.ts';
import { readOffices } from '../db/offices.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import type { RunningHub } from '../server.ts';
import { HEADER_ROW } from '../reports/xlsx.ts';
import { negativeFeedback } from './negative-feedback.ts';
import { INTERNAL_MARK } from './negative-table.ts';

/**
 * The negative-feedback monitoring over the known-answer fixture (test/support/known-answer-fixture.ts),
 * every count by hand in the comments.
 */
const period = (key: string): Period => {
  const parsed = parsePeriodKey(key);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

describe('negative feedback, by hand', () => {
  const { db } = fixtureDatabase();
  afterAll(() => db.close());
  let report: NegativeFeedback;
  beforeAll(async () => {
    report = await negativeFeedback(sqlOverSqlite(db), sqliteRecordSource(db), await readOffices(sqlOverSqlite(db)), { period: period(FIXTURE_WEEK), scope: REGION }, moscowNov(30, 12));
  });
  const office = (id: string) => report.offices.find((o) => o.office.id === id)!;

  it('sharya, panel: counted presses 4, 5, 5, 4, 3, 1, 2 — two negative (1–2), four satisfied (4–5), three not', () => {
    const panel = office('sharya').rows.find((r) => r.channel === 'panel')!;
    expect(panel.total).toBe(7);
    expect(panel.negative).toMatchObject({ count: 2, n: 7, small: true });
    expect(panel.negative.value).toBeCloseTo((2 / 7) * 100, 10);
    expect(panel.satisfied).toMatchObject({ count: 4, n: 7 });
    expect(panel.unsatisfied).toMatchObject({ count: 3, n: 7 });
    expect(panel.negative.interval!.low).toBeGreaterThan(0);
    expect(panel.negative.interval!.high).toBeLessThan(100);
  });

  it('sharya, survey: the NPS 6 answer is negative by the CX rule; an answer without question 3 is not rated', () => {
    const rows = new Map(office('sharya').rows.map((r) => [r.channel, r]));
    // kiosk: 5,4,4 nps 9 (fine, satisfied) and 4,4,5 nps 6 (negative by NPS, satisfied by question 3)
    expect(rows.get('kiosk')).toMatchObject({ total: 2, negative: { count: 1, n: 2 }, satisfied: { count: 2, n: 2 }, unsatisfied: { count: 0, n: 2 } });
    // visit-qr: a partial csat1 2: negative, question 3 unanswered
    expect(rows.get('visit-qr')).toMatchObject({ total: 1, negative: { count: 1, n: 1 }, satisfied: { count: 0, n: 0, value: null, interval: null } });
    // email-link: 1,1,1 nps 0 at Sunday 23:59:59
    expect(rows.get('email-link')).toMatchObject({ total: 1, negative: { count: 1, n: 1 }, unsatisfied: { count: 1, n: 1 } });
    expect(office('sharya').total).toMatchObject({ total: 11, negative: { count: 5, n: 11 }, satisfied: { count: 6, n: 10 } });
  });

  it('the region: 47 counted presses and 7 answers in the week; suppressed presses and the week after are out', () => {
    // panel: sharya 7 + buy 40 (20 fives, 10 fours, 10 threes; 2 suppressed ones out); galich pressed the week before
    // answers: sharya 4, galich 1 (csat1 3: negative), kostroma 2 (one fine, one with csat3 2: negative, unsatisfied)
    expect(report.total.total).toBe(54);
    expect(report.total.negative.count).toBe(7);
    expect(report.total.satisfied).toMatchObject({ count: 34 + 3, n: 47 + 3 + 2 });
    expect(office('buy').rows).toHaveLength(1);
    expect(office('buy').total).toMatchObject({ total: 40, negative: { count: 0 }, satisfied: { count: 30, n: 40, small: false } });
    expect(office('nerekhta').rows).toEqual([]);
  });

  it('topics of the three negative comments: «Долго ждал в очереди» is the queue; «Ужасно» and «Сложно найти нужный кабинет» have none', () => {
    expect(report.negativeComments).toBe(3);
    expect(report.withoutTopic).toBe(2);
    expect(report.topics).toHaveLength(1);
    expect(report.topics[0]).toMatchObject({ topicId: 'queue', name: 'Очередь и ожидание', comments: 1, share: { count: 1, n: 3 } });
    expect(report.topics[0]!.examples[0]).toMatchObject({ officeId: 'sharya', text: 'Долго ждал в очереди' });
  });

  it('a range cut inside a day reads the press rows: 09:15–09:45 on Tuesday holds one counted press of 5 in Шарья', async () => {
    const within = await negativeFeedback(sqlOverSqlite(db), sqliteRecordSource(db), await readOffices(sqlOverSqlite(db)), { period: { ...period(FIXTURE_WEEK), kind: 'custom', start: moscowNov(24, 9, 15), end: moscowNov(24, 9, 45) }, scope: REGION }, moscowNov(30, 12));
    expect(within.offices.find((o) => o.office.id === 'sharya')!.rows).toMatchObject([{ channel: 'panel', total: 1, satisfied: { count: 1 } }]);
  });
});

describe('negative feedback over HTTP', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    ({ hub } = await startFixtureHub({ clock: () => moscowNov(30, 12) }));
  });
  afterAll(async () => hub?.close());

  it('the CX sector reads it; without a period it is the current quarter', async () => {
    const res = await getJson<NegativeFeedback>(`${hub.url}/api/analysis/negative`);
    expect(res.status).toBe(200);
    expect(res.body.period).toMatchObject({ kind: 'quarter', key: '2026-Q4' });
    expect(res.body.total.negative.count).toBe(8); // the week's 7, galich's W47 press is a 5, sharya's W49 press of 1
  });

  it('АХО may not (internal, seed 001 §4.5); an office head sees their office only', async () => {
    const aho = await staffSession(hub, 'aho-negative', [{ role: 'aho' }]);
    expect((await aho.fetch('/api/analysis/negative')).status).toBe(403);
    const head = await staffSession(hub, 'head-negative', [{ role: 'office-head', officeId: 'sharya' }]);
    const body = (await (await head.fetch(`/api/analysis/negative?period=${FIXTURE_WEEK}`)).json()) as NegativeFeedback;
    expect(body.offices.map((o) => o.office.id)).toEqual(['sharya']);
    expect(body.negativeComments).toBe(2);
  });

  it('a wrong period is refused with the reason, in Russian', async () => {
    const res = await getJson<{ error: string; reason: string }>(`${hub.url}/api/analysis/negative?period=2026-Q5`);
    expect(res.status).toBe(400);
    expect(res.body.reason).toMatch(/[а-я]/);
  });

  it('the XLSX, parsed back, equals the API and says it is internal', async () => {
    const api = (await getJson<NegativeFeedback>(`${hub.url}/api/analysis/negative?period=${FIXTURE_WEEK}`)).body;
    const res = await staffFetch(`${hub.url}/api/analysis/negative/${FIXTURE_WEEK}.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('negative-feedback-2026-W48.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const [sheet, topics] = workbook.worksheets;
    expect(String(sheet!.getCell(2, 1).value)).toContain(INTERNAL_MARK);
    const rows: unknown[][] = [];
    for (let r = HEADER_ROW + 1; r <= sheet!.rowCount; r++) rows.push(Array.from({ length: 15 }, (_, c) => sheet!.getRow(r).getCell(c + 1).value ?? null));
    const sharyaPanel = rows.find((r) => r[0] === 'Шарьинское отделение' && r[1] === 'Пульт оценки')!;
    const apiPanel = api.offices.find((o) => o.office.id === 'sharya')!.rows.find((r) => r.channel === 'panel')!;
    expect(sharyaPanel.slice(2, 7)).toEqual([apiPanel.total, apiPanel.negative.count, apiPanel.negative.value, apiPanel.negative.interval!.low, apiPanel.negative.interval!.high]);
    const total = rows[rows.length - 1]!;
    expect(total.slice(0, 4)).toEqual(['Итого', 'все каналы', api.total.total, api.total.negative.count]);
    expect(topics!.getRow(HEADER_ROW + 1).getCell(1).value).toBe('Очередь и ожидание');
  });
});
