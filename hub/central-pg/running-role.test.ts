import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOverPostgres, sqlOverSqlite, type CentralSql } from '../sql/central-sql.ts';
import { MOVED_TABLES } from '../sql/copy-tables.ts';
import { audit, listAudit } from '../staff/audit.ts';
import { createUser, findUserById, setRoles } from '../staff/users.ts';
import { createSession, endSession, findSession } from '../staff/sessions.ts';
import { readOffices, replaceOffices, seedDefaultOffices } from '../db/offices.ts';
import { listDevices, registerDevice, revokeDevice } from '../devices/credentials.ts';
import { listArchive, recordArchived, recordMail } from '../reports/archive.ts';
import { createRegisterStore } from '../register/register-store.ts';
import { issueOfficeKey, listOfficeKeys, revokeOfficeKeys } from '../central/office-keys.ts';
import { listOfficeSync, officeSyncValues } from '../central/office-sync.ts';
import { createReplayCache } from '../central/replay-cache.ts';
import { noticeTable } from '../mail/outage-notices.ts';
import { recordIssuedInvitation } from '../invitations/invitation-store.ts';
import { attachmentBytes, deleteAttachment } from '../mystery-shopper/attachment-store.ts';
import { INSERT_DEAD_LETTERS, listReceivedDeadLetters } from '../ingest/dead-letters.ts';
import { UPSERT_OFFICE_SYNC } from '../central/office-sync.ts';
import { openedEvent } from '../../test/support/register-events.ts';
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
import { NOT_YET_MOVED, RUNNING_ROLE_TABLES, runningRoleTables } from './running-role.ts';

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
  // office_sync references the directory (PostgreSQL 0030): filled as a started central fills it, as this role.
  await seedDefaultOffices(store.sql);
  db = testDb();
  receive = createBatchReceiver(db, store.sql, createIngest(db, { surveys: NO_SURVEY_VERSIONS, clock: () => NOW, forward: false }), store.writer);
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
    // The refused copy in the dead letters, in the batch's transaction, as this role.
    expect((await running.query("SELECT record_id FROM dead_letter WHERE reason = 'conflict'")).rows.map((r: { record_id: string }) => r.record_id)).toEqual([records[0]!.id]);
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

describe('the grants cover every moved table', () => {
  it('every table of MOVED_TABLES has its grant; a table moved without one is refused by name', () => {
    for (const table of MOVED_TABLES) expect(RUNNING_ROLE_TABLES[table.name], table.name).toContain('SELECT');
    expect(() => runningRoleTables([...MOVED_TABLES.map((t) => t.name), 'new_store_table'])).toThrow(/new_store_table/);
    // Listed ahead of their move: granted only once in MOVED_TABLES (heartbeat keeps the records' grant meanwhile).
    for (const table of NOT_YET_MOVED) expect(RUNNING_ROLE_TABLES[table] ?? null, table).toEqual(table === 'heartbeat' ? ['SELECT', 'INSERT'] : null);
    // No TRUNCATE anywhere; no UPDATE or DELETE on what is only appended.
    for (const table of ['audit_log', 'dead_letter', 'register_event', 'ms_attachment_data', 'record_key', 'press', 'response']) expect(RUNNING_ROLE_TABLES[table], table).toEqual(['SELECT', 'INSERT']);
    expect(RUNNING_ROLE_TABLES.ms_visit).not.toContain('DELETE');
  });

  it('every granted table exists in the migrated schema (a grant is skipped only on a schema migrated part way)', async () => {
    const { rows } = await owner.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')");
    const present = new Set(rows.map((r) => r.relname));
    expect(Object.keys(RUNNING_ROLE_TABLES).filter((t) => !present.has(t))).toEqual([]);
  });
});

describe('the moved stores, written as the running role through CentralSql', () => {
  let sql: CentralSql;
  const at = NOW;
  beforeAll(() => {
    sql = sqlOverPostgres(url, { max: 3 });
  });
  afterAll(async () => {
    await sql?.close();
  });

  it('the office directory: seeded (at the start, by this role), then replaced (upsert, the unlisted closed)', async () => {
    expect((await readOffices(sql)).length).toBeGreaterThan(2);
    const offices = (await readOffices(sql)).slice(0, 2);
    await replaceOffices(sql, [...offices, { id: 'novaya', name: 'Новое', kind: 'otdel', address: 'адрес', closedAt: null }], at);
    const after = await readOffices(sql);
    expect(after.slice(0, 3).map((o) => [o.id, o.closedAt])).toEqual([[offices[0]!.id, null], [offices[1]!.id, null], ['novaya', null]]);
    expect(after.slice(3).every((o) => o.closedAt === at)).toBe(true);
  });

  it('an audit entry appended (its seq numbered without a grant on the sequence)', async () => {
    await audit(sql, { at, actor: 'admin', action: 'office.create', target: 'novaya' });
    expect((await listAudit(sql, { limit: 5 })).map((e) => e.target)).toContain('novaya');
  });

  it('a staff user created, its roles replaced, a session opened and ended', async () => {
    const user = await createUser(sql, { login: 'ivanova', displayName: 'Иванова', roles: [{ role: 'cx', officeId: null }] }, at);
    await setRoles(sql, user.id, [{ role: 'admin', officeId: null }]);
    expect((await findUserById(sql, user.id))?.roles).toEqual([{ role: 'admin', officeId: null }]);
    const { cookieValue } = await createSession(sql, user.id, at);
    expect(await findSession(sql, cookieValue, at + 1000)).not.toBeNull();
    await endSession(sql, cookieValue);
    expect(await findSession(sql, cookieValue, at + 2000)).toBeNull();
  });

  it('a register event appended and its entry folded (upsert)', async () => {
    const store = createRegisterStore(sql);
    const event = openedEvent('01950001-0000-7000-8000-000000000000', '2026-11-24T06:00:00.000Z');
    expect(await sql.transaction((trx) => store.receive(trx, [event], at))).toEqual([{ id: event.id, status: 'stored' }]);
    expect(await store.entry(event.id)).toMatchObject({ id: event.id, officeId: 'sharya' });
  });

  it('a device registered, revoked and registered again', async () => {
    await registerDevice(sql, { id: 'kiosk-9', officeId: 'novaya', kind: 'kiosk', name: 'Киоск' }, at);
    expect(await revokeDevice(sql, 'kiosk-9', at + 1)).toBe(true);
    await registerDevice(sql, { id: 'kiosk-9', officeId: 'novaya', kind: 'kiosk', name: 'Киоск' }, at + 2);
    expect((await listDevices(sql)).find((d) => d.id === 'kiosk-9')).toMatchObject({ revokedAt: null });
  });

  it('a report archived twice for one period (upsert) and its mail status set', async () => {
    const entry = { kind: 'monthly' as const, periodKey: '2026-11', periodLabel: 'ноябрь', generatedAt: at, cause: 'schedule' as const, xlsxFile: 'a.xlsx', csvFile: 'a.csv' };
    await recordArchived(sql, entry);
    const again = await recordArchived(sql, { ...entry, generatedAt: at + 1 });
    await recordMail(sql, again.id, 'sent', null);
    expect(await listArchive(sql)).toMatchObject([{ id: again.id, generatedAt: at + 1, mailStatus: 'sent' }]);
  });

  it('an office key issued and revoked; a signature remembered and the expired pruned', async () => {
    const issued = await issueOfficeKey(sql, { id: 'novaya', closedAt: null }, at);
    if (!issued.ok) throw new Error(issued.reason);
    expect(await revokeOfficeKeys(sql, 'novaya', at + 1)).toBe(1);
    expect(await listOfficeKeys(sql)).toMatchObject([{ keyId: issued.value.keyId, revokedAt: at + 1 }]);
    const seen = createReplayCache(sql, { pruneEveryMs: 0 });
    expect(await seen.remember('sig-1', at + 10, at)).toBe(true);
    expect(await seen.remember('sig-1', at + 10, at)).toBe(false);
    expect(await seen.remember('sig-2', at + 1000, at + 100)).toBe(true); // sig-1 pruned
    expect(await seen.remember('sig-1', at + 1000, at + 100)).toBe(true);
  });

  it('the receive path\'s statements: office status upserted twice, dead letters appended', async () => {
    const report = { officeId: 'novaya', keyId: 'k', now: at, oldestReceivedAt: at - 1000, stored: 3, backlog: 0, backlogOldestAt: null };
    await sql.db.executeQuery(CompiledQuery.raw(UPSERT_OFFICE_SYNC, officeSyncValues(report)));
    await sql.db.executeQuery(CompiledQuery.raw(UPSERT_OFFICE_SYNC, officeSyncValues({ ...report, now: at + 1 })));
    expect((await listOfficeSync(sql)).get('novaya')).toMatchObject({ recordsReceived: 6, batchesReceived: 2 });
    await sql.db.executeQuery(CompiledQuery.raw(INSERT_DEAD_LETTERS, [['r1'], ['press'], ['conflict'], ['{}'], ['novaya'], [at]]));
    // Newest first: the conflict the batch above refused is the older letter.
    expect((await listReceivedDeadLetters(sql, { limit: 10 }))[0]).toMatchObject({ recordId: 'r1' });
  });

  it('a notice recorded, replaced and cleared; an invitation counted by its trigger', async () => {
    const notices = noticeTable(sql, 'office_silence_notice');
    const row = { office_id: 'novaya', last_sync_at: at - 1, alerted_at: at };
    await notices.alerted(row);
    await notices.alerted({ ...row, alerted_at: at + 1 });
    expect((await notices.all()).get('novaya')).toMatchObject({ alerted_at: at + 1 });
    await notices.clear('novaya');
    expect((await notices.all()).size).toBe(0);
    const invite = { tokenHash: Buffer.alloc(32, 1), officeId: 'novaya', channel: 'visit-qr' as const, desk: null, serviceId: null, issuedBy: 'clerk', issuedAt: at, expiresAt: at + 1 };
    await recordIssuedInvitation(sql, invite);
    await recordIssuedInvitation(sql, { ...invite, tokenHash: Buffer.alloc(32, 2) });
    expect(await sql.db.selectFrom('invitation_day').select('issued').execute()).toEqual([{ issued: 2 }]);
  });

  it('a mystery shopper\'s attachment deleted: its bytes go by the cascade, which runs as the owner', async () => {
    await sql.db.insertInto('ms_template').values({ id: 't1', family_id: 'f1', version: 1, name: 'Ш', goals: '', scenario: 's', criteria: '[]', content_key: 'k', created_by: 'a', created_at: at, updated_at: at }).execute();
    await sql.db
      .insertInto('ms_visit')
      .values({ id: 'v1', template_id: 't1', office_id: 'novaya', visited_on: '2026-11-24', visited_time: null, scenario: 's', shopper: 'x', marks: '[]', notes: '', conclusions: 'c', proposals: '', score: 50, body: '{}', revision: 1, register_entry_id: null, created_by: 'a', created_at: at, updated_by: 'a', updated_at: at, approved_by: null, approved_at: null })
      .execute();
    await sql.db.insertInto('ms_attachment').values({ id: 'a1', visit_id: 'v1', name: 'f.pdf', type: 'application/pdf', size: 3, sha256: 'x', added_by: 'a', added_at: at }).execute();
    await sql.db.insertInto('ms_attachment_data').values({ attachment_id: 'a1', data: Buffer.from('pdf') }).execute();
    expect(await deleteAttachment(sql, 'a1')).toEqual({ ok: true });
    expect(await attachmentBytes(sql, 'a1')).toBeNull();
  });
});

describe('what the running role is refused (SQLSTATE 42501)', () => {
  const RECORD_TABLES = ['press', 'response', 'record_key', ...(RUNNING_ROLE_TABLES.heartbeat!.includes('DELETE') ? [] : ['heartbeat'])];
  const ROLLUPS = ['press_day', 'response_day', 'panel_day', 'device_response_day'];
  const statements = [
    ...[...RECORD_TABLES, ...ROLLUPS].flatMap((t) => [`UPDATE ${t} SET born_at = born_at`.replace(/born_at/g, t.endsWith('_day') ? 'day' : 'born_at'), `DELETE FROM ${t}`, `TRUNCATE ${t}`]),
    ...ROLLUPS.map((t) => `INSERT INTO ${t} SELECT * FROM ${t} LIMIT 0`),
    'DELETE FROM schema_migration',
    "INSERT INTO schema_migration VALUES (99, 'x', 0)",
    'SELECT * FROM migration_progress',
    // What is only appended: PostgreSQL refuses before audit_log's own triggers would.
    'UPDATE audit_log SET actor = actor',
    'DELETE FROM audit_log',
    'TRUNCATE audit_log',
    'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change',
    'UPDATE dead_letter SET reason = reason',
    'DELETE FROM dead_letter',
    'UPDATE register_event SET body = body',
    'DELETE FROM register_event',
    'DELETE FROM ms_visit',
    'DELETE FROM office',
    'TRUNCATE office',
    'DROP TABLE office',
    'DROP TABLE audit_log',
    'ALTER TABLE office DROP CONSTRAINT office_pkey',
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
