import { createHash } from 'node:crypto';
import type pg from 'pg';
import { periodContaining } from '../../shared/periods.ts';
import { canonicalBody, type FeedbackRecord } from '../../shared/records.ts';
import type { Db } from '../db/open.ts';
import { pressFromRow as sqlitePress, responseFromRow as sqliteResponse, type PressRow as SqlitePressRow, type ResponseRow as SqliteResponseRow } from '../db/record-rows.ts';
import { migratePostgres } from './migrate.ts';
import { createMonthPartitions } from './month-partitions.ts';
import { heldCopies, insertBatch, type RunRaw } from './store-records.ts';
import { pressFromRow as pgPress, responseFromRow as pgResponse, type PressRow as PgPressRow, type ResponseRow as PgResponseRow, type StoredRecord } from './record-columns.ts';

/**
 * An SQLite central's presses and responses moved into the central's PostgreSQL
 * (`npm run hub -- migrate-central`, hub/cli/migrate-central.ts), then the central's own tables
 * whose stores run on both databases (`copyCentralTables` below, hub/sql/copy-tables.ts). The
 * SQLite file is only read.
 *
 * Copy: chunks read from SQLite in keyset order of the id (its primary key index; a UUIDv7 id is
 * roughly time-ordered, so a chunk touches few month partitions). Not the rowid: VACUUM, or a file
 * restored from `backup` (VACUUM INTO), may renumber the rowids of a table without an INTEGER
 * PRIMARY KEY, and a saved rowid would then skip rows. Each chunk goes through the live receive
 * path's statement (INSERT_BATCH: record_key first with ON CONFLICT DO NOTHING, then the
 * partitioned table, whose statement triggers keep press_day and response_day), after its month
 * partitions are made. In the chunk's transaction: its conflicts (migration_conflict) and the last
 * id copied (migration_progress), so a run killed at any point resumes after its last committed
 * chunk; and since the insert is idempotent, even a run that starts over (`rescan`) doubles nothing.
 *
 * Verify: per table and Moscow month of birth, the count of records and a checksum, computed the
 * same way on both sides from records rebuilt by each database's own row reader (hub/db/record-rows.ts,
 * record-columns.ts): the sum modulo 2^64 of the first 64 bits of md5(canonical body + receivedAt).
 * A sum does not depend on the order rows are read in (SQLite orders text by bytes, PostgreSQL
 * uuids by value, so no common order is needed); a record missing on one side and another extra
 * cannot cancel except by a 2^-64 chance; a doubled record changes the count; a changed field, even
 * one only the central's resend check would see, changes the hash. It costs one read of each table
 * (a few µs a record in this process), which for a one-off migration is the price of comparing
 * what the central will actually read back rather than a column or two.
 */
export const MIGRATED_TABLES = ['press', 'response'] as const;
export type MigratedTable = (typeof MIGRATED_TABLES)[number];

const SQLITE_COLUMNS: Record<MigratedTable, string> = {
  press: 'id, office_id, device_id, panel_id, desk, seq, button, score, suppressed, born_at, received_at',
  response: 'id, office_id, device_id, channel, desk, service_id, csat1, csat2, csat3, ces, nps, comment, complete, born_at, received_at',
};

const fromSqlite = (table: MigratedTable, row: unknown): FeedbackRecord => (table === 'press' ? sqlitePress(row as SqlitePressRow) : sqliteResponse(row as SqliteResponseRow));
const fromPostgres = (table: MigratedTable, row: unknown): FeedbackRecord => (table === 'press' ? pgPress(row as PgPressRow) : pgResponse(row as PgResponseRow));

export interface CopyProgress {
  table: MigratedTable;
  /** Records of this table up to the cursor (copied by this run or an earlier one). */
  done: number;
  total: number;
  /** Records this run has written (stored, duplicate or conflict), all tables. */
  thisRun: number;
  elapsedMs: number;
}

export interface TableCopy {
  table: MigratedTable;
  /** Records of the table in the SQLite file. */
  total: number;
  /** Where this run started: records already behind the saved cursor. */
  resumedAt: number;
  stored: number;
  duplicates: number;
  conflicts: number;
}

export interface CopyOptions {
  /** Records per chunk (one transaction each). */
  chunk: number;
  /** Records a second at most, so a copy into a server already in use does not crowd it. */
  ratePerSecond?: number | undefined;
  /** Start from the first record instead of the saved cursor (everything copied is found a duplicate). */
  rescan?: boolean;
  onProgress?: (progress: CopyProgress) => void;
  now?: () => number;
}

export class MigrationBusyError extends Error {
  override name = 'MigrationBusyError';
}

/** Applies the PostgreSQL migrations (0003 adds this command's own tables). */
export async function preparePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await migratePostgres(client);
  } finally {
    client.release();
  }
}

const PROGRESS_UPSERT = `INSERT INTO migration_progress (source, table_name, last_id, stored, duplicates, conflicts, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (source, table_name) DO UPDATE SET last_id = excluded.last_id, stored = migration_progress.stored + excluded.stored,
    duplicates = migration_progress.duplicates + excluded.duplicates, conflicts = migration_progress.conflicts + excluded.conflicts, updated_at = excluded.updated_at`;
const CONFLICT_INSERT = `INSERT INTO migration_conflict (source, kind, id, body, held, found_at)
  SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
  ON CONFLICT (source, kind, id) DO NOTHING`;
// One migration at a time per PostgreSQL database: two runs over the same file would race on the cursor.
const LOCK_KEY = 'migrate-central';

/** `body` while holding this database's migration lock (one migrate-central at a time), on a connection of its own. */
export async function withMigrationLock<T>(pool: pg.Pool, body: () => Promise<T>): Promise<T> {
  const lock = await pool.connect();
  try {
    const got = (await lock.query<{ got: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS got', [LOCK_KEY])).rows[0]?.got;
    if (!got) throw new MigrationBusyError('в эту базу PostgreSQL уже идёт перенос (другой процесс migrate-central); дождитесь его или остановите');
    try {
      return await body();
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK_KEY]);
    }
  } finally {
    lock.release();
  }
}

export async function copyCentral(sqlite: Db, pool: pg.Pool, source: string, options: CopyOptions): Promise<TableCopy[]> {
  const now = options.now ?? Date.now;
  return withMigrationLock(pool, async () => {
    const ensureMonths = createMonthPartitions(pool);
    const started = now();
    let thisRun = 0;
    const copies: TableCopy[] = [];
    for (const table of MIGRATED_TABLES) {
      const saved = options.rescan
        ? null
        : ((await pool.query<{ last_id: string }>('SELECT last_id FROM migration_progress WHERE source = $1 AND table_name = $2', [source, table])).rows[0]?.last_id ?? null);
      const total = (sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) ?? 0;
      const resumedAt = saved === null ? 0 : (sqlite.prepare(`SELECT count(*) FROM ${table} WHERE id <= ?`).pluck().get(saved) as number);
      const copy: TableCopy = { table, total, resumedAt, stored: 0, duplicates: 0, conflicts: 0 };
      copies.push(copy);
      const first = sqlite.prepare(`SELECT ${SQLITE_COLUMNS[table]} FROM ${table} ORDER BY id LIMIT ?`);
      const next = sqlite.prepare(`SELECT ${SQLITE_COLUMNS[table]} FROM ${table} WHERE id > ? ORDER BY id LIMIT ?`);
      let cursor = saved;
      let done = resumedAt;
      for (;;) {
        const rows = (cursor === null ? first.all(options.chunk) : next.all(cursor, options.chunk)) as { id: string; received_at: number }[];
        if (rows.length === 0) break;
        const records: StoredRecord[] = rows.map((row) => ({ record: fromSqlite(table, row), receivedAt: row.received_at }));
        const lastId = rows[rows.length - 1]!.id;
        const outcome = await writeChunk(pool, ensureMonths, source, table, records, lastId, now());
        copy.stored += outcome.stored;
        copy.duplicates += outcome.duplicates;
        copy.conflicts += outcome.conflicts;
        cursor = lastId;
        done += rows.length;
        thisRun += rows.length;
        options.onProgress?.({ table, done, total, thisRun, elapsedMs: now() - started });
        if (options.ratePerSecond) {
          const wait = (thisRun / options.ratePerSecond) * 1000 - (now() - started);
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    }
    return copies;
  });
}

async function writeChunk(
  pool: pg.Pool,
  ensureMonths: (bornAts: Iterable<number>) => Promise<void>,
  source: string,
  table: MigratedTable,
  records: StoredRecord[],
  lastId: string,
  at: number,
): Promise<{ stored: number; duplicates: number; conflicts: number }> {
  // Partitions in their own short transaction, as the live path makes them (month-partitions.ts).
  await ensureMonths(records.map((r) => Date.parse(r.record.bornAt)));
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const run: RunRaw = async <R>(text: string, params: readonly unknown[]) => (await client.query(text, [...params])).rows as R[];
    // PostgreSQL answers uuids in lower case; the ids are compared in that form.
    const heldIds = await insertBatch(run, records);
    const notStored = records.filter((r) => heldIds.has(r.record.id.toLowerCase()));
    const held = await heldCopies(run, notStored);
    const conflicts: { record: FeedbackRecord; held: FeedbackRecord | undefined }[] = [];
    for (const { record } of notStored) {
      const holding = held.get(record.id.toLowerCase());
      const same = holding !== undefined && holding.kind === record.kind && canonicalBody(holding) === canonicalBody(record);
      if (!same) conflicts.push({ record, held: holding });
    }
    if (conflicts.length > 0) {
      await client.query(CONFLICT_INSERT, [
        source,
        conflicts.map((c) => c.record.kind),
        conflicts.map((c) => c.record.id),
        conflicts.map((c) => canonicalBody(c.record)),
        conflicts.map((c) => (c.held ? canonicalBody(c.held) : null)),
        conflicts.map(() => at),
      ]);
    }
    const counts = { stored: records.length - notStored.length, duplicates: notStored.length - conflicts.length, conflicts: conflicts.length };
    await client.query(PROGRESS_UPSERT, [source, table, lastId, counts.stored, counts.duplicates, counts.conflicts, at]);
    await client.query('COMMIT');
    return counts;
  } catch (error) {
    await client.query('ROLLBACK').catch((lost: unknown) => (broken = lost instanceof Error ? lost : new Error(String(lost))));
    throw error;
  } finally {
    client.release(broken);
  }
}

export interface MigrationConflict {
  kind: string;
  id: string;
  /** The SQLite copy, canonical. */
  body: string;
  /** The copy PostgreSQL holds, canonical; null when held as another kind or with another birth. */
  held: string | null;
}

/** The conflicts met with this source file over all runs: how many, and the first `limit` by kind and id. */
export async function listConflicts(pool: pg.Pool, source: string, limit = 1000): Promise<{ count: number; first: MigrationConflict[] }> {
  const total = await pool.query<{ n: string }>('SELECT count(*) AS n FROM migration_conflict WHERE source = $1', [source]);
  const { rows } = await pool.query<MigrationConflict>('SELECT kind, id, body, held FROM migration_conflict WHERE source = $1 ORDER BY kind, id LIMIT $2', [source, limit]);
  return { count: Number(total.rows[0]?.n ?? 0), first: rows };
}

export interface MonthFigures {
  count: number;
  /** The sum of the records' 64-bit fingerprints modulo 2^64, as 16 hex digits. */
  checksum: string;
}

export interface MonthCheck {
  table: MigratedTable;
  /** Moscow month of birth, YYYY-MM. */
  month: string;
  sqlite: MonthFigures;
  postgres: MonthFigures;
  ok: boolean;
}

export interface Verification {
  ok: boolean;
  months: MonthCheck[];
}

/** Folds records into per-month counts and checksums; the same fold on both sides. */
class MonthFold {
  private readonly months = new Map<string, { count: number; sum: bigint }>();
  private current: { key: string; start: number; end: number } | null = null;

  add(record: FeedbackRecord): void {
    const born = Date.parse(record.bornAt);
    // periodContaining builds labels; one call per month met, not per record.
    if (!this.current || born < this.current.start || born >= this.current.end) this.current = periodContaining('month', born);
    const digest = createHash('md5').update(canonicalBody(record)).update('\n').update(record.receivedAt ?? '').digest();
    const entry = this.months.get(this.current.key) ?? { count: 0, sum: 0n };
    entry.count += 1;
    entry.sum += digest.readBigUInt64BE(0);
    this.months.set(this.current.key, entry);
  }

  result(): Map<string, MonthFigures> {
    return new Map([...this.months].map(([key, { count, sum }]) => [key, { count, checksum: BigInt.asUintN(64, sum).toString(16).padStart(16, '0') }]));
  }
}

function sqliteFigures(sqlite: Db, table: MigratedTable): Map<string, MonthFigures> {
  const fold = new MonthFold();
  for (const row of sqlite.prepare(`SELECT ${SQLITE_COLUMNS[table]} FROM ${table}`).iterate()) fold.add(fromSqlite(table, row));
  return fold.result();
}

const PG_FETCH = 10_000;

/**
 * Every row of the table through one server-side cursor: one sequential scan of the partitions in
 * one snapshot, fetched 10,000 rows at a time. No order is asked for (the sum does not need one),
 * and the month is taken from each row's birth exactly as on the SQLite side.
 */
async function postgresFigures(pool: pg.Pool, table: MigratedTable): Promise<Map<string, MonthFigures>> {
  const fold = new MonthFold();
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`DECLARE verify_rows NO SCROLL CURSOR FOR SELECT * FROM ${table}`);
    for (;;) {
      const page = await client.query(`FETCH ${PG_FETCH} FROM verify_rows`);
      for (const row of page.rows) fold.add(fromPostgres(table, row));
      if (page.rows.length < PG_FETCH) break;
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch((lost: unknown) => (broken = lost instanceof Error ? lost : new Error(String(lost))));
    throw error;
  } finally {
    client.release(broken);
  }
  return fold.result();
}

export async function verifyCentral(sqlite: Db, pool: pg.Pool): Promise<Verification> {
  const months: MonthCheck[] = [];
  const none: MonthFigures = { count: 0, checksum: '0'.repeat(16) };
  for (const table of MIGRATED_TABLES) {
    const [left, right] = [sqliteFigures(sqlite, table), await postgresFigures(pool, table)];
    // The months either side has records in (an empty partition is no month).
    const keys = [...new Set([...left.keys(), ...right.keys()])].sort();
    for (const month of keys) {
      const sqliteSide = left.get(month) ?? none;
      const postgresSide = right.get(month) ?? none;
      months.push({ table, month, sqlite: sqliteSide, postgres: postgresSide, ok: sqliteSide.count === postgresSide.count && sqliteSide.checksum === postgresSide.checksum });
    }
  }
  return { ok: months.every((m) => m.ok), months };
}
