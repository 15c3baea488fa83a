import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate, type MigrationReport } from './migrate.ts';

export type Db = Database.Database;

export class DatabaseRefusedError extends Error {
  override name = 'DatabaseRefusedError';
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

/**
 * Opens (or creates) the hub's database: the one place that sets how SQLite stores our data.
 * A file that is not a SQLite database, fails `quick_check`, or comes from a newer version of this
 * program is refused with a clear message and left untouched.
 */
export function openDatabase(file: string, migrationsDir = defaultMigrationsDir()): { db: Db; migrations: MigrationReport } {
  mkdirSync(path.dirname(file), { recursive: true });
  refuseIfNotSqlite(file);
  const db = new Database(file, { timeout: 5000 });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new DatabaseRefusedError(`база ${file} повреждена (quick_check: ${String(check)}); восстановите её из резервной копии`);
    db.pragma('journal_mode = WAL');
    // WAL's usual companion, synchronous=NORMAL, can lose the last acknowledged commits on power
    // loss. We acknowledge a press to the panel and a batch to the sender only once it is durable,
    // so FULL it is; the throughput cost is paid back by batching (see bench/).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const migrations = migrate(db, migrationsDir);
    return { db, migrations };
  } catch (error) {
    db.close();
    throw error;
  }
}

function refuseIfNotSqlite(file: string): void {
  if (!existsSync(file) || statSync(file).size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new DatabaseRefusedError(`файл ${file} не является базой SQLite; он не будет изменён. Укажите другой DATA_DIR или уберите файл`);
  }
}

export function defaultMigrationsDir(): string {
  return path.join(import.meta.dirname, '..', 'migrations');
}
