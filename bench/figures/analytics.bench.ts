import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import { moscowMidnight, parsePeriodKey, type Period } from '../../shared/periods.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openDatabase, type Db } from '../../hub/db/open.ts';
import { readOffices } from '../../hub/db/offices.ts';
import { DEFAULT_SERVICES, seedDefaultServices } from '../../hub/db/services.ts';
import { sqlOverSqlite } from '../../hub/sql/central-sql.ts';
import { commentFeed } from '../../hub/reports/comments.ts';
import { officeDrill } from '../../hub/reports/drill.ts';
import { officeFigures } from '../../hub/reports/figures.ts';
import { countHistograms, pressHistogramSql, responseHistogramSql } from '../../hub/reports/histograms.ts';
import { buildReport } from '../../hub/reports/report-files.ts';
import { REGION } from '../../hub/reports/scope.ts';
import { officeTrend } from '../../hub/reports/trend.ts';
import { sqliteRecordSource } from '../../hub/reports/record-source.ts';
import { figure, timeAsyncRuns, type BenchFigure } from '../figure.ts';
import { generateYear } from '../generate-year.ts';

/**
 * CX analytics on a year of 25 offices (5.05 M presses, 505 k responses, bench/generate-year.ts):
 * the offices × month table and the other dashboard queries, each beside the raw SQL GROUP BY on
 * the same data in the same run (the query a person would write against press and response, with
 * whatever index SQLite picks). Targets for the table: ≤ 300 ms and ≤ 2 × the floor.
 *
 * Generating the year takes minutes on a busy 2-core machine, so the database is kept between
 * runs in the system temp directory, keyed by the generator's parameters; BENCH_REGENERATE=1
 * makes a fresh one. The generation rate is measured when it happens.
 */
const PRESSES = 5_050_000;
const RESPONSES = 505_000;
const GENERATOR_VERSION = 1;
const YEAR = { start: moscowMidnight(2025, 1, 1), end: moscowMidnight(2026, 1, 1) };

function period(key: string): Period {
  const p = parsePeriodKey(key);
  if (!p.ok) throw new Error(p.reason);
  return p.value;
}

/** Median and p90 of `runs` timed calls after one warm-up, in ms. */

async function yearDatabase(): Promise<{ db: Db; generated: { seconds: number; rows: number } | null }> {
  const dir = path.join(tmpdir(), 'czn-bench-analytics');
  const file = path.join(dir, `year-v${GENERATOR_VERSION}-${PRESSES}-${RESPONSES}.sqlite`);
  if (process.env.BENCH_REGENERATE === '1') rmSync(dir, { recursive: true, force: true });
  if (existsSync(file)) {
    // An older cached file is brought up to the current schema by the hub's own migrations.
    const { db } = openDatabase(file);
    await seedDefaultServices(sqlOverSqlite(db));
    return { db, generated: null };
  }
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const { db } = openDatabase(partial);
  seedOfficesOnSqlite(db);
  await seedDefaultServices(sqlOverSqlite(db));
  const t0 = process.hrtime.bigint();
  const result = generateYear(db, {
    officeIds: DEFAULT_OFFICES.map((o) => o.id),
    ...YEAR,
    presses: PRESSES,
    responses: RESPONSES,
    onProgress: (done, total) => process.stderr.write(`  analytics: generated ${done} of ${total}\r`),
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stderr.write('\n');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, file);
  return { db: openDatabase(file).db, generated: { seconds, rows: result.presses + result.responses } };
}

export async function run(): Promise<BenchFigure[]> {
  const { db, generated } = await yearDatabase();
  const rows = db.prepare('SELECT (SELECT count(*) FROM press) AS presses, (SELECT count(*) FROM response) AS responses').get() as { presses: number; responses: number };
  const dataNote = `${rows.presses.toLocaleString('en')} presses, ${rows.responses.toLocaleString('en')} responses, 25 offices, 2025`;
  const june = period('2025-06');
  const officeIds = DEFAULT_OFFICES.map((o) => o.id);

  const floorPress = db.prepare('SELECT office_id, score, suppressed IS NOT NULL AS s, count(*) FROM press WHERE born_at >= ? AND born_at < ? GROUP BY office_id, s, score');
  const floorResponse = db.prepare('SELECT office_id, csat1, csat2, csat3, ces, nps, count(*) FROM response WHERE born_at >= ? AND born_at < ? GROUP BY office_id, csat1, csat2, csat3, ces, nps');
  const floorMonth = await timeAsyncRuns(5, () => {
    floorPress.all(june.start, june.end);
    floorResponse.all(june.start, june.end);
  });
  const floorMonthNote = { name: 'raw GROUP BY office, score on press + response for the month', value: floorMonth.median, unit: 'ms' };

  const records = sqliteRecordSource(db);
  // The directory as a hub holds it: read once, as at its start (ctx.offices).
  const sql = sqlOverSqlite(db);
  const directory = await readOffices(sql);
  const table = await timeAsyncRuns(15, () => officeFigures(sql, records, directory, june, REGION));
  const withoutRollup = db.prepare(pressHistogramSql('all')!);
  const pressRows = await timeAsyncRuns(5, () => withoutRollup.all({ offices: JSON.stringify(officeIds), start: june.start, end: june.end }));

  const floorYearByDay = db.prepare('SELECT office_id, (born_at + 10800000) / 86400000 AS day, score, count(*) FROM press WHERE born_at >= ? AND born_at < ? AND suppressed IS NULL GROUP BY office_id, day, score');
  const floorYear = await timeAsyncRuns(2, () => floorYearByDay.all(YEAR.start, YEAR.end));
  const trend = await timeAsyncRuns(5, () => officeTrend(sql, records, directory, { bucket: 'month', endsAt: YEAR.end - 1, count: 12, officeId: null }, REGION));
  // What the response_day rollup (migration 0015) replaced: each month's responses grouped by answer combination.
  const responsesRaw = db.prepare(responseHistogramSql('all'));
  const months = Array.from({ length: 12 }, (_, i) => period(`2025-${String(i + 1).padStart(2, '0')}`));
  const trendResponsesRaw = await timeAsyncRuns(3, () => months.forEach((m) => responsesRaw.all({ offices: JSON.stringify(officeIds), start: m.start, end: m.end })));

  const floorDesk = db.prepare("SELECT coalesce(desk, ''), score, count(*) FROM press WHERE office_id = 'kostroma' AND born_at >= ? AND born_at < ? GROUP BY 1, 2");
  const floorDrill = await timeAsyncRuns(5, () => floorDesk.all(june.start, june.end));
  const drill = await timeAsyncRuns(5, () => officeDrill(sql, DEFAULT_SERVICES, records, directory, june, 'kostroma', REGION));

  const comments = await timeAsyncRuns(10, () => commentFeed(sql, DEFAULT_SERVICES, records, directory, { period: june, officeId: null, tone: 'negative', search: null, limit: 30, before: null }, REGION));
  const search = await timeAsyncRuns(5, () => commentFeed(sql, DEFAULT_SERVICES, records, directory, { period: june, officeId: null, tone: 'all', search: 'очеред', limit: 30, before: null }, REGION));
  const week = period('2025-W24');
  const xlsx = await timeAsyncRuns(5, () => buildReport(sql, records, directory, 'weekly-panel', week, 'xlsx', REGION, Date.now()));
  const sqlOnly = await timeAsyncRuns(15, () => countHistograms(db, { officeIds, start: june.start, end: june.end, dimension: 'all' }));
  db.close();

  const figures: BenchFigure[] = [
    figure('reports.figures.offices-x-month', table.median, 'ms', floorMonthNote, `officeFigures (offices list, press_day and response_day rollups, shared metric functions), p90 ${table.p90.toFixed(1)} ms; ${dataNote}`),
    figure('reports.figures.offices-x-month.histograms-only', sqlOnly.median, 'ms', floorMonthNote, 'the two GROUP BY queries of hub/reports/histograms.ts alone'),
    figure('reports.figures.month-presses-without-rollup', pressRows.median, 'ms', floorMonthNote, 'press GROUP BY through press_by_office_time (covering), what the rollup replaces'),
    figure('reports.trend.region-12-months', trend.median, 'ms', { name: 'raw GROUP BY office, Moscow day, score on press for the year', value: floorYear.median, unit: 'ms' }, `officeTrend by month: press_day and response_day rollups, p90 ${trend.p90.toFixed(1)} ms`),
    figure('reports.trend.region-12-months.responses-without-rollup', trendResponsesRaw.median, 'ms', { name: 'raw GROUP BY office, Moscow day, score on press for the year', value: floorYear.median, unit: 'ms' }, 'the twelve response GROUP BYs through response_by_office_time that response_day replaces (the trend before migration 0015 ran these)'),
    figure('reports.drill.kostroma-month', drill.median, 'ms', { name: 'raw GROUP BY desk, score on press for the office and month', value: floorDrill.median, unit: 'ms' }, 'by desk, by channel, by service'),
    figure('reports.comments.negative-first-page', comments.median, 'ms', null, '30 newest negative comments of the month, with the total count'),
    figure('reports.comments.search', search.median, 'ms', null, 'case-insensitive Russian substring over the month'),
    figure('reports.export.weekly-panel-xlsx', xlsx.median, 'ms', null, 'query + exceljs workbook for one week'),
  ];
  if (generated) figures.push(figure('bench.generate-year.rows-per-second', generated.rows / generated.seconds, 'rows/s', null, `through the hub's record store with the press_day trigger, ${generated.seconds.toFixed(0)} s in all`));
  return figures;
}
