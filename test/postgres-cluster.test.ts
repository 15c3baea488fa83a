import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresCluster } from './support/postgres.ts';

/** The throwaway PostgreSQL of test/support/postgres.ts: what the central's PostgreSQL tests stand on. */
let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(() => cluster?.stop());

async function ask(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('a throwaway PostgreSQL cluster', () => {
  it('is PostgreSQL 15 or newer on 127.0.0.1, with a database of its own per test file', async () => {
    const url = await cluster.createDatabase('central_test');
    const [row] = (await ask(url, "SELECT current_database() AS db, current_setting('server_version_num')::int AS version")) as { db: string; version: number }[];
    expect(row).toMatchObject({ db: 'central_test' });
    expect(row!.version).toBeGreaterThanOrEqual(150000);
    expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/central_test$/);
  });

  it('can be killed and started again, keeping what was committed', async () => {
    const url = cluster.url('central_test');
    await ask(url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (1)');
    await cluster.kill();
    await expect(ask(url, 'SELECT 1')).rejects.toThrow();
    await cluster.restart();
    expect(await ask(url, 'SELECT n FROM kept')).toEqual([{ n: 1 }]);
  });

  it('is removed when stopped', async () => {
    const other = await startPostgres();
    expect(existsSync(other.folder)).toBe(true);
    await other.stop();
    await expect(ask(other.url(), 'SELECT 1')).rejects.toThrow();
    expect(existsSync(other.folder)).toBe(false);
  }, 60_000);
});
