import type pg from 'pg';
import type { Db } from '../db/open.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { checkMovedTables, copyMovedTables, MOVED_TABLES, TargetNotEmptyError, type MovedTable, type TableCheck } from '../sql/copy-tables.ts';
import { withMigrationLock } from './migrate-central.ts';

/**
 * migrate-central's second part: the central's own tables (hub/sql/copy-tables.ts), copied from the
 * SQLite file after its records (migrate-central.ts) and checked, under the same migration lock.
 */
/**
 * The moved tables (hub/sql/copy-tables.ts) of the SQLite file that PostgreSQL does not hold: a
 * file from an older hub lacks the newer ones until a central of this version has opened it once.
 */
export function missingMovedTables(sqlite: Db, tables: readonly MovedTable[] = MOVED_TABLES): string[] {
  const held = new Set(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  return tables.map((t) => t.name).filter((name) => !held.has(name));
}

/** The target's moved tables hold rows that differ from the file's, and the caller did not say to replace them. */
export class TablesNotEmptyError extends Error {
  override name = 'TablesNotEmptyError';
  constructor(
    message: string,
    /** Both sides as found, nothing changed. */
    readonly checks: TableCheck[],
  ) {
    super(message);
  }
}

export interface TablesCopy {
  /** copied: replaced in one transaction and checked; already: PostgreSQL held the same rows, nothing written. */
  outcome: 'copied' | 'already';
  checks: TableCheck[];
}

/**
 * The central's own tables, after its records: copied in one transaction (copyMovedTables), then
 * each table checked by count and SHA-256. Safe to run again: a target already equal to the file
 * table by table (a run that committed the copy and was then killed, or a second run) is left as it
 * is; a target that holds other rows is refused, naming them and `--replace-tables`, unless
 * `replace`: after a central has run on this PostgreSQL those rows may be its own (and a central
 * started on DATABASE_URL before the move has filled the empty office directory and service list
 * with the defaults).
 */
export async function copyCentralTables(from: CentralSql, to: CentralSql, pool: pg.Pool, options: { replace?: boolean; tables?: readonly MovedTable[] } = {}): Promise<TablesCopy> {
  const tables = options.tables ?? MOVED_TABLES;
  return withMigrationLock(pool, async () => {
    let held = false;
    for (const table of tables) {
      const row = await pool.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table.name}) AS any`);
      if (row.rows[0]?.any) {
        held = true;
        break;
      }
    }
    if (held) {
      const checks = await checkMovedTables(from, to, tables);
      if (checks.every((c) => c.ok)) return { outcome: 'already', checks };
      if (options.replace !== true) throw new TablesNotEmptyError(notEmptyMessage(checks), checks);
    }
    try {
      return { outcome: 'copied', checks: await copyMovedTables(from, to, { tables, replace: options.replace === true }) };
    } catch (error) {
      // Rows written into the empty target meanwhile (a central starting on it): the same refusal, rolled back.
      if (!(error instanceof TargetNotEmptyError)) throw error;
      const checks = await checkMovedTables(from, to, tables);
      throw new TablesNotEmptyError(notEmptyMessage(checks), checks);
    }
  });
}

function notEmptyMessage(checks: TableCheck[]): string {
  const differing = checks.filter((c) => c.target.rows > 0 && !c.ok);
  const named = (differing.length > 0 ? differing : checks.filter((c) => c.target.rows > 0)).map((c) => `${c.table} (в PostgreSQL ${c.target.rows}, в файле ${c.source.rows})`);
  const shown = named.length > 6 ? `${named.slice(0, 6).join(', ')} и ещё ${named.length - 6}` : named.join(', ');
  return (
    `таблицы центрального не перенесены: в PostgreSQL уже есть строки, отличные от файла SQLite — ${shown}. ` +
    'Так бывает, если центральный сборщик уже запускался с DATABASE_URL на эту базу: при старте он заполняет пустые справочники отделов и услуг значениями по умолчанию. ' +
    'Остановите центральный сборщик (systemctl stop czn-hub) и запустите migrate-central снова с --replace-tables: строки этих таблиц в PostgreSQL заменятся строками из файла (одной транзакцией; оценки и анкеты не затрагиваются). ' +
    'Если центральный уже работал на PostgreSQL и записал туда своё, --replace-tables это сотрёт.'
  );
}
