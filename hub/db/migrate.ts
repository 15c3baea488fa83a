import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { foldForSearch } from './search-fold.ts';

/**
 * Applies the numbered SQL files of hub/migrations/ in order, all pending ones in one transaction.
 * Applied migrations are recorded by number and name; the runner refuses to start when the
 * database's record does not match the files (a file renamed or removed after release, or a
 * database written by a newer version of the program). Migration files are never edited once released.
 */
export interface MigrationFile {
  number: number;
  name: string;
  sql: string;
}

export interface MigrationReport {
  applied: string[];
  version: number;
}

const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file, index) => {
    const m = FILE_RE.exec(file);
    if (!m) throw new Error(`migration file name ${file} must look like 0001_create_core.sql`);
    const number = Number(m[1]);
    if (number !== index + 1) throw new Error(`migrations must be numbered 0001, 0002, … without gaps; ${file} is at position ${index + 1}`);
    return { number, name: file, sql: readFileSync(path.join(dir, file), 'utf8') };
  });
}

export function migrate(db: Database.Database, dir: string): MigrationReport {
  const files = readMigrations(dir);
  defineMigrationFunctions(db);
  db.exec('CREATE TABLE IF NOT EXISTS schema_migration (number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = db.prepare('SELECT number, name FROM schema_migration ORDER BY number').all() as { number: number; name: string }[];
  const newest = applied[applied.length - 1];
  if (newest && newest.number > files.length) {
    throw new MigrationMismatchError(`база создана более новой версией программы (схема ${newest.number}, эта версия знает до ${files.length}); обновите программу, база не изменена`);
  }
  applied.forEach((row, index) => {
    const file = files[index];
    if (row.number !== index + 1 || !file || file.name !== row.name) {
      throw new MigrationMismatchError(`в базе записана миграция ${row.number} ${row.name}, а в программе ${file?.name ?? '(нет)'}: файлы миграций нельзя менять после выпуска`);
    }
  });
  const pending = files.slice(applied.length);
  const insert = db.prepare('INSERT INTO schema_migration (number, name, applied_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const file of pending) {
      db.exec(file.sql);
      insert.run(file.number, file.name, Date.now());
    }
  })();
  return { applied: pending.map((f) => f.name), version: files.length };
}

/**
 * The program's own functions a migration file may call, so that a backfill computes a column
 * exactly as the program writes it (SQLite's lower() folds ASCII only): fold_for_search (0032).
 */
function defineMigrationFunctions(db: Database.Database): void {
  db.function('fold_for_search', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldForSearch(text) : text));
}

export class MigrationMismatchError extends Error {
  override name = 'MigrationMismatchError';
}
