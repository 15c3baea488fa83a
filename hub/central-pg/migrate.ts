import path from 'node:path';
import type pg from 'pg';
import { MigrationMismatchError, readMigrations, type MigrationFile, type MigrationReport } from '../db/migrate.ts';

/**
 * Applies the numbered SQL files of hub/migrations-pg/ to the central's PostgreSQL database, by the
 * same rules as the SQLite runner (hub/db/migrate.ts, whose file reader it shares): numbered without
 * gaps, never edited after release, refused when the database's record does not match the files.
 * PostgreSQL's DDL is transactional, so all pending files go in one transaction; an advisory lock
 * keeps two centrals starting at once from applying them twice.
 */
export const defaultPgMigrationsDir = (): string => path.join(import.meta.dirname, '..', 'migrations-pg');

const LOCK = 'SELECT pg_advisory_xact_lock(hashtext($1))';

/** beforeCommit runs in the migrations' transaction (migrate-pg's grants): one commit, or nothing changed. */
export async function migratePostgres(client: pg.ClientBase, dir = defaultPgMigrationsDir(), beforeCommit?: () => Promise<void>): Promise<MigrationReport> {
  const files = readMigrations(dir);
  await client.query('BEGIN');
  try {
    await client.query(LOCK, ['schema_migration']);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migration (number integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
    const applied = (await client.query<AppliedMigration>('SELECT number, name FROM schema_migration ORDER BY number')).rows;
    const pending = pendingMigrations(applied, files);
    for (const file of pending) {
      await client.query(file.sql);
      await client.query('INSERT INTO schema_migration (number, name, applied_at) VALUES ($1, $2, $3)', [file.number, file.name, Date.now()]);
    }
    await beforeCommit?.();
    await client.query('COMMIT');
    return { applied: pending.map((f) => f.name), version: files.length };
  } catch (error) {
    // A connection that is gone cannot roll back either: the error worth reporting is the first.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export interface AppliedMigration {
  number: number;
  name: string;
}

/** The files not applied yet; refuses a database whose record does not match the files (or is newer). */
export function pendingMigrations(applied: readonly AppliedMigration[], files: readonly MigrationFile[]): MigrationFile[] {
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
  return files.slice(applied.length);
}
