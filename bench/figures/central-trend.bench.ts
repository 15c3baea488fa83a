import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../shared/logger.ts';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import { moscowMidnight, parsePeriodKey, periodContaining, type Period } from '../../shared/periods.ts';
import { openPostgresStore } from '../../hub/central-pg/postgres-store.ts';
import { insertOfficeOnSqlite, seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openDatabase, type Db } from '../../hub/db/open.ts';
import { readOffices } from '../../hub/db/offices.ts';
import { sqlOverSqlite } from '../../hub/sql/central-sql.ts';
import { officeFigures } from '../../hub/reports/figures.ts';
import { sqliteRecordSource } from '../../hub/reports/record-source.ts';
import type { RecordSource } from '../../hub/records/record-source.ts';
import { REGION } from '../../hub/reports/scope.ts';
import { officeTrend } from '../../hub/reports/trend.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { figure, timeAsyncRuns, type BenchFigure } from '../figure.ts';

/**
 * The central's two heaviest report reads at federal volume, on both databases: the 12-month
 * regional trend and the offices × month table, on a year of 200 offices (BENCH_CENTRAL_TREND_PRESSES
 * presses, 50,000,000 by default, and a tenth as many survey answers), each beside the raw GROUP BY
 * of the same run (what the press_day / response_day rollups replace). The bound: ≤ 300 ms.
 *
 * The rows are made by the databases themselves (INSERT … SELECT over a generated series, births
 * spread over 2025, scores from a hash), through the same tables, indexes and rollup triggers as
 * the central's own inserts: what the reports read is exactly what a year of batches would leave.
 * The SQLite file is cached in the temp folder between runs (BENCH_REGENERATE=1 makes it again).
 */
const PRESSES = Number(process.env.BENCH_CENTRAL_TREND_PRESSES ?? 50_000_000);
const RESPONSES = Math.round(PRESSES / 10);
const OFFICES = 200;
const YEAR = { start: moscowMidnight(2025, 1, 1), end: moscowMidnight(2026, 1, 1) };
const GENERATOR_VERSION = 1;

function period(key: string): Period {
  const parsed = parsePeriodKey(key);
  if (!parsed.ok) throw new Error(key);
  return parsed.value;
}

const officeIds = (): string[] => [...DEFAULT_OFFICES.map((o) => o.id), ...Array.from({ length: OFFICES - DEFAULT_OFFICES.length }, (_, i) => `office-${DEFAULT_OFFICES.length + i}`)];

function directory(db: Db): void {
  seedOfficesOnSqlite(db);
  const known = new Set((db.prepare('SELECT id FROM office').pluck().all() as string[]));
  for (const id of officeIds()) if (!known.has(id)) insertOfficeOnSqlite(db, { id, kind: 'otdelenie', name: `Отделение ${id}`, address: 'адрес' });
}

// Row g of n: office g mod 200 (as offices are listed), born at an even step through the year,
// score and answers from a cheap integer hash of g, ids ordered like UUIDv7s made in time order.
const SQLITE_PRESSES = `
WITH RECURSIVE g(i) AS (SELECT @offset UNION ALL SELECT i + 1 FROM g WHERE i + 1 < @offset + @n)
INSERT INTO press (id, office_id, device_id, born_at, received_at, panel_id, desk, seq, button, score, suppressed)
SELECT printf('%08x-0000-7000-8000-%012x', @base, i), (SELECT id FROM bench_office WHERE n = i % ${OFFICES}),
       'drv', CAST(@start + i * @step AS INTEGER), CAST(@start + i * @step AS INTEGER) + 1000, 'p1', 'Окно 1', NULL, '', 1 + ((i * 2654435761) % 5), CASE WHEN i % 50 = 0 THEN 'too-soon' END
FROM g`;
const SQLITE_RESPONSES = `
WITH RECURSIVE g(i) AS (SELECT @offset UNION ALL SELECT i + 1 FROM g WHERE i + 1 < @offset + @n)
INSERT INTO response (id, office_id, device_id, born_at, received_at, channel, desk, service_id, csat1, csat2, csat3, ces, nps, comment, complete)
SELECT printf('%08x-0000-7000-9000-%012x', @base, i), (SELECT id FROM bench_office WHERE n = i % ${OFFICES}),
       'kiosk', CAST(@start + i * @step AS INTEGER), CAST(@start + i * @step AS INTEGER) + 1000, 'kiosk', NULL, NULL,
       1 + (i * 2654435761) % 5, 1 + (i * 40503) % 5, 1 + (i * 2246822519) % 5, 1 + (i * 3266489917) % 5, (i * 668265263) % 11, NULL, 1
FROM g`;

function sqliteYear(): Db {
  const dir = path.join(tmpdir(), 'czn-bench-central-trend');
  const file = path.join(dir, `year-v${GENERATOR_VERSION}-${PRESSES}.sqlite`);
  if (process.env.BENCH_REGENERATE === '1') rmSync(dir, { recursive: true, force: true });
  if (existsSync(file)) return openDatabase(file).db;
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const { db } = openDatabase(partial);
  directory(db);
  db.exec('CREATE TEMP TABLE bench_office (n INTEGER PRIMARY KEY, id TEXT NOT NULL)');
  const addOffice = db.prepare('INSERT INTO bench_office (n, id) VALUES (?, ?)');
  officeIds().forEach((id, n) => addOffice.run(n, id));
  // In slices of a million rows, each its own transaction (the WAL stays small).
  const fill = (sql: string, total: number, base: number) => {
    const statement = db.prepare(sql);
    const SLICE = 1_000_000;
    for (let done = 0; done < total; done += SLICE) {
      const n = Math.min(SLICE, total - done);
      statement.run({ n, offset: done, base, start: YEAR.start, step: (YEAR.end - YEAR.start) / total });
      process.stderr.write(`  central-trend (SQLite): ${done + n} of ${total}\r`);
    }
  };
  fill(SQLITE_PRESSES, PRESSES, 0x10000000);
  fill(SQLITE_RESPONSES, RESPONSES, 0x20000000);
  process.stderr.write('\n');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
  renameSync(partial, file);
  return openDatabase(file).db;
}


interface Measured {
  trend: { median: number; p90: number };
  table: { median: number; p90: number };
  rawMonth: { median: number; p90: number };
  rawYear: { median: number; p90: number };
}

async function measure(db: Db, records: RecordSource, raw: { month: () => unknown; year: () => unknown }): Promise<Measured> {
  const june = period('2025-06');
  // The directory as a hub holds it: read once, as at its start (ctx.offices).
  const sql = sqlOverSqlite(db);
  const directory = await readOffices(sql);
  return {
    trend: await timeAsyncRuns(5, () => officeTrend(sql, records, directory, { bucket: 'month', endsAt: YEAR.end - 1, count: 12, officeId: null }, REGION)),
    table: await timeAsyncRuns(5, () => officeFigures(sql, records, directory, june, REGION)),
    rawMonth: await timeAsyncRuns(3, raw.month),
    rawYear: await timeAsyncRuns(1, raw.year),
  };
}

export async function run(): Promise<BenchFigure[]> {
  const note = `${PRESSES.toLocaleString('en')} presses, ${RESPONSES.toLocaleString('en')} responses, ${OFFICES} offices, 2025; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`;
  const june = period('2025-06');

  // SQLite: the embedded central of today.
  const t0 = Date.now();
  const db = sqliteYear();
  process.stderr.write(`  central-trend: SQLite ready in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  const rawMonthSqlite = db.prepare('SELECT office_id, score, suppressed IS NOT NULL AS s, count(*) FROM press WHERE born_at >= ? AND born_at < ? GROUP BY office_id, s, score');
  const rawYearSqlite = db.prepare('SELECT office_id, (born_at + 10800000) / 86400000 AS day, score, count(*) FROM press WHERE born_at >= ? AND born_at < ? GROUP BY office_id, day, score');
  const onSqlite = await measure(db, sqliteRecordSource(db), { month: () => rawMonthSqlite.all(june.start, june.end), year: () => rawYearSqlite.all(YEAR.start, YEAR.end) });

  // PostgreSQL: the same volume, made by the server, month by month (each its own transaction).
  const cluster = await startPostgres({ durable: true });
  try {
    const url = await cluster.createDatabase('central');
    const store = openPostgresStore(url, createLogger('bench', { level: 'silent', pretty: false }));
    await store.ready();
    const { Pool } = (await import('pg')).default;
    const pool = new Pool({ connectionString: url, max: 2 });
    const t1 = Date.now();
    const ids = officeIds();
    for (let m = 1; m <= 12; m++) {
      const month = periodContaining('month', moscowMidnight(2025, m, 1));
      await pool.query('SELECT create_month_partitions($1, $2, $3)', [month.key, month.start, month.end]);
      const share = (month.end - month.start) / (YEAR.end - YEAR.start);
      const presses = Math.round(PRESSES * share);
      const responses = Math.round(RESPONSES * share);
      await pool.query(
        `INSERT INTO press (id, office_id, device_id, born_at, received_at, panel_id, desk, seq, button, score, suppressed)
         SELECT gen_random_uuid(), ($1::text[])[1 + g % 200], 'drv', $2 + (g * $4::float8)::bigint, $2 + (g * $4::float8)::bigint + 1000, 'p1', 'Окно 1', NULL, '',
                1 + (g::bigint * 2654435761) % 5, CASE WHEN g % 50 = 0 THEN 'too-soon' END
         FROM generate_series(0, $3 - 1) AS g`,
        [ids, month.start, presses, (month.end - month.start) / presses],
      );
      await pool.query(
        `INSERT INTO response (id, office_id, device_id, born_at, received_at, channel, desk, service_id, csat1, csat2, csat3, ces, nps, comment, complete)
         SELECT gen_random_uuid(), ($1::text[])[1 + g % 200], 'kiosk', $2 + (g * $4::float8)::bigint, $2 + (g * $4::float8)::bigint + 1000, 'kiosk', NULL, NULL,
                1 + (g::bigint * 2654435761) % 5, 1 + (g::bigint * 40503) % 5, 1 + (g::bigint * 2246822519) % 5, 1 + (g::bigint * 3266489917) % 5, (g::bigint * 668265263) % 11, NULL, true
         FROM generate_series(0, $3 - 1) AS g`,
        [ids, month.start, responses, (month.end - month.start) / responses],
      );
      process.stderr.write(`  central-trend (PostgreSQL): month ${m} of 12\r`);
    }
    await pool.query('VACUUM ANALYZE');
    process.stderr.write(`\n  central-trend: PostgreSQL ready in ${((Date.now() - t1) / 1000).toFixed(0)} s\n`);
    const onPostgres = await measure(db, store.records, {
      month: () => pool.query('SELECT office_id, score, suppressed IS NOT NULL AS s, count(*) FROM press WHERE born_at >= $1 AND born_at < $2 GROUP BY 1, 3, 2', [june.start, june.end]),
      year: () => pool.query('SELECT office_id, (born_at + 10800000) / 86400000 AS day, score, count(*) FROM press WHERE born_at >= $1 AND born_at < $2 GROUP BY 1, 2, 3', [YEAR.start, YEAR.end]),
    });
    await pool.end();
    await store.close();
    db.close();

    const out: BenchFigure[] = [];
    for (const [label, m] of [['sqlite', onSqlite], ['postgres', onPostgres]] as const) {
      out.push(
        figure(`central.trend-12-months.${label}`, m.trend.median, 'ms', { name: 'raw GROUP BY office, day, score over the year’s presses', value: m.rawYear.median, unit: 'ms' }, `officeTrend, 12 months, the whole region (rollups press_day and response_day), p90 ${m.trend.p90.toFixed(1)} ms; bound 300 ms; ${note}`),
        figure(`central.offices-x-month.${label}`, m.table.median, 'ms', { name: 'raw GROUP BY office, score over the month’s presses', value: m.rawMonth.median, unit: 'ms' }, `officeFigures for June 2025, ${OFFICES} offices, p90 ${m.table.p90.toFixed(1)} ms; bound 300 ms; ${note}`),
      );
    }
    return out;
  } finally {
    await cluster.stop();
  }
}
