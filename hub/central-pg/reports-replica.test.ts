import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import { DatabaseUnavailableError } from '../http/database-unavailable.ts';
import { startPostgres, startStandby, type PostgresCluster, type PostgresStandby } from '../../test/support/postgres.ts';
import { defaultPgMigrationsDir, migratePostgres } from './migrate.ts';
import { openPool } from './pool.ts';
import { openReportsReplica, REPLICA_UNREACHABLE } from './reports-replica.ts';

/** The reports' replica against a real streaming standby of a throwaway cluster. */
const silent = createLogger('test', { level: 'silent', pretty: false });
const FILES = readdirSync(defaultPgMigrationsDir()).filter((f) => f.endsWith('.sql')).sort();
let primary: PostgresCluster;
let standby: PostgresStandby;

beforeAll(async () => {
  primary = await startPostgres();
  standby = await startStandby(primary);
}, 90_000);
afterAll(async () => {
  await standby?.stop();
  await primary?.stop();
});

async function migrate(url: string, dir = defaultPgMigrationsDir()): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await migratePostgres(client, dir);
  } finally {
    await client.end();
  }
}

/** A folder with the first `count` migration files only: the code of an older release. */
function olderMigrations(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rr-mig-'));
  for (const file of FILES.slice(0, count)) copyFileSync(path.join(defaultPgMigrationsDir(), file), path.join(dir, file));
  return dir;
}

const reason = async (promise: Promise<unknown>): Promise<string | null> => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DatabaseUnavailableError);
  return (error as DatabaseUnavailableError).reason;
};

describe('the reports replica', () => {
  it('serves only once it has replayed the migration the code needs', async () => {
    const url = await primary.createDatabase('catching_up');
    await standby.caughtUp();
    const replica = openReportsReplica(standby.url('catching_up'), silent);
    try {
      const read = replica.guarded(async (n: number) => (await replica.pool.query<{ n: number }>('SELECT $1::int AS n', [n])).rows[0]?.n);
      // Nothing migrated yet: schema 0.
      expect(await reason(read(1))).toContain(`на ней схема 0, программе нужна ${FILES.length}`);
      expect(await replica.health()).toEqual({ state: 'schema-behind', lagSeconds: 0 });
      await migrate(url, olderMigrations(FILES.length - 1));
      await standby.caughtUp();
      expect(await reason(read(2))).toContain(`на ней схема ${FILES.length - 1}, программе нужна ${FILES.length}`);
      await migrate(url);
      await standby.caughtUp();
      expect(await read(3)).toBe(3);
      expect(await replica.health()).toEqual({ state: 'ok', lagSeconds: 0 });
    } finally {
      await replica.close();
    }
  });

  it('a replica newer than the code is refused too', async () => {
    const url = await primary.createDatabase('newer');
    await migrate(url);
    await standby.caughtUp();
    const replica = openReportsReplica(standby.url('newer'), silent, olderMigrations(FILES.length - 1));
    try {
      expect(await reason(replica.guarded(async () => 1)())).toContain('новее программы');
      expect((await replica.health()).state).toBe('schema-ahead');
    } finally {
      await replica.close();
    }
  });

  it('unreachable: 503 with its own reason; back: served again after its schema is checked again', { timeout: 60_000 }, async () => {
    const url = await primary.createDatabase('outage');
    await migrate(url);
    await standby.caughtUp();
    const replica = openReportsReplica(standby.url('outage'), silent);
    const read = replica.guarded(async () => (await replica.pool.query<{ n: string }>('SELECT count(*) AS n FROM press')).rows[0]?.n);
    try {
      expect(await read()).toBe('0');
      await standby.kill();
      expect(await reason(read())).toBe(REPLICA_UNREACHABLE);
      expect(await replica.health()).toEqual({ state: 'unreachable', lagSeconds: null });
      await standby.restart();
      await standby.caughtUp();
      expect(await read()).toBe('0');
    } finally {
      await replica.close();
    }
  });

  it('on the primary itself: lag 0, and the pool refuses a write', async () => {
    const url = await primary.createDatabase('on_primary');
    await migrate(url);
    const replica = openReportsReplica(url, silent);
    try {
      expect(await replica.health()).toEqual({ state: 'ok', lagSeconds: 0 });
      await expect(replica.pool.query('CREATE TABLE not_here (x int)')).rejects.toMatchObject({ code: '25006' });
      await expect(replica.pool.query("INSERT INTO schema_migration VALUES (99, 'x', 0)")).rejects.toMatchObject({ code: '25006' });
    } finally {
      await replica.close();
    }
    // The same pool settings without a replica: DATABASE_URL's reports pool.
    const pool = openPool(url, silent, { readOnly: true });
    try {
      await expect(pool.query('CREATE TABLE not_here (x int)')).rejects.toMatchObject({ code: '25006' });
    } finally {
      await pool.end();
    }
  });
});
