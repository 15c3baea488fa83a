import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moscowMidnight, periodContaining } from '../../shared/periods.ts';
import { createLogger } from '../../shared/logger.ts';
import type { Press, SurveyResponse } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import { ingestAt, press, response, testDb } from '../../test/support/test-records.ts';
import { startPostgres, type PostgresCluster } from '../../test/support/postgres.ts';
import { migrateCentralCommand, type MigrateCentralSummary } from '../cli/migrate-central.ts';
import type { Db } from '../db/open.ts';
import { countHistograms, type Dimension } from '../reports/histograms.ts';
import { countHistogramsPg } from './histograms.ts';
import { openPostgresStore } from './postgres-store.ts';
import { preparePostgres } from './migrate-central.ts';
import { insertOffice, readOffices, seedDefaultOffices } from '../db/offices.ts';
import { DEFAULT_SERVICES, readServices, replaceServices, seedDefaultServices } from '../db/services.ts';
import { recordArchived } from '../reports/archive.ts';
import { sqlOverPostgres, sqlOverSqlite } from '../sql/central-sql.ts';
import { checkMovedTables, MOVED_TABLES } from '../sql/copy-tables.ts';
import { audit, listAudit } from '../staff/audit.ts';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';

/**
 * `npm run hub -- migrate-central`: an SQLite central of a few thousand presses and responses over
 * two Moscow months (November and December 2026, with births on both sides of the midnight between
 * them) moved into a throwaway PostgreSQL (test/support/postgres.ts), one fresh database per test.
 * The same figures must come out of both (the rollups are kept by the live path's triggers), a run
 * killed with SIGKILL must resume and double nothing, and a conflicting id must be reported, not
 * overwritten. The central's own tables (hub/sql/copy-tables.ts) follow the records: copied once,
 * checked table by table, left alone when already equal, refused when PostgreSQL holds other rows.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NOW = Date.parse('2027-01-10T09:00:00.000Z');
const NOV = periodContaining('month', moscowMidnight(2026, 11, 1));
const DEC = periodContaining('month', moscowMidnight(2026, 12, 1));
const OFFICES = ['sharya', 'buy'];

let cluster: PostgresCluster;
let central: Db;
let file: string;
const expected = { press: { '2026-11': 0, '2026-12': 0 }, response: { '2026-11': 0, '2026-12': 0 } } as Record<'press' | 'response', Record<string, number>>;
let firstPress: Press;

/** Deterministic spread: record i of n born somewhere in [NOV.start, DEC.end), some within a minute of the month boundary. */
function bornAt(i: number, n: number): number {
  if (i % 50 === 0) return DEC.start + ((i % 100 === 0 ? -1 : 1) * ((i * 7919) % 60_000 + 1));
  return NOV.start + Math.floor(((i * 2654435761) % n) * ((DEC.end - NOV.start) / n));
}

beforeAll(async () => {
  cluster = await startPostgres();
  central = testDb();
  file = central.name;
  for (const officeId of OFFICES) {
    const presses: Press[] = Array.from({ length: 1200 }, (_, i) =>
      press(`drv-${officeId}`, `p${i % 3}`, bornAt(i, 1200), { officeId, score: (i % 5) + 1, desk: i % 4 === 0 ? null : `Окно ${i % 4}`, seq: i % 7 === 0 ? null : i, suppressed: i % 31 === 0 ? 'too-soon' : null, button: String((i % 5) + 1) }),
    );
    const responses: SurveyResponse[] = Array.from({ length: 400 }, (_, i) => ({
      ...response(`kiosk-${officeId}`, bornAt(i + 7, 400)),
      officeId,
      channel: i % 3 === 0 ? 'qr-poster' : 'kiosk',
      answers: { csat1: (i % 5) + 1, ...(i % 2 ? { csat2: ((i + 1) % 5) + 1, nps: i % 11 } : {}), ...(i % 3 ? { ces: ((i + 2) % 5) + 1, csat3: (i % 4) + 1 } : {}) },
      comment: i % 9 === 0 ? `Комментарий «${i}»\nс переводом строки` : null,
      serviceId: i % 4 === 0 ? 'consult' : null,
      desk: i % 2 ? 'Окно 1' : null,
      complete: i % 10 !== 0,
    }));
    for (const records of [presses, responses]) {
      for (let at = 0; at < records.length; at += 500) ingestAt(central, NOW - 3600_000, records.slice(at, at + 500) as (Press | SurveyResponse)[]);
      for (const r of records) expected[r.kind as 'press' | 'response'][periodContaining('month', Date.parse(r.bornAt)).key]! += 1;
    }
    if (officeId === 'sharya') firstPress = presses[1]!;
  }
  // The central's own tables: the default offices (testDb) and one more, its own service list, some audit and archive rows.
  const own = sqlOverSqlite(central);
  await insertOffice(own, { id: 'test-extra', name: 'Отдел «проверка»', kind: 'otdel', address: 'ул. Тестовая, 1' });
  await replaceServices(own, { services: [{ id: 'consult', name: 'Консультация', active: true }, { id: 'own-one', name: 'Своя услуга', active: false }] });
  for (let i = 0; i < 5; i++) await audit(own, { at: NOW - i, actor: 'admin', action: 'user.create', target: `user-${i}` });
  await recordArchived(own, { kind: 'monthly', periodKey: '2026-11', periodLabel: 'ноябрь 2026', generatedAt: NOW, cause: 'schedule', xlsxFile: 'monthly/2026-11.xlsx', csvFile: 'monthly/2026-11.csv' });
}, 60_000);

afterAll(async () => {
  central?.close();
  await cluster?.stop();
});

const TOTAL = 2 * (1200 + 400);
const silent = { out: () => undefined, err: () => undefined };

async function inProcess(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await migrateCentralCommand(args, {}, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface Child {
  code: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  kill: () => void;
}
function child(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'hub/cli.ts', 'migrate-central', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return { code: new Promise((resolve) => proc.on('exit', (code) => resolve(code))), stdout: () => stdout, stderr: () => stderr, kill: () => proc.kill('SIGKILL') };
}

async function withPool<T>(url: string, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}
const count = async (pool: pg.Pool, sql: string, params: unknown[] = []) => Number((await pool.query(sql, params)).rows[0].n);

/** Every moved table in PostgreSQL equal to the SQLite file's, by count and SHA-256. */
async function expectTablesSame(url: string): Promise<void> {
  const to = sqlOverPostgres(url, { max: 1 });
  try {
    const checks = await checkMovedTables(sqlOverSqlite(central), to);
    expect(checks.filter((c) => !c.ok).map((c) => c.table)).toEqual([]);
    expect(checks.find((c) => c.table === 'office')?.target.rows).toBe(DEFAULT_OFFICES.length + 1);
    expect(await readServices(to)).toEqual(await readServices(sqlOverSqlite(central)));
    expect(await listAudit(to, { limit: 100 })).toEqual(await listAudit(sqlOverSqlite(central), { limit: 100 }));
  } finally {
    await to.close();
  }
}
const allTablesOk = (summary: MigrateCentralSummary) => summary.tables.checks.length === MOVED_TABLES.length && summary.tables.checks.every((c) => c.ok);

/** Counts per table and month, the rollups, every figure's counts: equal to the SQLite central's. */
async function expectSameAsSqlite(pool: pg.Pool): Promise<void> {
  for (const table of ['press', 'response'] as const) {
    for (const month of [NOV, DEC]) {
      expect(await count(pool, `SELECT count(*) AS n FROM ${table} WHERE born_at >= $1 AND born_at < $2`, [month.start, month.end])).toBe(expected[table][month.key]);
    }
  }
  expect(await count(pool, 'SELECT count(*) AS n FROM record_key')).toBe(TOTAL);
  expect(await count(pool, 'SELECT sum(presses) AS n FROM press_day')).toBe(2 * 1200);
  expect(await count(pool, 'SELECT sum(responses) AS n FROM response_day')).toBe(2 * 400);
  const cuts: [number, number][] = [[NOV.start, NOV.end], [DEC.start, DEC.end], [NOV.start, DEC.end], [DEC.start - 3600_000, DEC.start + 3600_000]];
  for (const [start, end] of cuts) {
    for (const dimension of ['all', 'desk', 'service', 'channel'] as Dimension[]) {
      const query = { officeIds: OFFICES, start, end, dimension };
      expect(await countHistogramsPg(pool, query)).toEqual(countHistograms(central, query));
    }
  }
}

describe('migrate-central', () => {
  it('copies every press and response once, verifies each month, and a second run copies nothing new', { timeout: 30_000 }, async () => {
    const url = await cluster.createDatabase('whole');
    const first = await inProcess(['--from', file, '--to', url, '--chunk', '700']);
    expect(first.err).toMatch(/Перенос: оценки 2 400 из 2 400 \(100 %\), [\d ]+ записей\/с/);
    expect(first.out).toMatch(/оценки\s+2026-11\s+[\d ]+\s+[\d ]+\s+ок/);
    expect(first.out).toMatch(/анкеты\s+2026-12\s+[\d ]+\s+[\d ]+\s+ок/);
    expect(first.err).toContain('Перенос таблиц центрального одной транзакцией');
    expect(first.err).toContain(`Таблица office: SQLite ${DEFAULT_OFFICES.length + 1}, PostgreSQL ${DEFAULT_OFFICES.length + 1} — ок`);
    expect(first.out).toContain('Таблицы центрального: перенесены одной транзакцией');
    expect(first.out).toMatch(/\nservice\s+2\s+2\s+ок/);
    expect(first.out).toMatch(/\naudit_log\s+5\s+5\s+ок/);
    expect(first.out).toContain('Итог: всё совпадает');
    expect(first.code).toBe(0);
    await withPool(url, expectSameAsSqlite);
    await expectTablesSame(url);

    const again = await inProcess(['--from', file, '--to', url, '--json']);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.out) as MigrateCentralSummary;
    expect(summary.copy?.tables.map((t) => [t.table, t.stored, t.duplicates, t.conflicts, t.resumedAt])).toEqual([
      ['press', 0, 0, 0, 2400],
      ['response', 0, 0, 0, 800],
    ]);
    expect(summary.verify.months.map((m) => [m.table, m.month, m.sqlite.count, m.postgres.count, m.ok])).toEqual([
      ['press', '2026-11', expected.press['2026-11'], expected.press['2026-11'], true],
      ['press', '2026-12', expected.press['2026-12'], expected.press['2026-12'], true],
      ['response', '2026-11', expected.response['2026-11'], expected.response['2026-11'], true],
      ['response', '2026-12', expected.response['2026-12'], expected.response['2026-12'], true],
    ]);
    expect(summary.verify.months.every((m) => m.sqlite.checksum === m.postgres.checksum)).toBe(true);
    // The tables were equal already: nothing rewritten (the audit log has no doubles), every table checked.
    expect(summary.tables.outcome).toBe('already');
    expect(allTablesOk(summary)).toBe(true);
    expect(again.err).toContain('Таблицы центрального уже перенесены');

    // From the start again: every record is found held with the same body; nothing stored twice.
    const rescan = JSON.parse((await inProcess(['--from', file, '--to', url, '--json', '--rescan'])).out) as MigrateCentralSummary;
    expect(rescan.copy?.tables.map((t) => [t.stored, t.duplicates, t.conflicts])).toEqual([[0, 2400, 0], [0, 800, 0]]);
    expect(rescan.tables.outcome).toBe('already');
    await withPool(url, expectSameAsSqlite);
    await expectTablesSame(url);
  });

  it('killed with SIGKILL mid-copy, started again: continues after the last committed chunk, exact counts, no doubles', { timeout: 30_000 }, async () => {
    const url = await cluster.createDatabase('killed');
    const run = child(['--from', file, '--to', url, '--chunk', '200', '--rate', '2000']);
    const progress = async (pool: pg.Pool) => (await pool.query('SELECT coalesce(sum(stored), 0) AS n FROM migration_progress').catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n as number;
    await withPool(url, async (pool) => {
      const deadline = Date.now() + 15_000;
      while (Number(await progress(pool)) < 1000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    });
    run.kill();
    expect(await run.code).toBe(null); // killed, not finished
    await withPool(url, async (pool) => {
      const stored = Number(await progress(pool));
      expect(stored).toBeGreaterThanOrEqual(1000);
      expect(stored).toBeLessThan(TOTAL);
      // The progress row and the rows it counts were committed together: not one more, not one less.
      expect(await count(pool, 'SELECT (SELECT count(*) FROM press) + (SELECT count(*) FROM response) AS n')).toBe(stored);
      expect(stored % 200).toBe(0);
    });

    const resumed = child(['--from', file, '--to', url, '--chunk', '200', '--json']);
    expect(await resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout()) as MigrateCentralSummary;
    const copied = summary.copy!.tables;
    expect(copied.reduce((sum, t) => sum + t.resumedAt, 0)).toBeGreaterThanOrEqual(1000);
    // What the second run stored is exactly what the first had not: together every record once.
    expect(copied.reduce((sum, t) => sum + t.resumedAt + t.stored, 0)).toBe(TOTAL);
    expect(copied.every((t) => t.duplicates === 0 && t.conflicts === 0)).toBe(true);
    expect(summary.ok).toBe(true);
    expect(resumed.stderr()).toMatch(/записей\/с/);
    expect(summary.tables.outcome).toBe('copied');
    expect(allTablesOk(summary)).toBe(true);
    await withPool(url, expectSameAsSqlite);
    await expectTablesSame(url);
  });

  it('an id PostgreSQL already holds with another body is reported, not overwritten, and the command fails', { timeout: 30_000 }, async () => {
    const url = await cluster.createDatabase('conflict');
    const store = openPostgresStore(url, createLogger('t', { level: 'silent', pretty: false }));
    const other = { ...firstPress, score: firstPress.score === 1 ? 2 : 1, receivedAt: toInstant(NOW) };
    await store.writer.write([other], NOW);
    await store.close();

    const run = child(['--from', file, '--to', url, '--chunk', '500']);
    expect(await run.code).toBe(1);
    const month = periodContaining('month', Date.parse(firstPress.bornAt)).key;
    expect(run.stdout()).toContain('Конфликты: 1');
    expect(run.stdout()).toContain(firstPress.id);
    expect(run.stdout()).toMatch(new RegExp(`оценки\\s+${month}\\s+[\\d ]+\\s+[\\d ]+\\s+РАСХОЖДЕНИЕ \\(содержимое\\)`));
    expect(run.stdout()).toContain('Итог: есть РАСХОЖДЕНИЯ');
    await withPool(url, async (pool) => {
      expect(Number((await pool.query('SELECT score FROM press WHERE id = $1', [firstPress.id])).rows[0].score)).toBe(other.score);
      expect(await count(pool, 'SELECT count(*) AS n FROM press')).toBe(2400);
    });

    // Run again: the conflict met before is still reported (kept in PostgreSQL), nothing else changes.
    const again = await inProcess(['--from', file, '--to', url, '--json']);
    expect(again.code).toBe(1);
    const summary = JSON.parse(again.out) as MigrateCentralSummary;
    expect(summary.conflictCount).toBe(1);
    expect(summary.conflicts).toEqual([expect.objectContaining({ kind: 'press', id: firstPress.id })]);
    expect(JSON.parse(summary.conflicts[0]!.held!)).toMatchObject({ score: other.score });
    expect(summary.verify.months.filter((m) => !m.ok).map((m) => [m.table, m.month])).toEqual([['press', month]]);
    // The records do not match: the tables are only checked, not copied.
    expect(summary.tables.outcome).toBe('not-copied');
    await withPool(url, async (pool) => expect(await count(pool, 'SELECT count(*) AS n FROM office')).toBe(0));
  });

  it('--verify-only finds a table row changed and a record missing in PostgreSQL; a changed table is not overwritten without --replace-tables; bad parameters exit 2', { timeout: 30_000 }, async () => {
    const url = await cluster.createDatabase('verify');
    expect((await inProcess(['--from', file, '--to', url])).code).toBe(0);
    expect((await inProcess(['--from', file, '--to', url, '--verify-only'])).code).toBe(0);

    // A table changed in PostgreSQL shows in --verify-only, and a copy then refuses to overwrite it.
    await withPool(url, (pool) => pool.query("UPDATE service SET name = 'Переименована' WHERE id = 'own-one'"));
    const changed = await inProcess(['--from', file, '--to', url, '--verify-only', '--json']);
    expect(changed.code).toBe(1);
    const changedSummary = JSON.parse(changed.out) as MigrateCentralSummary;
    expect([changedSummary.verify.ok, changedSummary.tables.outcome]).toEqual([true, 'checked']);
    expect(changedSummary.tables.checks.filter((c) => !c.ok).map((c) => [c.table, c.source.rows, c.target.rows])).toEqual([['service', 2, 2]]);
    const refused = JSON.parse((await inProcess(['--from', file, '--to', url, '--json'])).out) as MigrateCentralSummary;
    expect([refused.verify.ok, refused.ok, refused.tables.outcome]).toEqual([true, false, 'refused']);
    expect(refused.tables.refusal).toContain('service (в PostgreSQL 2, в файле 2)');
    await withPool(url, async (pool) => expect((await pool.query("SELECT name FROM service WHERE id = 'own-one'")).rows[0].name).toBe('Переименована'));
    expect((await inProcess(['--from', file, '--to', url, '--replace-tables'])).code).toBe(0);

    await withPool(url, (pool) => pool.query('DELETE FROM response WHERE id = (SELECT id FROM response WHERE born_at >= $1 LIMIT 1)', [DEC.start]));
    const check = await inProcess(['--from', file, '--to', url, '--verify-only', '--json']);
    expect(check.code).toBe(1);
    const summary = JSON.parse(check.out) as MigrateCentralSummary;
    expect(summary.copy).toBeNull();
    expect(summary.verify.months.filter((m) => !m.ok).map((m) => [m.table, m.month, m.sqlite.count - m.postgres.count])).toEqual([['response', '2026-12', 1]]);
    expect(summary.tables.outcome).toBe('checked');
    expect(allTablesOk(summary)).toBe(true);

    expect((await inProcess(['--to', url])).code).toBe(2);
    expect((await inProcess(['--from', file])).code).toBe(2);
    expect((await inProcess(['--from', file, '--to', url, '--chunk', '0'])).code).toBe(2);
    expect((await migrateCentralCommand(['--help'], {}, silent))).toBe(0);
  });

  it('a central started on the target first (defaults seeded): refused with what to do, nothing changed; --replace-tables makes the target equal the file', { timeout: 30_000 }, async () => {
    const url = await cluster.createDatabase('seeded');
    await withPool(url, preparePostgres);
    {
      // As a fresh central on DATABASE_URL does at start (loadRegionalSettings): empty directory and list filled with the defaults.
      const fresh = sqlOverPostgres(url, { max: 1 });
      expect(await seedDefaultOffices(fresh)).toBe(DEFAULT_OFFICES.length);
      expect(await seedDefaultServices(fresh)).toBe(DEFAULT_SERVICES.length);
      await fresh.close();
    }
    const seeded = async () => {
      const to = sqlOverPostgres(url, { max: 1 });
      try {
        return { offices: await readOffices(to), services: await readServices(to), audit: await listAudit(to, { limit: 100 }) };
      } finally {
        await to.close();
      }
    };
    const before = await seeded();

    const refused = await inProcess(['--from', file, '--to', url]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('Таблицы центрального: НЕ перенесены');
    expect(refused.out).toMatch(/\nservice\s+2\s+[\d ]+\s+РАСХОЖДЕНИЕ/);
    expect(refused.out).toContain('Итог: есть РАСХОЖДЕНИЯ');
    for (const text of [refused.out, refused.err]) {
      expect(text).toContain('центральный сборщик уже запускался с DATABASE_URL на эту базу');
      expect(text).toContain('Остановите центральный сборщик (systemctl stop czn-hub) и запустите migrate-central снова с --replace-tables');
      expect(text).toMatch(/office \(в PostgreSQL \d+, в файле \d+\), service \(в PostgreSQL \d+, в файле 2\)/);
    }
    expect(await seeded()).toEqual(before);

    const json = JSON.parse((await inProcess(['--from', file, '--to', url, '--json'])).out) as MigrateCentralSummary;
    expect(json.ok).toBe(false);
    expect(json.verify.ok).toBe(true); // the records went in; only the tables wait
    expect(json.tables.outcome).toBe('refused');
    expect(json.tables.refusal).toContain('--replace-tables');
    expect(await seeded()).toEqual(before);

    const replaced = await inProcess(['--from', file, '--to', url, '--replace-tables', '--json']);
    expect(replaced.code).toBe(0);
    const summary = JSON.parse(replaced.out) as MigrateCentralSummary;
    expect(summary.tables.outcome).toBe('copied');
    expect(allTablesOk(summary)).toBe(true);
    await expectTablesSame(url);
    await withPool(url, expectSameAsSqlite);

    // And again, without the flag: already equal, left alone.
    const again = JSON.parse((await inProcess(['--from', file, '--to', url, '--json'])).out) as MigrateCentralSummary;
    expect([again.ok, again.tables.outcome]).toEqual([true, 'already']);
  });
});
