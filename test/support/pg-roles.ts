import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { defaultPgMigrationsDir, migratePostgres } from '../../hub/central-pg/migrate.ts';
import { grantRunningRole } from '../../hub/central-pg/running-role.ts';
import type { PostgresCluster } from './postgres.ts';

/**
 * The two roles of docs/central-postgres.md "Setup" on a throwaway cluster: czn_owner owns the
 * database (so, in PostgreSQL 15, its public schema) and runs the migrations; czn_central runs the
 * central. Authentication is trust, so a URL names its role alone.
 */
export const OWNER = 'czn_owner';
export const RUNNING = 'czn_central';

export const roleUrl = (cluster: PostgresCluster, role: string, database: string): string => `postgres://${role}@127.0.0.1:${cluster.port}/${database}`;

/** Runs statements as the cluster's superuser, on `database`. */
export async function asSuperuser(cluster: PostgresCluster, statements: string[], database = 'postgres'): Promise<void> {
  const client = new pg.Client({ connectionString: cluster.url(database) });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createRoles(cluster: PostgresCluster): Promise<void> {
  await asSuperuser(cluster, [`CREATE ROLE ${OWNER} LOGIN`, `CREATE ROLE ${RUNNING} LOGIN`]);
}

/** A database owned by czn_owner; with `version`, migrated by it up to that migration, and with `grant`, the running role granted too. */
export async function ownedDatabase(cluster: PostgresCluster, name: string, options: { version?: number; grant?: boolean } = {}): Promise<void> {
  await asSuperuser(cluster, [`CREATE DATABASE ${name} OWNER ${OWNER}`]);
  if (options.version === undefined) return;
  const client = new pg.Client({ connectionString: roleUrl(cluster, OWNER, name) });
  await client.connect();
  try {
    await migratePostgres(client, migrationsUpTo(options.version), options.grant ? () => grantRunningRole(client, RUNNING) : undefined);
  } finally {
    await client.end();
  }
}

/** A folder with the first `version` migration files: a database as an older program left it. */
export function migrationsUpTo(version: number): string {
  const source = defaultPgMigrationsDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'migrations-pg-'));
  for (const file of readdirSync(source).sort().slice(0, version)) copyFileSync(path.join(source, file), path.join(dir, file));
  return dir;
}

/** What the schema's owners, grants and recorded version are: equal before and after a refused command. */
export async function schemaState(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const row = (await client.query<{ state: string }>(`
      SELECT json_build_object(
        'objects', (SELECT json_agg(json_build_array(relname, relowner::regrole::text, relacl::text) ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace),
        'functions', (SELECT json_agg(json_build_array(proname, proowner::regrole::text, proacl::text, proconfig::text, prosecdef) ORDER BY proname) FROM pg_proc WHERE pronamespace = 'public'::regnamespace),
        'schema', (SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'),
        'version', (SELECT json_agg(number ORDER BY number) FROM schema_migration)
      )::text AS state`)).rows[0]!;
    return row.state;
  } finally {
    await client.end();
  }
}
