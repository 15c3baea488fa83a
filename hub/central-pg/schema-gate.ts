import type pg from 'pg';
import { readMigrations, type MigrationReport } from '../db/migrate.ts';
import { SchemaBehindError } from '../http/database-unavailable.ts';
import { defaultPgMigrationsDir, migratePostgres, pendingMigrations, type AppliedMigration } from './migrate.ts';

/**
 * The schema check of the central's start (postgres-store.ts, ready()). A central connected as the
 * owner of its schema migrates as before. One connected as the running role (docs/central-postgres.md,
 * "Setup"; running-role.ts) cannot and must not: with the schema up to date it goes on; behind, it
 * refuses with SchemaBehindError, whose message names the command the owner runs. It reads only the
 * catalog and schema_migration, so it changes nothing.
 */
export async function passSchemaGate(client: pg.ClientBase, dir = defaultPgMigrationsDir()): Promise<MigrationReport> {
  const me = await whoConnects(client);
  if (me.owner) return migratePostgres(client, dir);

  const files = readMigrations(dir);
  let applied: AppliedMigration[] = [];
  if (me.recorded) {
    try {
      applied = (await client.query<AppliedMigration>('SELECT number, name FROM schema_migration ORDER BY number')).rows;
    } catch (error) {
      // The tables are there but this role was never granted them (migrate-pg without --grant).
      if ((error as { code?: unknown }).code === '42501') throw new SchemaBehindError(advice(me.role, me.schema, 'роли не выданы права на таблицы центрального'));
      throw error;
    }
  }
  const pending = pendingMigrations(applied, files);
  if (pending.length > 0) {
    throw new SchemaBehindError(advice(me.role, me.schema, `схема PostgreSQL отстаёт от программы (в базе миграций ${applied.length}, программе нужно ${files.length})`));
  }
  return { applied: [], version: files.length };
}

export interface Connected {
  role: string;
  schema: string;
  /** May migrate: has the privileges of the schema's owner and of schema_migration's, when it exists. */
  owner: boolean;
  /** schema_migration exists. */
  recorded: boolean;
}

export async function whoConnects(client: pg.ClientBase): Promise<Connected> {
  const me = (await client.query<Omit<Connected, 'schema'> & { schema: string | null }>(WHO)).rows[0];
  if (!me || me.schema === null) throw new Error('в search_path роли нет ни одной существующей схемы: PostgreSQL не знает, где таблицы центрального');
  return { ...me, schema: me.schema };
}

const advice = (role: string, schema: string, what: string): string =>
  `${what}, а роль ${role} не владеет схемой ${schema} и обновить её не может. ` +
  `Выполните от имени владельца схемы: npm run hub -- migrate-pg --to <адрес PostgreSQL владельца> --grant ${role}`;

// The owner of the schema, or of the tables once made, may migrate: pg_has_role also covers the
// members of an owning role (in PostgreSQL 15 public belongs to pg_database_owner, held by the
// database's owner).
const WHO = `
SELECT current_user AS role, current_schema() AS schema,
  coalesce(pg_has_role(current_user, n.nspowner, 'USAGE') AND (t.oid IS NULL OR pg_has_role(current_user, t.relowner, 'USAGE')), false) AS owner,
  t.oid IS NOT NULL AS recorded
FROM (SELECT 1) AS one
LEFT JOIN pg_namespace n ON n.nspname = current_schema()
LEFT JOIN pg_class t ON t.relnamespace = n.oid AND t.relname = 'schema_migration' AND t.relkind = 'r'`;
