import { existsSync, realpathSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { classifyDatabaseError, DatabaseUnavailableError } from '../http/database-unavailable.ts';
import { sqlOverPostgres, sqlOverSqlite } from '../sql/central-sql.ts';
import { checkMovedTables, type TableCheck } from '../sql/copy-tables.ts';
import {
  copyCentral,
  listConflicts,
  MigrationBusyError,
  preparePostgres,
  verifyCentral,
  type CopyProgress,
  type MigrationConflict,
  type MonthCheck,
  type TableCopy,
  type Verification,
} from '../central-pg/migrate-central.ts';
import { copyCentralTables, missingMovedTables, TablesNotEmptyError } from '../central-pg/migrate-central-tables.ts';

/**
 * `migrate-central --from <central.sqlite> --to <DATABASE_URL>`: an SQLite central's presses and
 * responses into its PostgreSQL, then its own tables (hub/central-pg/migrate-central.ts does the
 * work). Prints the progress to stderr, then the month-by-month check and the table-by-table one;
 * `--json` prints a summary for scripts instead. Exit 0 only when every month and every table
 * matches and nothing conflicted.
 */
export const MIGRATE_CENTRAL_HELP = `npm run hub -- migrate-central --from <central.sqlite> --to <DATABASE_URL> [--chunk 1000] [--rate N] [--rescan] [--replace-tables] [--verify-only] [--json]

Переносит оценки пультов (press) и ответы анкет (response) центрального сборщика из его файла SQLite
в PostgreSQL. Сначала применяет миграции PostgreSQL, затем копирует записи частями (по --chunk записей
в одной транзакции) и сверяет обе базы по каждому месяцу (московское время): число записей и
контрольную сумму их содержимого. Когда записи совпали, копирует остальные таблицы центрального
(справочник отделов, услуги, учётные записи, настройки, реестр, опросы…) одной транзакцией и сверяет
каждую: число строк и SHA-256 содержимого.
  • Прерванный перенос (Ctrl+C, kill -9, сбой сети или сервера) при повторном запуске продолжается
    с последней сохранённой части; уже перенесённая запись второй раз не добавляется.
  • Запись, чей id в PostgreSQL уже занят другим содержимым, не перезаписывается: она выводится
    как конфликт, и команда завершается с ошибкой.
  • Таблицы, уже совпадающие с файлом (повторный запуск), не переписываются: «уже перенесено».
    Если в PostgreSQL они заполнены иначе (например, центральный сборщик уже запускался с DATABASE_URL
    и заполнил справочники значениями по умолчанию), перенос отказывается; остановите центральный
    и запустите снова с --replace-tables.
  • Файл SQLite только читается. Перед переносом остановите центральный сборщик: записи, пришедшие
    в файл во время переноса, сверка покажет как расхождение (тогда запустите перенос ещё раз с --rescan).

После переноса запустите центральный с DATABASE_URL=<тот же адрес> и прежним DATA_DIR. Из файла
ничего не удаляется.

  --from <файл>     файл SQLite центрального сборщика (<DATA_DIR>/central.sqlite)
  --to <адрес>      адрес PostgreSQL, postgres://… (по умолчанию — переменная DATABASE_URL)
  --chunk N         записей в одной транзакции, 1–10000 (по умолчанию 1000)
  --rate N          не больше N записей в секунду (чтобы не теснить работающий сервер)
  --rescan          пройти файл с начала, не с сохранённого места (перенесённое окажется «уже было»)
  --replace-tables  заменить строки таблиц центрального, уже имеющиеся в PostgreSQL, строками из файла
  --verify-only     только сверка, без переноса
  --json            итог в JSON на stdout (ход переноса по-прежнему в stderr)
Код выхода: 0 — всё совпало; 1 — расхождения, конфликты или ошибка; 2 — неверные параметры.`;

const TABLE_NAMES: Record<string, string> = { press: 'оценки', response: 'анкеты' };

export interface MigrateCentralSummary {
  ok: boolean;
  source: string;
  target: string;
  copy: { tables: TableCopy[]; seconds: number; recordsPerSecond: number } | null;
  /** All conflicts met with this file, over every run (kept in PostgreSQL's migration_conflict). */
  conflictCount: number;
  /** The first 1,000 of them, by kind and id. */
  conflicts: MigrationConflict[];
  verify: Verification;
  /**
   * The central's own tables: copied (this run), already (PostgreSQL held the same rows), refused
   * (PostgreSQL holds other rows: `refusal` says what to do), not-copied (the records did not match),
   * checked (--verify-only). `checks`: one per table, both sides' count and SHA-256.
   */
  tables: { outcome: 'copied' | 'already' | 'refused' | 'not-copied' | 'checked'; refusal: string | null; checks: TableCheck[] };
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}
const consoleIo: Io = { out: (line) => console.log(line), err: (line) => console.error(line) };

export async function migrateCentralCommand(argv: string[], env: NodeJS.ProcessEnv, io: Io = consoleIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        chunk: { type: 'string' },
        rate: { type: 'string' },
        rescan: { type: 'boolean' },
        'replace-tables': { type: 'boolean' },
        'verify-only': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${MIGRATE_CENTRAL_HELP}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    io.out(MIGRATE_CENTRAL_HELP);
    return 0;
  }
  const url = values.to ?? env.DATABASE_URL;
  const usage = (message: string) => {
    io.err(`${message}\n\n${MIGRATE_CENTRAL_HELP}`);
    return 2;
  };
  if (!values.from) return usage('укажите файл SQLite центрального сборщика: --from <DATA_DIR>/central.sqlite');
  if (!url || !/^postgres(ql)?:\/\//.test(url)) return usage('укажите адрес PostgreSQL: --to postgres://… (или переменную DATABASE_URL)');
  const chunk = values.chunk === undefined ? 1000 : Number(values.chunk);
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > 10_000) return usage('--chunk: целое число записей от 1 до 10000');
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && (!Number.isFinite(rate) || rate <= 0)) return usage('--rate: положительное число записей в секунду');
  if (!existsSync(values.from)) {
    io.err(`файла ${values.from} нет`);
    return 1;
  }

  const source = realpathSync(values.from);
  const target = describeTarget(url);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(source, { readonly: true, fileMustExist: true });
    const tables = sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('press', 'response')").pluck().get();
    if (tables !== 2) throw new Error('в нём нет таблиц press и response — это не база хаба');
    const missing = missingMovedTables(sqlite);
    if (missing.length > 0) {
      sqlite.close();
      throw new Error(`в нём нет таблиц ${missing.join(', ')}: файл от прежней версии хаба — запустите на нём центральный сборщик этой версии (он применит миграции), остановите и повторите перенос`);
    }
  } catch (error) {
    io.err(`Ошибка: файл ${source} не открыт: ${(error as Error).message}`);
    return 1;
  }
  const pool = new pg.Pool({ connectionString: url, max: 3, connectionTimeoutMillis: 10_000 });
  // A connection lost emits 'error' on the pool while idle and on the client itself while checked
  // out (the migration lock's, a chunk's): unheard, that event would end the process with a stack
  // trace. The query in flight fails on its own and is reported below, with how to resume.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const from = sqlOverSqlite(sqlite);
  const to = sqlOverPostgres(url, { max: 2 });
  try {
    await preparePostgres(pool);
    let copy: MigrateCentralSummary['copy'] = null;
    if (!values['verify-only']) {
      const started = Date.now();
      const progress = progressPrinter(io);
      const tables = await copyCentral(sqlite, pool, source, { chunk, ratePerSecond: rate, rescan: values.rescan === true, onProgress: progress.report });
      progress.finish();
      const seconds = (Date.now() - started) / 1000;
      const written = tables.reduce((sum, t) => sum + t.stored + t.duplicates + t.conflicts, 0);
      copy = { tables, seconds, recordsPerSecond: seconds > 0 ? Math.round(written / seconds) : written };
    }
    io.err('Сверка SQLite и PostgreSQL…');
    const verify = await verifyCentral(sqlite, pool);
    const conflicts = await listConflicts(pool, source);
    const tables = await moveTables(from, to, pool, { verifyOnly: values['verify-only'] === true, recordsOk: verify.ok && conflicts.count === 0, replace: values['replace-tables'] === true }, io);
    const tablesOk = tables.outcome !== 'refused' && tables.checks.every((c) => c.ok);
    const summary: MigrateCentralSummary = { ok: verify.ok && conflicts.count === 0 && tablesOk, source, target, copy, conflictCount: conflicts.count, conflicts: conflicts.first, verify, tables };
    if (values.json) io.out(JSON.stringify(summary, null, 2));
    else printSummary(summary, io);
    return summary.ok ? 0 : 1;
  } catch (error) {
    io.err(`Ошибка: ${failureText(error, target)}. Перенесённое до этой минуты сохранено; запустите команду снова, она продолжит с того же места.`);
    return 1;
  } finally {
    sqlite.close();
    await to.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

/** The central's own tables, once its records match; only checked with --verify-only or when they do not. */
async function moveTables(
  from: ReturnType<typeof sqlOverSqlite>,
  to: ReturnType<typeof sqlOverPostgres>,
  pool: pg.Pool,
  how: { verifyOnly: boolean; recordsOk: boolean; replace: boolean },
  io: Io,
): Promise<MigrateCentralSummary['tables']> {
  const report = (checks: TableCheck[]) => {
    for (const c of checks) io.err(`Таблица ${c.table}: SQLite ${grouped(c.source.rows)}, PostgreSQL ${grouped(c.target.rows)} — ${c.ok ? 'ок' : 'РАСХОЖДЕНИЕ'}`);
  };
  if (how.verifyOnly || !how.recordsOk) {
    if (!how.verifyOnly) io.err('Таблицы центрального не переносятся: сначала должны совпасть записи. Сверка таблиц…');
    else io.err('Сверка таблиц центрального…');
    const checks = await checkMovedTables(from, to);
    report(checks);
    return { outcome: how.verifyOnly ? 'checked' : 'not-copied', refusal: null, checks };
  }
  io.err('Перенос таблиц центрального одной транзакцией…');
  try {
    const moved = await copyCentralTables(from, to, pool, { replace: how.replace });
    if (moved.outcome === 'already') io.err('Таблицы центрального уже перенесены (совпадают по числу строк и SHA-256): копирование пропущено.');
    report(moved.checks);
    return { outcome: moved.outcome, refusal: null, checks: moved.checks };
  } catch (error) {
    if (!(error instanceof TablesNotEmptyError)) throw error;
    io.err(`Отказ: ${error.message}`);
    report(error.checks);
    return { outcome: 'refused', refusal: error.message, checks: error.checks };
  }
}

function failureText(error: unknown, target: string): string {
  if (error instanceof MigrationBusyError) return error.message;
  const classified = classifyDatabaseError(error);
  const cause = classified instanceof DatabaseUnavailableError ? classified.cause : error;
  const code = (cause as { code?: unknown })?.code;
  const text = `${(cause as Error)?.message ?? String(cause)}${typeof code === 'string' ? ` (${code})` : ''}`;
  return classified instanceof DatabaseUnavailableError ? `PostgreSQL ${target} недоступен: ${text}` : text;
}

/** host:port/database, never the password. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(адрес PostgreSQL)';
  }
}

const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** Progress to stderr about once a second, and once at the end of each table. */
function progressPrinter(io: Io) {
  let lastAt = 0;
  let last: CopyProgress | null = null;
  const line = (p: CopyProgress) => {
    const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
    const perSecond = p.elapsedMs > 0 ? Math.round((p.thisRun / p.elapsedMs) * 1000) : 0;
    io.err(`Перенос: ${TABLE_NAMES[p.table]} ${grouped(p.done)} из ${grouped(p.total)} (${percent} %), ${grouped(perSecond)} записей/с`);
  };
  return {
    report(p: CopyProgress) {
      if (last && last.table !== p.table) line(last);
      last = p;
      const at = Date.now();
      if (at - lastAt >= 1000) {
        lastAt = at;
        line(p);
      }
    },
    finish() {
      if (last) line(last);
    },
  };
}

function printSummary(summary: MigrateCentralSummary, io: Io): void {
  io.out(`Откуда: ${summary.source}\nКуда: PostgreSQL ${summary.target}`);
  if (summary.copy) {
    for (const t of summary.copy.tables) {
      const resumed = t.resumedAt > 0 ? ` (продолжено с ${grouped(t.resumedAt)})` : '';
      io.out(`Перенесено, ${TABLE_NAMES[t.table]}: новых ${grouped(t.stored)}, уже были ${grouped(t.duplicates)}, конфликтов ${grouped(t.conflicts)}; всего в файле ${grouped(t.total)}${resumed}`);
    }
    io.out(`За ${summary.copy.seconds.toFixed(1)} с, ${grouped(summary.copy.recordsPerSecond)} записей/с`);
  }
  io.out('');
  io.out('Сверка по месяцам рождения записей (московское время): число записей и контрольная сумма содержимого');
  const rows = [['Таблица', 'Месяц', 'SQLite', 'PostgreSQL', 'Итог'], ...summary.verify.months.map(monthRow)];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const numeric = [false, false, true, true, false];
  for (const r of rows) io.out(r.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  if (summary.verify.months.length === 0) io.out('(записей нет ни в одной базе)');
  io.out('');
  io.out(`Таблицы центрального: ${TABLES_OUTCOME[summary.tables.outcome]}. Сверка: число строк и SHA-256 содержимого`);
  const tableRows = [['Таблица', 'SQLite', 'PostgreSQL', 'Итог'], ...summary.tables.checks.map((c) => [c.table, grouped(c.source.rows), grouped(c.target.rows), c.ok ? 'ок' : 'РАСХОЖДЕНИЕ'])];
  const tableWidths = tableRows[0]!.map((_, i) => Math.max(...tableRows.map((r) => r[i]!.length)));
  for (const r of tableRows) io.out(r.map((cell, i) => (i === 1 || i === 2 ? cell.padStart(tableWidths[i]!) : cell.padEnd(tableWidths[i]!))).join('  ').trimEnd());
  if (summary.tables.refusal) io.out(`\nОтказ: ${summary.tables.refusal}`);
  if (summary.conflictCount > 0) {
    io.out('');
    io.out(`Конфликты: ${grouped(summary.conflictCount)} — id уже есть в PostgreSQL с другим содержимым; не перезаписаны, разберите вручную:`);
    for (const c of summary.conflicts.slice(0, 20)) {
      io.out(`  ${TABLE_NAMES[c.kind] ?? c.kind} ${c.id}\n    в SQLite:     ${c.body}\n    в PostgreSQL: ${c.held ?? '(под этим id — запись другого вида или с другим временем рождения)'}`);
    }
    if (summary.conflictCount > 20) io.out(`  … и ещё ${grouped(summary.conflictCount - 20)} (в --json — первая тысяча, все — в таблице migration_conflict PostgreSQL)`);
  }
  io.out('');
  io.out(
    summary.ok
      ? 'Итог: всё совпадает. Запустите центральный сборщик с DATABASE_URL на эту базу и прежним DATA_DIR.'
      : 'Итог: есть РАСХОЖДЕНИЯ или конфликты — не переключайте центральный сборщик на PostgreSQL, пока они не разобраны.',
  );
}

const TABLES_OUTCOME: Record<MigrateCentralSummary['tables']['outcome'], string> = {
  copied: 'перенесены одной транзакцией',
  already: 'уже перенесено (совпадали), копирование пропущено',
  refused: 'НЕ перенесены (см. «Отказ» ниже)',
  'not-copied': 'не переносились, пока не совпадут записи',
  checked: 'только сверка',
};

function monthRow(m: MonthCheck): string[] {
  const verdict = m.ok ? 'ок' : m.sqlite.count === m.postgres.count ? 'РАСХОЖДЕНИЕ (содержимое)' : 'РАСХОЖДЕНИЕ';
  return [TABLE_NAMES[m.table]!, m.month, grouped(m.sqlite.count), grouped(m.postgres.count), verdict];
}
