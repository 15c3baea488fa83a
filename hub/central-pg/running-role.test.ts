import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { moscowMidnight, periodContaining } from '../../shared/periods.ts';
import type { ForwardRequest } from '../../shared/protocol/forward.ts';
import type { FeedbackRecord } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import { createBatchReceiver } from '../central/receive-batch.ts';
import { createIngest } from '../ingest/ingest-batch.ts';
import { NO_SURVEY_VERSIONS } from '../db/survey-versions.ts';
import type { Db } from '../db/open.ts';
import type { RunningHub } from '../server.ts';
import type { FiguresTable } from '../reports/figures.ts';
import { press, response, silentLogger, testDb } from '../../test/support/test-records.ts';
import { startPostgres, type PostgresCluster } from '../../test/support/postgres.ts';
import { createRoles, OWNER, ownedDatabase, roleUrl, RUNNING } from '../../test/support/pg-roles.ts';
import { getJson, startFixtureHub } from '../../test/support/fixture-hub.ts';
import { FIXTURE_WEEK, moscowNov } from '../../test/support/known-answer-fixture.ts';
import { openPostgresStore, type PostgresStore } from './postgres-store.ts';

/**
 * The central connected as the running role (czn_central), on a schema that czn_owner migrated and
 * granted (test/support/pg-roles.ts, as `migrate-pg --grant` does): it stores, answers duplicates
 * and conflicts, reads reports and gets a new month's partitions through the owner's function, and
 * PostgreSQL refuses it everything that would alter or rewrite what is stored.
 */
let cluster: PostgresCluster;
let url: string;
let running: pg.Pool;
let owner: pg.Pool;
let store: PostgresStore;
let db: Db;
let receive: ReturnType<typeof createBatchReceiver>;
const from = { officeId: 'sharya', keyId: 'key-1' };
const NOW = Date.parse('2026-12-02T09:00:00.000Z');

beforeAll(async () => {
  cluster = await startPostgres();
  await createRoles(cluster);
  await ownedDatabase(cluster, 'czn', { version: Number.MAX_SAFE_INTEGER, grant: true });
  url = roleUrl(cluster, RUNNING, 'czn');
  running = new pg.Pool({ connectionString: url, max: 2 });
  owner = new pg.Pool({ connectionString: roleUrl(cluster, OWNER, 'czn'), max: 2 });
  store = openPostgresStore(url, silentLogger);
  await store.ready();
  db = testDb();
  receive = createBatchReceiver(db, sqlOverSqlite(db), createIngest(db, { surveys: NO_SURVEY_VERSIONS, clock: () => NOW, forward: false }), store.writer);
}, 60_000);
afterAll(async () => {
  await running?.end();
  await owner?.end();
  await store?.close();
  db?.close();
  await cluster?.stop();
});

const batch = (records: unknown[]): ForwardRequest => ({ records, backlog: { count: 0, oldestReceivedAt: null } });
const received = <R extends FeedbackRecord>(r: R): R => ({ ...r, receivedAt: toInstant(NOW - 60_000) });
async function statuses(request: ForwardRequest): Promise<string[]> {
  const outcome = await receive(request, from, NOW);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.rejection));
  return outcome.ack.results.map((r) => r.status);
}

describe('the central as the running role', () => {
  it('stores a batch, answers its resend duplicate, sends a conflict to the dead letters; the rollups count it', async () => {
    const at = moscowMidnight(2026, 11, 24) + 10 * 3600_000;
    const records = [received(press('drv-1', 'p1', at, { score: 5, button: '5' })), received(response('kiosk-1', at + 1000))];
    expect(await statuses(batch(records))).toEqual(['stored', 'stored']);
    expect(await statuses(batch(records))).toEqual(['duplicate', 'duplicate']);
    const other = { ...records[0]!, score: 1, button: '1' };
    expect(await statuses(batch([other]))).toEqual(['conflict']);
    expect(db.prepare("SELECT record_id FROM dead_letter WHERE reason = 'conflict'").pluck().all()).toEqual([records[0]!.id]);
    // Written by the owner's definer triggers, read by the running role.
    const day = Math.floor((at + 10_800_000) / 86_400_000);
    expect((await running.query('SELECT presses FROM press_day WHERE office_id = $1 AND day = $2', ['sharya', day])).rows).toEqual([{ presses: '1' }]);
    expect((await running.query('SELECT responses FROM response_day WHERE office_id = $1 AND day = $2', ['sharya', day])).rows).toEqual([{ responses: '1' }]);
  });

  it('a batch from a month made after the grant: the partition is made by the owner\'s function and read and written through its parent', async () => {
    const month = periodContaining('month', moscowMidnight(2031, 3, 1));
    const at = month.start + 3600_000;
    expect((await running.query("SELECT 1 FROM pg_class WHERE relname = 'press_2031_03'")).rowCount).toBe(0);
    expect(await statuses(batch([received(press('drv-1', 'p1', at)), received(response('kiosk-1', at))]))).toEqual(['stored', 'stored']);
    const made = await running.query<{ relname: string; owner: string }>("SELECT relname, relowner::regrole::text AS owner FROM pg_class WHERE relname IN ('press_2031_03', 'response_2031_03') ORDER BY 1");
    expect(made.rows).toEqual([{ relname: 'press_2031_03', owner: OWNER }, { relname: 'response_2031_03', owner: OWNER }]);
    expect((await running.query('SELECT count(*)::int AS n FROM press WHERE born_at >= $1 AND born_at < $2', [month.start, month.end])).rows).toEqual([{ n: 1 }]);
    expect((await running.query('SELECT count(*)::int AS n FROM response WHERE born_at >= $1 AND born_at < $2', [month.start, month.end])).rows).toEqual([{ n: 1 }]);
    // The partition itself is not the role's: only through the parent.
    await expect(running.query('SELECT * FROM press_2031_03')).rejects.toMatchObject({ code: '42501' });
  });

  it('create_month_partitions takes only a real Moscow month', async () => {
    const april = periodContaining('month', moscowMidnight(2031, 4, 1));
    const call = (key: unknown, start: unknown, end: unknown) => running.query('SELECT create_month_partitions($1, $2, $3)', [key, start, end]);
    for (const [key, start, end] of [
      ['2031-04', 0, 1],
      ['2031-04', april.start + 1, april.end],
      ['2031-04', april.start, april.end + 86_400_000],
      ['2031-05', april.start, april.end],
      ['2031-13', april.start, april.end],
      ['2031-4', april.start, april.end],
      ['x";DROP', april.start, april.end],
      [null, april.start, april.end],
    ] as const) {
      await expect(call(key, start, end), `${key} [${start}, ${end})`).rejects.toMatchObject({ code: '22023' });
    }
    expect((await running.query("SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE '%2031_04' OR relname LIKE '%2031_05'")).rows).toEqual([{ n: 0 }]);
    await call(april.key, april.start, april.end);
    expect((await running.query("SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('press_2031_04', 'response_2031_04')")).rows).toEqual([{ n: 2 }]);
  });

  it('reads the reports: the known-answer figures through the HTTP API of a central on this role', async () => {
    let hub: RunningHub | undefined;
    try {
      ({ hub } = await startFixtureHub({ clock: () => moscowNov(30, 12), env: { DATABASE_URL: url } }));
      const { status, body } = await getJson<FiguresTable>(`${hub.url}/api/figures?period=${FIXTURE_WEEK}`);
      expect(status).toBe(200);
      expect(body.total.figures.csat.n).toBeGreaterThanOrEqual(17);
    } finally {
      await hub?.close();
    }
  }, 60_000);
});

describe('what the running role is refused (SQLSTATE 42501)', () => {
  const RECORD_TABLES = ['press', 'response', 'record_key', 'heartbeat'];
  const ROLLUPS = ['press_day', 'response_day', 'panel_day', 'device_response_day'];
  const statements = [
    ...[...RECORD_TABLES, ...ROLLUPS].flatMap((t) => [`UPDATE ${t} SET born_at = born_at`.replace(/born_at/g, t.endsWith('_day') ? 'day' : 'born_at'), `DELETE FROM ${t}`, `TRUNCATE ${t}`]),
    ...ROLLUPS.map((t) => `INSERT INTO ${t} SELECT * FROM ${t} LIMIT 0`),
    'DELETE FROM schema_migration',
    "INSERT INTO schema_migration VALUES (99, 'x', 0)",
    'SELECT * FROM migration_progress',
    'SELECT * FROM audit_log',
    'SELECT * FROM dead_letter',
    'ALTER TABLE press ADD COLUMN evil int',
    'ALTER TABLE press DISABLE TRIGGER press_day_count',
    'ALTER TABLE press DETACH PARTITION press_2026_11',
    'DROP TABLE press',
    'DROP TABLE press_day',
    'DROP TABLE press_2026_11',
    'CREATE TABLE public.evil (x int)',
    'CREATE INDEX evil ON press (office_id)',
    "CREATE FUNCTION public.evil() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    'ALTER FUNCTION create_month_partitions(text, bigint, bigint) SECURITY INVOKER',
    'DROP FUNCTION press_day_count() CASCADE',
    "SELECT press_day_count()",
    `ALTER TABLE press OWNER TO ${RUNNING}`,
  ];
  it.each(statements)('%s', async (sql) => {
    await expect(running.query(sql)).rejects.toMatchObject({ code: '42501' });
  });

  it('the owner, for comparison, may (so the refusals are the role\'s)', async () => {
    await owner.query('BEGIN');
    try {
      await owner.query('UPDATE press_day SET presses = presses');
      await owner.query('ALTER TABLE press ADD COLUMN evil int');
    } finally {
      await owner.query('ROLLBACK');
    }
  });
});
