import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { moscowMidnight, periodContaining } from '../../shared/periods.ts';
import { parseIngestAck } from '../../shared/protocol/ingest.ts';
import type { ForwardRequest } from '../../shared/protocol/forward.ts';
import type { FeedbackRecord } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import { createBatchReceiver } from '../central/receive-batch.ts';
import { createIngest } from '../ingest/ingest-batch.ts';
import { NO_SURVEY_VERSIONS } from '../db/survey-versions.ts';
import { heartbeat, press, response, testDb } from '../../test/support/test-records.ts';
import { openedEvent } from '../../test/support/register-events.ts';
import { REGISTER_RECORD_KIND } from '../../shared/register.ts';
import { startPostgres, type PostgresCluster } from '../../test/support/postgres.ts';
import { defaultPgMigrationsDir, migratePostgres } from './migrate.ts';
import { readMigrations } from '../db/migrate.ts';
import { openPostgresStore, type PostgresStore } from './postgres-store.ts';
import { countHistogramsPg } from './histograms.ts';
import { countHistograms } from '../reports/histograms.ts';
import { createLogger } from '../../shared/logger.ts';
import type { Db } from '../db/open.ts';
import { seedDefaultOffices } from '../db/offices.ts';

/**
 * The central's receive path on PostgreSQL (a throwaway PostgreSQL 15 cluster,
 * test/support/postgres.ts), as DATABASE_URL runs it: a batch's records, dead letters and the
 * office's status in one transaction there.
 */
let cluster: PostgresCluster;
let pool: pg.Pool;
let store: PostgresStore;
let db: Db;
let receive: ReturnType<typeof createBatchReceiver>;
const from = { officeId: 'sharya', keyId: 'key-1' };
const NOW = Date.parse('2026-12-02T09:00:00.000Z');

beforeAll(async () => {
  cluster = await startPostgres();
  const url = await cluster.createDatabase('central');
  pool = new pg.Pool({ connectionString: url, max: 4 });
  store = openPostgresStore(url, createLogger('t', { level: 'silent', pretty: false }));
  await store.ready();
  // office_sync references the directory (PostgreSQL 0030), as a started central has it.
  await seedDefaultOffices(store.sql);
  db = testDb();
  receive = createBatchReceiver(db, store.sql, createIngest(db, { surveys: NO_SURVEY_VERSIONS, clock: () => NOW, forward: false }), store.writer);
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await store?.close();
  db?.close();
  await cluster?.stop();
});

const batch = (records: unknown[], backlog = 0): ForwardRequest => ({ records, backlog: { count: backlog, oldestReceivedAt: null } });
// As an office hub forwards them: each record with the time its office received it.
const received = <R extends FeedbackRecord>(r: R, at = NOW - 60_000): R => ({ ...r, receivedAt: toInstant(at) });
const count = async (table: string): Promise<number> => Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
const row = async (text: string): Promise<Record<string, unknown>> => (await pool.query(text)).rows[0] as Record<string, unknown>;

async function statuses(request: ForwardRequest): Promise<string[]> {
  const outcome = await receive(request, from, NOW);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.rejection));
  // The answer is the ingest protocol's ack, as the SQLite central gives it.
  const parsed = parseIngestAck(JSON.stringify(outcome.ack), request.records.map((r) => (r as FeedbackRecord).id));
  expect(parsed.ok).toBe(true);
  return outcome.ack.results.map((r) => r.status);
}

describe('migrations (hub/migrations-pg/)', () => {
  it('apply once; a second run applies nothing', async () => {
    const client = await pool.connect();
    try {
      expect(await migratePostgres(client)).toEqual({ applied: [], version: readMigrations(defaultPgMigrationsDir()).length });
    } finally {
      client.release();
    }
  });
});

describe('month partitions made ahead', () => {
  it('last month, this month and next exist once the store is ready, and making one gives up after 2 s behind a lock, on a fixed search path', async () => {
    const thisMonth = periodContaining('month', Date.now());
    const next = periodContaining('month', thisMonth.end);
    // Last month's for a phone's answer a day old on the 1st, written where no partition can be made (ingest-into.ts).
    const last = periodContaining('month', thisMonth.start - 1);
    const tables = (await pool.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'press_%'")).rows.map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining([last, thisMonth, next].map((m) => `press_${m.key.replace('-', '_')}`)));
    const config = (await pool.query<{ proconfig: string[] }>("SELECT proconfig FROM pg_proc WHERE proname = 'create_month_partitions'")).rows[0]?.proconfig;
    // 0007: the definer's search path is fixed to the schema the migrations ran in (here public).
    expect(config).toEqual(['lock_timeout=2s', 'search_path=pg_catalog, public, pg_temp']);
  });
});

describe('receiving a batch on PostgreSQL', () => {
  it('stores presses, responses and heartbeats in PostgreSQL; a resend stores nothing and says duplicate', async () => {
    const day = moscowMidnight(2026, 11, 24) + 10 * 3600_000;
    const records = [received(press('drv-1', 'p1', day)), received(press('drv-1', 'p1', day + 1000, { desk: 'Окно 2', seq: 7 })), received(response('kiosk-1', day + 2000)), received(heartbeat('drv-1', day + 3000))];
    const before = { press: await count('press'), response: await count('response'), heartbeat: await count('heartbeat') };
    expect(await statuses(batch(records))).toEqual(['stored', 'stored', 'stored', 'stored']);
    expect(await statuses(batch(records))).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect({ press: await count('press'), response: await count('response'), heartbeat: await count('heartbeat') }).toEqual({ press: before.press + 2, response: before.response + 1, heartbeat: before.heartbeat + 1 });
    expect((db.prepare('SELECT count(*) AS n FROM heartbeat').get() as { n: number }).n).toBe(0);
    // The office's status, in the same transaction: all four records counted, the lag from the oldest.
    const sync = await row("SELECT records_received::int, batches_received::int, lag_ms::int FROM office_sync WHERE office_id = 'sharya'");
    expect(sync).toMatchObject({ records_received: before.press + before.response + before.heartbeat + 4, batches_received: 2, lag_ms: 60_000 });
  });

  it('register events, invitation counts and the status go in the records\' transaction; a resend is duplicate, another body a conflict in the dead letters', async () => {
    const at = moscowMidnight(2026, 11, 27) + 3600_000;
    const event = openedEvent('01a24e44-d4d7-7e0f-ade4-000000000e01', toInstant(at));
    const wire = { kind: REGISTER_RECORD_KIND, ...event, receivedAt: toInstant(at + 1000) };
    const p = received(press('drv-1', 'p1', at));
    const request = { ...batch([p, wire]), invitationsIssued: [{ day: '2026-12-01', channel: 'visit-qr' as const, issued: 4 }] };
    const before = await row("SELECT records_received::int FROM office_sync WHERE office_id = 'sharya'");
    expect(await statuses(request)).toEqual(['stored', 'stored']);
    expect(await statuses(request)).toEqual(['duplicate', 'duplicate']);
    expect(await row(`SELECT count(*)::int AS n FROM register_entry WHERE id = '${event.entryId}'`)).toEqual({ n: 1 });
    expect(await row("SELECT issued::int FROM office_invitation_day WHERE office_id = 'sharya' AND channel = 'visit-qr'")).toEqual({ issued: 4 });
    // Both stored records counted once (the resend stored nothing).
    expect(await row("SELECT records_received::int FROM office_sync WHERE office_id = 'sharya'")).toEqual({ records_received: Number(before.records_received) + 2 });
    const deadBefore = await count('dead_letter');
    expect(await statuses(batch([{ ...wire, summary: 'Другой текст' }]))).toEqual(['conflict']);
    expect((await pool.query('SELECT record_id, kind FROM dead_letter ORDER BY seq OFFSET $1', [deadBefore])).rows).toEqual([{ record_id: event.id, kind: REGISTER_RECORD_KIND }]);
  });

  it('a repeat inside one batch is a duplicate of the first copy', async () => {
    const p = received(press('drv-1', 'p1', moscowMidnight(2026, 11, 25) + 3600_000));
    expect(await statuses(batch([p, p]))).toEqual(['stored', 'duplicate']);
  });

  it('the same id with another body is a conflict: the held copy stays, the new one goes to dead letters', async () => {
    const at = moscowMidnight(2026, 11, 26) + 3600_000;
    const original = received(press('drv-1', 'p1', at, { score: 5, button: '5' }));
    expect(await statuses(batch([original]))).toEqual(['stored']);
    const otherScore = { ...original, score: 1, button: '1' };
    const otherBirth = { ...original, bornAt: toInstant(at + 40 * 86_400_000) };
    const deadBefore = await count('dead_letter');
    expect(await statuses(batch([otherScore, otherBirth, original]))).toEqual(['conflict', 'conflict', 'duplicate']);
    expect((await pool.query('SELECT score, born_at FROM press WHERE id = $1', [original.id])).rows).toEqual([{ score: 5, born_at: String(at) }]);
    // The refused copies go to the central's dead letters, in the batch's transaction.
    const dead = (await pool.query('SELECT record_id, kind, reason, body, source FROM dead_letter ORDER BY seq OFFSET $1', [deadBefore])).rows as { record_id: string; kind: string; reason: string; body: string; source: string }[];
    expect(dead.map((d) => [d.record_id, d.kind, d.reason, d.source])).toEqual([
      [original.id, 'press', 'conflict', 'office:sharya'],
      [original.id, 'press', 'conflict', 'office:sharya'],
    ]);
    expect(JSON.parse(dead[0]!.body)).toMatchObject({ score: 1 });
    // press has no key of its own (0008): the held copy is looked up by office and birth, so the same
    // id from another office is not found there, and is a conflict all the same.
    const fromBuy = { ...original, officeId: 'buy' };
    const outcome = await receive(batch([fromBuy]), { officeId: 'buy', keyId: 'key-2' }, NOW);
    expect(outcome.ok && outcome.ack.results).toEqual([{ id: original.id, status: 'conflict' }]);
    expect(await count(`press WHERE id = '${original.id}'`)).toBe(1);
  });

  it('an invalid record refuses the whole batch and stores nothing', async () => {
    const good = received(press('drv-1', 'p1', moscowMidnight(2026, 11, 27)));
    const stranger = received(press('drv-9', 'p9', moscowMidnight(2026, 11, 27), { officeId: 'buy' }));
    const before = await count('press');
    const outcome = await receive(batch([good, stranger]), from, NOW);
    expect(outcome).toMatchObject({ ok: false, rejection: { error: 'invalid-records', invalid: [{ index: 1 }] } });
    expect(await count('press')).toBe(before);
  });

  it('a NUL in a comment or desk (which PostgreSQL text cannot hold) is stored as U+FFFD, so the batch is not refused forever', async () => {
    const at = moscowMidnight(2026, 11, 20) + 3600_000;
    const r = received({ ...response('kiosk-1', at), comment: 'a\u0000b', desk: 'Окно\u00001' });
    const p = received(press('drv-1', 'p1', at + 1, { desk: 'Окно\u00002' }));
    expect(await statuses(batch([r, p]))).toEqual(['stored', 'stored']);
    expect(await statuses(batch([r, p]))).toEqual(['duplicate', 'duplicate']);
    expect((await pool.query('SELECT comment, desk FROM response WHERE id = $1', [r.id])).rows).toEqual([{ comment: 'a\ufffdb', desk: 'Окно\ufffd1' }]);
  });

  it('text that an array literal must quote (quotes, backslashes, braces, commas, the word NULL, spaces) is stored as sent, and its resend is a duplicate', async () => {
    const at = moscowMidnight(2026, 11, 21) + 3600_000;
    const texts = ['"Окно", {1}', 'C:\\очередь\\"2"', 'NULL', 'null', 'a  b', '\\', '{}', 'x,y'];
    const records = texts.flatMap((text, i) => [
      received({ ...response('kiosk-1', at + i), comment: text, desk: text }),
      received(press('drv-1', 'p1', at + 100 + i, { desk: text })),
    ]);
    expect(await statuses(batch(records))).toEqual(records.map(() => 'stored'));
    expect(await statuses(batch(records))).toEqual(records.map(() => 'duplicate'));
    const comments = (await pool.query<{ comment: string }>('SELECT comment FROM response WHERE born_at >= $1 AND born_at < $2 ORDER BY born_at', [at, at + 100])).rows;
    expect(comments.map((r) => r.comment)).toEqual(texts);
    const desks = (await pool.query<{ desk: string }>('SELECT desk FROM press WHERE born_at >= $1 AND born_at < $2 ORDER BY born_at', [at + 100, at + 200])).rows;
    expect(desks.map((r) => r.desk)).toEqual(texts);
  });

  it('an empty batch only reports the office status', async () => {
    const status = () => row("SELECT batches_received::int, backlog_reported::int, lag_ms::int FROM office_sync WHERE office_id = 'sharya'") as Promise<{ batches_received: number }>;
    const before = (await status()).batches_received;
    expect(await statuses(batch([], 12))).toEqual([]);
    expect(await status()).toEqual({ batches_received: before + 1, backlog_reported: 12, lag_ms: 0 });
  });

  it('the rollups count each new record once, and the figures read the same counts as on SQLite', async () => {
    const day = moscowMidnight(2026, 10, 14);
    const records = [
      ...Array.from({ length: 12 }, (_, i) => received(press('drv-1', 'p1', day + i * 600_000, { score: (i % 5) + 1, desk: i % 2 ? 'Окно 1' : null }))),
      ...Array.from({ length: 7 }, (_, i) => received({ ...response('kiosk-1', day + i * 700_000 + 1), answers: { csat1: (i % 5) + 1, nps: i, ces: 3 }, serviceId: i % 3 ? 'consult' : null, desk: i % 2 ? 'Окно 1' : null })),
    ];
    expect(await statuses(batch(records))).toEqual(records.map(() => 'stored'));
    expect(await statuses(batch(records))).toEqual(records.map(() => 'duplicate'));
    const pressDay = (await pool.query("SELECT sum(presses) AS n FROM press_day WHERE office_id = 'sharya' AND day = $1", [(day + 10_800_000) / 86_400_000])).rows[0].n;
    expect(Number(pressDay)).toBe(12);
    // The same records in a plain SQLite central: every dimension, whole days and a range cut inside a day.
    const local = testDb();
    const ingest = createIngest(local, { surveys: NO_SURVEY_VERSIONS, clock: () => NOW, forward: false });
    expect(ingest({ records }, { kind: 'office-hub', officeId: 'sharya' }).ok).toBe(true);
    for (const [start, end] of [[day, day + 86_400_000], [day + 3_600_000, day + 5 * 3_600_000]] as const) {
      for (const dimension of ['all', 'desk', 'service', 'channel'] as const) {
        const query = { officeIds: ['sharya', 'buy'], start, end, dimension };
        expect(await countHistogramsPg(pool, query)).toEqual(countHistograms(local, query));
      }
    }
    local.close();
  });
});

describe('month partitions (Moscow time)', () => {
  it('a press at 23:59:59.999 on 30 November Moscow goes to November, one at 00:00 on 1 December to December', async () => {
    const midnight = moscowMidnight(2026, 12, 1);
    expect(new Date(midnight).toISOString()).toBe('2026-11-30T21:00:00.000Z');
    const late = received(press('drv-1', 'p1', midnight - 1));
    const early = received(press('drv-1', 'p1', midnight));
    const rr = received({ ...response('kiosk-1', midnight), id: early.id.replace(/.$/, (c) => (c === '0' ? '1' : '0')) });
    expect(await statuses(batch([late, early, rr]))).toEqual(['stored', 'stored', 'stored']);
    const where = async (table: string, id: string) => (await pool.query(`SELECT tableoid::regclass::text AS part FROM ${table} WHERE id = $1`, [id])).rows[0]?.part;
    expect(await where('press', late.id)).toBe('press_2026_11');
    expect(await where('press', early.id)).toBe('press_2026_12');
    expect(await where('response', rr.id)).toBe('response_2026_12');
  });

  it('a period query reads only its month', async () => {
    const { rows } = await pool.query('EXPLAIN (COSTS OFF) SELECT count(*) FROM press WHERE born_at >= $1 AND born_at < $2', [moscowMidnight(2026, 12, 1), moscowMidnight(2027, 1, 1)]);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('press_2026_12');
    expect(plan).not.toContain('press_2026_11');
  });
});

describe('audit log', () => {
  it('takes new entries and refuses UPDATE, DELETE and TRUNCATE', async () => {
    await pool.query("INSERT INTO audit_log (at, actor, action, target) VALUES ($1, 'admin', 'user.create', 'ivanova')", [NOW]);
    await expect(pool.query("UPDATE audit_log SET actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await pool.query('SELECT actor FROM audit_log')).rows).toEqual([{ actor: 'admin' }]);
  });
});

describe('the same answers as the SQLite central', () => {
  it('one sequence of batches, one sequence of acks', async () => {
    const plain = testDb();
    const sqlite = createBatchReceiver(plain, sqlOverSqlite(plain), createIngest(plain, { surveys: NO_SURVEY_VERSIONS, clock: () => NOW, forward: false }));
    const at = moscowMidnight(2026, 11, 28) + 9 * 3600_000;
    const p = received(press('drv-1', 'p1', at));
    const r = received(response('kiosk-1', at + 1));
    const h = received(heartbeat('drv-1', at + 2));
    const sequence = [batch([p, r]), batch([p, h, r]), batch([{ ...p, score: 2 }, h]), batch([{ ...r, answers: { csat1: 1 } }, r, r])];
    for (const request of sequence) {
      const onSqlite = await sqlite(request, from, NOW);
      const onPostgres = await receive(request, from, NOW);
      expect(onPostgres).toEqual(onSqlite);
    }
    plain.close();
  });
});
