import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import { newRecordId } from '../../shared/ids.ts';
import type { Press } from '../../shared/records.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { createAlertWatch } from './alert-watch.ts';
import { moscowNov } from '../../test/support/known-answer-fixture.ts';
import { checkOffice, listAlerts, ruleFires, WindowCounts, type LowScoreRule } from './low-score-alerts.ts';
import type { Mailer, OutgoingMail } from '../mail/mailer.ts';
import { fixtureDatabase } from '../../test/support/fixture-db.ts';
import { sqliteRecordSource } from '../reports/record-source.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';

const RULE = { windowMinutes: 30, minPresses: 4, share: 0.5, maxScore: 1 };

describe('the rule arithmetic', () => {
  it('half of at least four presses at 1 fires; fewer presses or a smaller share does not', () => {
    expect(ruleFires(RULE, [0, 2, 0, 0, 0, 2])).toEqual({ presses: 4, lowPresses: 2 });
    expect(ruleFires(RULE, [0, 1, 0, 0, 0, 3])).toBeNull();
    expect(ruleFires(RULE, [0, 3, 0, 0, 0, 0])).toBeNull();
    expect(ruleFires({ ...RULE, maxScore: 2 }, [0, 1, 1, 0, 2, 0])).toEqual({ presses: 4, lowPresses: 2 });
  });
});

describe('the alert watch on committed presses', () => {
  const { db } = fixtureDatabase();
  afterAll(() => db.close());
  const store = createRecordStore(db);
  const watch = createAlertWatch({ sql: sqlOverSqlite(db), presses: sqliteRecordSource(db).alertPresses, rules: () => [RULE], mailer: null, recipients: [], logger: createLogger('t', { level: 'silent', pretty: false }), clock: () => moscowNov(26, 12), officeName: (id) => id });
  const press = (at: number, score: number, suppressed: Press['suppressed'] = null): Press => ({
    kind: 'press',
    id: newRecordId(),
    officeId: 'neya',
    deviceId: 'neya-driver',
    bornAt: new Date(at).toISOString(),
    channel: 'panel',
    panelId: 'p1',
    desk: null,
    seq: null,
    button: String(score),
    score,
    suppressed,
  });
  const store_ = async (records: Press[]) => {
    for (const r of records) store.insert(r, Date.parse(r.bornAt));
    return watch.onStored(records);
  };

  it('three 1s and a 5 within 30 minutes raise one alert; the suppressed press is not counted', async () => {
    expect(await store_([press(moscowNov(26, 10, 0), 1), press(moscowNov(26, 10, 5), 1), press(moscowNov(26, 10, 6), 1, 'too-soon')])).toEqual([]);
    const raised = await store_([press(moscowNov(26, 10, 10), 1), press(moscowNov(26, 10, 20), 5)]);
    expect(raised).toHaveLength(1);
    // evaluated at 10:20: 1, 1, 1, 5 counted in (09:50, 10:20]
    expect(raised[0]).toMatchObject({ officeId: 'neya', presses: 4, lowPresses: 3, windowEnd: moscowNov(26, 10, 20) });
  });

  it('the same bad half hour does not raise a second alert; a later one does', async () => {
    expect(await store_([press(moscowNov(26, 10, 25), 1)])).toEqual([]);
    const later = [0, 1, 2, 3].map((i) => press(moscowNov(26, 14, i), 1));
    expect(await store_(later)).toHaveLength(1);
    const listed = await listAlerts(sqlOverSqlite(db), ['neya'], moscowNov(26), moscowNov(27));
    expect(listed.map((a) => a.windowEnd)).toEqual([moscowNov(26, 14, 3), moscowNov(26, 10, 20)]);
    expect(listed[0]?.ruleText).toMatch(/не менее 50 %/);
  });
});

describe('alert e-mail', () => {
  it('is sent to the alert recipients when mail is configured, and its outcome is kept', async () => {
    const { db } = fixtureDatabase();
    const sent: OutgoingMail[] = [];
    const mailer: Mailer = { send: async (mail) => (sent.push(mail), { ok: true, messageId: 'm1' }), close: () => undefined };
    const watch = createAlertWatch({ sql: sqlOverSqlite(db), presses: sqliteRecordSource(db).alertPresses, rules: () => [RULE], mailer, recipients: ['cx@czn.test'], logger: createLogger('t', { level: 'silent', pretty: false }), clock: () => moscowNov(26, 12), officeName: () => 'Нейский отдел' });
    const store = createRecordStore(db);
    const presses: Press[] = [0, 1, 2, 3].map((i) => ({ kind: 'press', id: newRecordId(), officeId: 'neya', deviceId: 'd', bornAt: new Date(moscowNov(26, 9, i)).toISOString(), channel: 'panel', panelId: 'p1', desk: null, seq: null, button: '1', score: 1, suppressed: null }));
    for (const p of presses) store.insert(p, Date.parse(p.bornAt));
    expect(await watch.onStored(presses)).toHaveLength(1);
    await watch.settle();
    expect(sent[0]).toMatchObject({ to: ['cx@czn.test'], subject: 'Низкие оценки на пульте: Нейский отдел' });
    expect(sent[0]?.text).toContain('4 из 4 нажатий');
    expect((await listAlerts(sqlOverSqlite(db), ['neya'], moscowNov(26), moscowNov(27)))[0]?.mailStatus).toBe('sent');
    db.close();
  });
});

describe('the sliding window against a brute-force count', () => {
  /** The rule as the doc says it, counting every press in (at − window, at] from scratch. */
  function reference(batches: Press[][], rules: readonly LowScoreRule[]): [string, number][] {
    const raised: [string, number][] = [];
    const lastEnd = new Map<string, number>();
    const stored: Press[] = [];
    for (const batch of batches) {
      stored.push(...batch);
      const moments = batch.map((p) => Date.parse(p.bornAt)).sort((a, b) => a - b);
      for (const rule of rules) {
        const w = rule.windowMinutes * 60_000;
        for (const at of moments) {
          const counts = new Array<number>(6).fill(0);
          for (const p of stored) {
            const t = Date.parse(p.bornAt);
            if (p.suppressed === null && t > at - w && t <= at) counts[p.score]! += 1;
          }
          if (!ruleFires(rule, counts)) continue;
          const key = `${rule.windowMinutes}`;
          if ((lastEnd.get(key) ?? -Infinity) > at - w) continue;
          lastEnd.set(key, at);
          raised.push([key, at]);
        }
      }
    }
    return raised;
  }

  it('raises the same alerts for random presses in random batches, including batches longer than a window', async () => {
    const rules: LowScoreRule[] = [RULE, { windowMinutes: 10, minPresses: 3, share: 0.6, maxScore: 2 }];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const start = moscowNov(25, 8);
    const presses: Press[] = [];
    for (let t = start, i = 0; i < 600; i++) {
      t += Math.floor(random() * 120_000);
      const score = random() < 0.35 ? 1 : random() < 0.5 ? 2 : 5;
      presses.push({ kind: 'press', id: newRecordId(), officeId: 'neya', deviceId: 'd', bornAt: new Date(t).toISOString(), channel: 'panel', panelId: 'p1', desk: null, seq: null, button: String(score), score, suppressed: random() < 0.1 ? 'too-soon' : null });
    }
    const batches: Press[][] = [];
    for (let i = 0; i < presses.length; ) {
      const size = 1 + Math.floor(random() * (random() < 0.2 ? 120 : 8));
      batches.push(presses.slice(i, i + size));
      i += size;
    }
    const want = reference(batches, rules);
    expect(want.length).toBeGreaterThan(5);
    // Without carried counts (an aggregate per batch), and with them (as the alert watch runs).
    for (const windows of [undefined, new WindowCounts()]) {
      const { db } = fixtureDatabase();
      const sql = sqlOverSqlite(db);
      const store = createRecordStore(db);
      const got: [string, number][] = [];
      for (const batch of batches) {
        for (const p of batch) store.insert(p, Date.parse(p.bornAt));
        const moments = batch.map((p) => Date.parse(p.bornAt)).sort((a, b) => a - b);
        for (const a of await checkOffice(sql, sqliteRecordSource(db).alertPresses, rules, 'neya', moments, moscowNov(26), windows)) got.push([a.ruleKey.split('m:')[0]!, a.windowEnd]);
      }
      expect([...got].sort()).toEqual([...want].sort());
      db.close();
    }
  });

  it('carried counts start over when presses born inside a window already counted were stored since, even by a batch the watch never saw', async () => {
    const rules: LowScoreRule[] = [RULE];
    const at = (minute: number) => moscowNov(25, 9) + minute * 60_000;
    const pressAt = (minute: number, score: number): Press => ({ kind: 'press', id: newRecordId(), officeId: 'neya', deviceId: 'd', bornAt: new Date(at(minute)).toISOString(), channel: 'panel', panelId: 'p1', desk: null, seq: null, button: String(score), score, suppressed: null });
    // Two good presses; then three 1s born before the last moment counted, stored without a check
    // (a late backlog the watch missed); then a 5 at minute 2. At minute 2 the window holds three
    // 1s of six presses: the default rule fires.
    const batches = [
      { presses: [pressAt(0, 5), pressAt(1, 5)], moments: [at(0), at(1)] },
      { presses: [pressAt(0.5, 1), pressAt(0.7, 1), pressAt(0.9, 1)], moments: [] },
      { presses: [pressAt(2, 5)], moments: [at(2)] },
    ];
    const run = async (windows: WindowCounts | undefined) => {
      const { db } = fixtureDatabase();
      const sql = sqlOverSqlite(db);
      const store = createRecordStore(db);
      const ends: number[] = [];
      for (const batch of batches) {
        for (const p of batch.presses) store.insert(p, at(3));
        for (const a of await checkOffice(sql, sqliteRecordSource(db).alertPresses, rules, 'neya', batch.moments, at(3), windows)) ends.push(a.windowEnd);
      }
      db.close();
      return ends;
    };
    expect(await run(undefined)).toEqual([at(2)]);
    expect(await run(new WindowCounts())).toEqual([at(2)]);
  });
});
