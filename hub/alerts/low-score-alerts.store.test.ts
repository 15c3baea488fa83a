import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import type { AlertPressReader } from '../records/record-source.ts';
import { checkOffice, describeRule, findAlert, listAlerts, recordAlertMail, ruleKey, type LowScoreRule } from './low-score-alerts.ts';

/**
 * The low-score alerts' store, the same statements on the hub's SQLite and on the central's
 * PostgreSQL: each test runs on both, on a database migrated by its own migrations. The presses
 * come from a reader over an in-memory list (the readers themselves: hub/central-pg/readers.test.ts).
 */
afterAll(() => removeTempDirs());

const RULE: LowScoreRule = { windowMinutes: 30, minPresses: 4, share: 0.5, maxScore: 1 };
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 26, 7, 0);
const at = (minute: number) => T0 + minute * MIN;

/** Counted presses [officeId, bornAt, score], all stored (mark 0): the reader the watch is given. */
function pressesOf(list: readonly [string, number, number][]): AlertPressReader {
  const of = (officeId: string, from: number, to: number) => list.filter(([o, t]) => o === officeId && t > from && t <= to).sort((a, b) => a[1] - b[1]);
  return {
    rows: async (officeId, from, to) => of(officeId, from, to).map(([, t, s]) => [t, s]),
    scores: async (officeId, from, to) => {
      const counts = new Map<number, number>();
      for (const [, , s] of of(officeId, from, to)) counts.set(s, (counts.get(s) ?? 0) + 1);
      return [...counts];
    },
    mark: async () => 0,
    earliestStoredSince: async () => null,
  };
}

describe.each(BOTH_DATABASES)('the low-score alerts on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('raises one alert per office and rule per window, and lists them newest first for the offices asked', async () => {
    const { sql } = opened;
    const presses = pressesOf([
      ['neya', at(0), 1],
      ['neya', at(5), 1],
      ['neya', at(10), 1],
      ['neya', at(20), 5],
      ['neya', at(25), 1],
      ['buy', at(1), 1],
      ['buy', at(2), 1],
      ['buy', at(3), 1],
      ['buy', at(4), 1],
    ]);
    const raised = await checkOffice(sql, presses, [RULE], 'neya', [at(20), at(25)], at(26));
    expect(raised).toEqual([
      { id: expect.any(Number), officeId: 'neya', ruleKey: ruleKey(RULE), windowStart: at(20) - 30 * MIN, windowEnd: at(20), presses: 4, lowPresses: 3, raisedAt: at(26), mailStatus: 'not-configured', mailDetail: null },
    ]);
    // Checked again (a restart, a batch seen twice): the window already has its alert.
    expect(await checkOffice(sql, presses, [RULE], 'neya', [at(20), at(25)], at(27))).toEqual([]);
    const [buy] = await checkOffice(sql, presses, [RULE], 'buy', [at(4)], at(27));
    const [later] = await checkOffice(sql, pressesOf([0, 1, 2, 3].map((i) => ['neya', at(60 + i), 1] as [string, number, number])), [RULE], 'neya', [at(63)], at(64));

    const neya = await listAlerts(sql, ['neya'], at(0), at(120));
    expect(neya.map((a) => a.windowEnd)).toEqual([at(63), at(20)]);
    expect(neya[1]).toEqual({ ...raised[0], ruleText: describeRule(RULE) });
    expect((await listAlerts(sql, ['neya', 'buy'], at(0), at(120))).map((a) => a.id)).toEqual([later!.id, raised[0]!.id, buy!.id]);
    // The window's end in [from, to); the limit keeps the newest.
    expect((await listAlerts(sql, ['neya', 'buy'], at(4), at(63))).map((a) => a.id)).toEqual([raised[0]!.id, buy!.id]);
    expect((await listAlerts(sql, ['neya', 'buy'], at(0), at(120), 1)).map((a) => a.id)).toEqual([later!.id]);
    expect(await listAlerts(sql, [], at(0), at(120))).toEqual([]);
    expect(await listAlerts(sql, ['sharya'], at(0), at(120))).toEqual([]);

    expect(await findAlert(sql, buy!.id)).toEqual({ ...buy, ruleText: describeRule(RULE) });
    expect(await findAlert(sql, 987_654)).toBeNull();
  });

  it('alerts of the same window end list the later one first', async () => {
    const { sql } = opened;
    const end = at(300);
    const presses = pressesOf([0, 1, 2, 3].map((i) => ['kadyi', end - 3 * MIN + i * MIN, 1] as [string, number, number]));
    const other = { ...RULE, windowMinutes: 10 };
    const raised = await checkOffice(sql, presses, [RULE, other], 'kadyi', [end], end);
    expect(raised.map((a) => a.ruleKey)).toEqual([ruleKey(RULE), ruleKey(other)]);
    expect((await listAlerts(sql, ['kadyi'], end, end + 1)).map((a) => a.id)).toEqual([raised[1]!.id, raised[0]!.id]);
  });

  it('keeps what became of the alert e-mail, and refuses a status it does not know', async () => {
    const { sql } = opened;
    const [alert] = await checkOffice(sql, pressesOf([0, 1, 2, 3].map((i) => ['susanino', at(500 + i), 1] as [string, number, number])), [RULE], 'susanino', [at(503)], at(504));
    await recordAlertMail(sql, alert!.id, 'failed', 'SMTP недоступен');
    expect(await findAlert(sql, alert!.id)).toMatchObject({ mailStatus: 'failed', mailDetail: 'SMTP недоступен' });
    await recordAlertMail(sql, alert!.id, 'sent', null);
    expect(await findAlert(sql, alert!.id)).toMatchObject({ mailStatus: 'sent', mailDetail: null });
    await expect(recordAlertMail(sql, alert!.id, 'lost' as 'sent', 'x')).rejects.toThrow();
    expect(await findAlert(sql, alert!.id)).toMatchObject({ mailStatus: 'sent', mailDetail: null });
  });
});
