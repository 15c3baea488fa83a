import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { createLogger } from '../../shared/logger.ts';
import { moscowMidnight, parsePeriodKey, type Period } from '../../shared/periods.ts';
import type { ForwardRequest } from '../../shared/protocol/forward.ts';
import type { Press, SurveyResponse } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import { negativeFeedback } from '../analysis/negative-feedback.ts';
import { createBatchReceiver } from '../central/receive-batch.ts';
import type { Db } from '../db/open.ts';
import { readOffices, seedDefaultOffices, type OfficeRow } from '../db/offices.ts';
import { DEFAULT_SERVICES } from '../db/services.ts';
import { createIngest } from '../ingest/ingest-batch.ts';
import { NO_SURVEY_VERSIONS } from '../db/survey-versions.ts';
import { measureEffect } from '../pain-map/measure-effect.ts';
import { evidenceExists } from '../pain-map/pain-store.ts';
import { takeIntoWork } from '../register/comment-in-work.ts';
import { createRegisterStore } from '../register/register-store.ts';
import { commentFeed, type CommentPage, type CommentQuery } from '../reports/comments.ts';
import { sqliteRecordSource } from '../reports/record-source.ts';
import type { RecordSource } from '../records/record-source.ts';
import { REGION, type ReportScope } from '../reports/scope.ts';
import { press, response, testDb } from '../../test/support/test-records.ts';
import { startPostgres, type PostgresCluster } from '../../test/support/postgres.ts';
import { openPostgresStore, type PostgresStore } from './postgres-store.ts';

/**
 * Everything that reads clients' comments, on a central whose responses are in PostgreSQL and on
 * a plain SQLite central holding the same records: the feed (filters, Russian case-insensitive
 * search, paging), the negative-feedback monitoring and the lookups by id must answer the same.
 * The records straddle the Moscow month boundary (two partitions on PostgreSQL) and three of them
 * are born at the same millisecond, so the order's tie-break by id is tested too.
 */
let cluster: PostgresCluster;
let store: PostgresStore;
/** The SQLite of the central whose records are in PostgreSQL: offices, services, the register. */
let central: Db;
/** A central wholly in SQLite, as before DATABASE_URL. */
let plain: Db;
let pgRecords: RecordSource;
let sqliteRecords: RecordSource;
/** The office directory, as both centrals hold it in memory (ctx.offices): the same 25 offices. */
let directory: OfficeRow[];

const NOW = moscowMidnight(2026, 12, 20);
const DEC_1 = moscowMidnight(2026, 12, 1);
const at = (month: number, day: number, hour = 12, minute = 0) => moscowMidnight(2026, month, day) + (hour * 60 + minute) * 60_000;

type Answers = SurveyResponse['answers'];
const said = (officeId: string, bornAt: number, comment: string | null, answers: Answers, over: Partial<SurveyResponse> = {}): SurveyResponse => ({
  ...response('kiosk-1', bornAt),
  officeId,
  comment,
  answers,
  ...over,
});

// Ids are UUIDv7, made in this order: the three born at Moscow midnight on 1 December tie on
// born_at and are ordered by id, descending, on both databases.
const RESPONSES: SurveyResponse[] = [
  said('sharya', at(11, 28, 10), 'Долго ждал в ОЧЕРЕДИ, окно 2 закрыто', { csat1: 2, csat3: 2, nps: 3 }, { serviceId: 'registration', desk: 'Окно 2' }),
  said('sharya', DEC_1 - 1, 'Ёлка в зале красивая', { csat1: 5, csat3: 5, nps: 10 }),
  said('sharya', DEC_1, 'Всё хорошо, спасибо', { csat3: 5, nps: 9 }, { serviceId: 'vacancies' }),
  said('sharya', DEC_1, 'елка у входа мешает пройти', { csat3: 4, nps: 6 }),
  said('kostroma', DEC_1, 'ЁЛКА! И очередь', { csat3: 1 }, { channel: 'qr-poster' }),
  said('sharya', at(12, 2), 'Скидка 50% и 100_процентов', { csat1: 4, nps: 8 }, { channel: 'qr-poster' }),
  said('sharya', at(12, 3), null, { csat1: 1 }),
  said('sharya', at(12, 3, 13), 'Сотрудник был ВЕЖЛИВ', {}, { complete: false }),
  said('sharya', at(12, 5), 'Неудобно: нет пандуса', { csat2: 3 }, { serviceId: 'taken-off-the-list' }),
  said('kostroma', at(11, 29, 9), 'Очередь маленькая, всё быстро', { csat3: 5, nps: 10 }, { channel: 'email-link' }),
  said('kostroma', at(12, 10), 'Latin Mixed CASE text', { csat3: 5 }),
  said('kostroma', at(12, 10, 15), 'Окно закрыто', { csat1: 3, csat2: 5, csat3: 4, ces: 2, nps: 7 }, { channel: 'visit-qr' }),
];
const PRESSES: Press[] = [
  ...[1, 2, 5, 4, 4].map((score, i) => press('drv-1', 'p1', at(11, 28, 9, i), { score, button: String(score) })),
  press('drv-1', 'p1', at(11, 28, 9, 10), { score: 1, button: '1', suppressed: 'too-soon' }),
  ...[3, 5].map((score, i) => press('drv-2', 'p1', at(12, 2, 10, i), { officeId: 'kostroma', score, button: String(score) })),
];

const batch = (records: unknown[]): ForwardRequest => ({ records: records.map((r) => ({ ...(r as object), receivedAt: toInstant(NOW - 60_000) })), backlog: { count: 0, oldestReceivedAt: null } });

beforeAll(async () => {
  cluster = await startPostgres();
  const url = await cluster.createDatabase('central');
  store = openPostgresStore(url, createLogger('t', { level: 'silent', pretty: false }));
  await store.ready();
  // office_sync references the directory (PostgreSQL 0030), as a started central has it.
  await seedDefaultOffices(store.sql);
  central = testDb();
  plain = testDb();
  directory = await readOffices(sqlOverSqlite(plain));
  const toPg = createBatchReceiver(central, store.sql, createIngest(central, { surveys: NO_SURVEY_VERSIONS, clock: () => NOW, forward: false }), store.writer);
  const toSqlite = createBatchReceiver(plain, sqlOverSqlite(plain), createIngest(plain, { surveys: NO_SURVEY_VERSIONS, clock: () => NOW, forward: false }));
  for (const officeId of ['sharya', 'kostroma']) {
    const records = batch([...PRESSES, ...RESPONSES].filter((r) => r.officeId === officeId));
    const from = { officeId, keyId: 'key-1' };
    for (const receive of [toPg, toSqlite]) {
      const outcome = await receive(records, from, NOW);
      if (!outcome.ok || outcome.ack.results.some((r) => r.status !== 'stored')) throw new Error(JSON.stringify(outcome));
    }
  }
  pgRecords = store.records;
  sqliteRecords = sqliteRecordSource(plain);
}, 60_000);
afterAll(async () => {
  await store?.close();
  central?.close();
  plain?.close();
  await cluster?.stop();
});

const month = (key: string): Period => {
  const parsed = parsePeriodKey(key);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};
const custom = (start: number, end: number): Period => ({ kind: 'custom', key: `${start}_${end}`, label: 'диапазон', start, end });
const PERIODS: Period[] = [month('2026-11'), month('2026-12'), custom(at(11, 28, 0), at(12, 4, 0)), custom(DEC_1, DEC_1 + 6 * 3_600_000)];
const ACROSS = PERIODS[2]!;
const SHARYA: ReportScope = { officeIds: ['sharya'] };

const query = (over: Partial<CommentQuery>): CommentQuery => ({ period: ACROSS, officeId: null, tone: 'all', search: null, limit: 50, before: null, ...over });
const onBoth = async (q: CommentQuery, scope: ReportScope = REGION): Promise<{ sqlite: CommentPage; pg: CommentPage }> => ({
  sqlite: await commentFeed(sqlOverSqlite(plain), DEFAULT_SERVICES, sqliteRecords, directory, q, scope),
  pg: await commentFeed(sqlOverSqlite(central), DEFAULT_SERVICES, pgRecords, directory, q, scope),
});

describe('the comments feed on PostgreSQL and on SQLite', () => {
  it('the same entries, total and cursor for every period, tone, office and search', async () => {
    const searches = [null, 'очеред', 'ОЧЕРЕД', 'ёлк', 'елк', 'Ё', 'ЁЛКА', '%', '_', '50%', '100_п', 'case', 'mixed case', '  окно  ', 'нет такого', ''];
    for (const period of PERIODS) {
      for (const tone of ['all', 'negative', 'other'] as const) {
        for (const officeId of [null, 'sharya']) {
          for (const search of searches) {
            const q = query({ period, tone, officeId, search, limit: 3 });
            const { sqlite, pg } = await onBoth(q);
            expect(pg, JSON.stringify({ period: period.key, tone, officeId, search })).toEqual(sqlite);
          }
        }
      }
    }
    // And the scope of the asker, as an office head's.
    const scoped = await onBoth(query({ officeId: 'kostroma' }), SHARYA);
    expect(scoped.pg).toEqual(scoped.sqlite);
    expect(scoped.pg.total).toBe(0);
  });

  it('what the search means: case folded the Russian way, ё apart from е, % and _ as text', async () => {
    const comments = async (search: string, period = ACROSS) => {
      const { sqlite, pg } = await onBoth(query({ search, period }));
      expect(pg).toEqual(sqlite);
      return pg.entries.map((e) => e.comment);
    };
    expect(await comments('очеред')).toEqual(['ЁЛКА! И очередь', 'Очередь маленькая, всё быстро', 'Долго ждал в ОЧЕРЕДИ, окно 2 закрыто']);
    expect(await comments('ёлк')).toEqual(['ЁЛКА! И очередь', 'Ёлка в зале красивая']);
    expect(await comments('елк')).toEqual(['елка у входа мешает пройти']);
    expect(await comments('50%')).toEqual(['Скидка 50% и 100_процентов']);
    expect(await comments('0_п')).toEqual(['Скидка 50% и 100_процентов']);
    expect(await comments('%', month('2026-11'))).toEqual([]);
    expect(await comments('MIXED case', month('2026-12'))).toEqual(['Latin Mixed CASE text']);
  });

  it('negative by the CX sector’s rule, marked on each entry', async () => {
    const { sqlite, pg } = await onBoth(query({ tone: 'negative', period: month('2026-12') }));
    expect(pg).toEqual(sqlite);
    expect(pg.entries.map((e) => [e.comment, e.negative])).toEqual([
      ['Окно закрыто', true],
      ['Неудобно: нет пандуса', true],
      ['ЁЛКА! И очередь', true],
      ['елка у входа мешает пройти', true],
    ]);
    expect(pg.entries.find((e) => e.comment === 'Неудобно: нет пандуса')?.serviceName).toBe('taken-off-the-list');
  });

  it('pages by (born_at, id): the three answers born at midnight come in id order, nothing doubled or lost', async () => {
    const whole = await onBoth(query({}));
    expect(whole.pg).toEqual(whole.sqlite);
    const midnight = whole.pg.entries.filter((e) => Date.parse(e.bornAt) === DEC_1).map((e) => e.id);
    expect(midnight).toHaveLength(3);
    expect(midnight).toEqual([...midnight].sort().reverse());
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let before: string | null = null;
      do {
        const page = await onBoth(query({ limit, before }));
        expect(page.pg).toEqual(page.sqlite);
        seen.push(...page.pg.entries.map((e) => e.id));
        before = page.pg.next;
      } while (before !== null);
      expect(seen).toEqual(whole.pg.entries.map((e) => e.id));
    }
    // A cursor that is not one starts from the newest on both, rather than reaching PostgreSQL as a bad uuid.
    for (const before of [`${DEC_1}_not-a-uuid-at-all-but-thirty-six-c`, `${DEC_1}_------------------------------------`, 'garbage']) {
      const page = await onBoth(query({ limit: 2, before }));
      expect(page.pg).toEqual(page.sqlite);
      expect(page.pg.entries[0]?.id).toBe(whole.pg.entries[0]?.id);
    }
  });
});

describe('the negative-feedback monitoring on PostgreSQL and on SQLite', () => {
  it('the same shares, counts and topics for whole months, a range across them and a range inside a day', async () => {
    for (const period of PERIODS) {
      for (const scope of [REGION, SHARYA]) {
        const pg = await negativeFeedback(sqlOverSqlite(central), pgRecords, directory, { period, scope, examples: 2 }, NOW);
        const sqlite = await negativeFeedback(sqlOverSqlite(plain), sqliteRecords, directory, { period, scope, examples: 2 }, NOW);
        expect(pg, `${period.key} ${JSON.stringify(scope)}`).toEqual(sqlite);
      }
    }
    const november = await negativeFeedback(sqlOverSqlite(central), pgRecords, directory, { period: month('2026-11'), scope: REGION }, NOW);
    const sharya = november.offices.find((o) => o.office.id === 'sharya')!;
    expect(sharya.office.hasPanel).toBe(true);
    // Presses 1, 2, 5, 4, 4 (the suppressed one not counted): 2 negative, 3 satisfied.
    expect(sharya.rows.find((r) => r.channel === 'panel')).toMatchObject({ total: 5, negative: { count: 2 }, satisfied: { count: 3, n: 5 } });
    expect(november.negativeComments).toBe(1);
  });
});

describe('the pain map on PostgreSQL and on SQLite', () => {
  it('a done measure\'s effect counts the same presses and answers', async () => {
    for (const target of ['negative', 'panel', 'csat', 'nps'] as const) {
      for (const officeId of ['sharya', null]) {
        const measure = { officeId, target, startedOn: '2026-11-30', doneOn: '2026-12-01' };
        expect(await measureEffect(sqlOverSqlite(central), pgRecords, directory, measure, NOW), `${target} ${officeId}`).toEqual(await measureEffect(sqlOverSqlite(plain), sqliteRecords, directory, measure, NOW));
      }
    }
    const negative = await measureEffect(sqlOverSqlite(central), pgRecords, directory, { officeId: 'sharya', target: 'negative', startedOn: '2026-11-30', doneOn: '2026-12-01' }, NOW);
    // Before: Шарья's 5 counted presses and 1 answer of 28 November; after: its 6 answers of 1–5 December.
    expect([negative.before.n, negative.after.n]).toEqual([6, 6]);
  });
});

describe('a response by id on PostgreSQL and on SQLite', () => {
  it('the same response, or none, for every id asked', async () => {
    const ids = [...RESPONSES.map((r) => r.id), PRESSES[0]!.id, '01939d6c-0000-7000-8000-000000000000', RESPONSES[0]!.id.toUpperCase(), 'not-an-id', ''];
    for (const id of ids) {
      expect(await pgRecords.findResponse(id), id).toEqual(await sqliteRecords.findResponse(id));
      expect(await evidenceExists(sqlOverSqlite(central), pgRecords, 'comment', id)).toBe(await evidenceExists(sqlOverSqlite(plain), sqliteRecords, 'comment', id));
    }
    expect(await pgRecords.findResponse(RESPONSES[1]!.id)).toEqual({ id: RESPONSES[1]!.id, officeId: 'sharya', bornAt: DEC_1 - 1, comment: 'Ёлка в зале красивая', negative: false });
    expect(await pgRecords.findResponse(PRESSES[0]!.id)).toBeNull();
  });

  it('«take into work» clicked twice at once on the central\'s PostgreSQL (a double click, two staff members): one entry', async () => {
    const who = { login: 'head', scope: { officeIds: ['sharya'] } };
    const registerStore = createRegisterStore(store.sql);
    for (const taken of [RESPONSES[3]!, RESPONSES[5]!, RESPONSES[8]!]) {
      const outcomes = await Promise.all([0, 1, 2].map(() => takeIntoWork(store.sql, pgRecords, registerStore, taken.id, who, NOW)));
      expect(outcomes.filter((o) => o.ok && o.created)).toHaveLength(1);
      expect(new Set(outcomes.map((o) => (o.ok ? o.entryId : null))).size).toBe(1);
      expect(await store.sql.db.selectFrom('register_entry').select('id').where('taken_from', '=', `response:${taken.id}`).execute()).toHaveLength(1);
    }
    await store.sql.db.deleteFrom('register_entry').execute();
  });

  it('«take into work» finds the comment in PostgreSQL, once, and the feed shows it in work', async () => {
    const who = { login: 'head', scope: { officeIds: ['sharya'] } };
    const take = (db: Db, records: RecordSource, id: string) => {
      const sql = sqlOverSqlite(db);
      return takeIntoWork(sql, records, createRegisterStore(sql), id, who, NOW);
    };
    const [queue, silent, other] = [RESPONSES[0]!, RESPONSES[6]!, RESPONSES[4]!];
    for (const [db, records] of [[central, pgRecords], [plain, sqliteRecords]] as const) {
      const first = await take(db, records, queue.id);
      expect(first).toMatchObject({ ok: true, created: true });
      expect(await take(db, records, queue.id)).toEqual({ ...first, created: false });
      expect(await take(db, records, silent.id)).toEqual({ ok: false, reason: 'no-comment' });
      expect(await take(db, records, other.id)).toEqual({ ok: false, reason: 'not-found' }); // kostroma's, outside the head's office
      expect(await take(db, records, PRESSES[0]!.id)).toEqual({ ok: false, reason: 'not-found' });
      const entry = db.prepare("SELECT office_id, tone, json_extract(view, '$.summary') AS summary FROM register_entry WHERE channel = 'comment-in-work'").all();
      expect(entry).toEqual([{ office_id: 'sharya', tone: 'negative', summary: queue.comment }]);
    }
    const { sqlite, pg } = await onBoth(query({ search: 'окно 2' }));
    expect(pg.entries[0]?.inWork?.status).toBe('new');
    expect({ ...pg, entries: pg.entries.map((e) => ({ ...e, inWork: e.inWork?.status })) }).toEqual({ ...sqlite, entries: sqlite.entries.map((e) => ({ ...e, inWork: e.inWork?.status })) });
  });
});
