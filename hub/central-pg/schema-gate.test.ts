import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHubConfig } from '../config.ts';
import { startHub, type RunningHub } from '../server.ts';
import { migratePgCommand } from '../cli/migrate-pg.ts';
import { readMigrations } from '../db/migrate.ts';
import { defaultPgMigrationsDir } from './migrate.ts';
import { startPostgres, type PostgresCluster } from '../../test/support/postgres.ts';
import { createRoles, OWNER, ownedDatabase, roleUrl, RUNNING } from '../../test/support/pg-roles.ts';
import { staffSession } from '../../test/support/staff-session.ts';
import { eventually } from '../../test/support/eventually.ts';

/**
 * A central connected as the running role to a schema older than the program (a database an older
 * version migrated, or an empty one): it must not try to migrate, must say in its log what is wrong
 * and which command the owner runs, and wait (its tables are there, so it answers every request
 * 503 with Retry-After meanwhile: offices keep their outbox), then start by itself, without a
 * restart, once the owner has run `migrate-pg`.
 */
let cluster: PostgresCluster;

beforeAll(async () => {
  cluster = await startPostgres();
  await createRoles(cluster);
}, 60_000);
afterAll(async () => cluster?.stop());

/** A central starting: `started` resolves once it listens; `log` fills meanwhile. */
function centralAs(role: string, database: string): { started: Promise<{ hub: RunningHub; cookie: string }>; log: string[] } {
  const log: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void log.push(line) });
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gate-hub-')), PORT: '0', ROLE: 'central', SCHEDULED_REPORTS: 'false', DATABASE_URL: roleUrl(cluster, role, database) });
  if (!config.ok) throw new Error(config.message);
  const started = startHub(config.value, { logger }).then(async (hub) => ({ hub, cookie: (await staffSession(hub, 'analyst', [{ role: 'cx' }])).cookie }));
  return { started, log };
}

const said = (log: string[], text: string) => eventually(() => log.join('\n').includes(text), { timeoutMs: 20_000, what: text });
const migratePg = async (database: string) => {
  const out: string[] = [];
  const code = await migratePgCommand(['--to', roleUrl(cluster, OWNER, database), '--grant', RUNNING], { out: (l) => out.push(l), err: (l) => out.push(l) });
  expect({ code, out }).toMatchObject({ code: 0 });
  return out.join('\n');
};

const health = async (hub: RunningHub) => {
  const res = await fetch(`${hub.url}/health`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; postgres?: string } };
};
const figures = async (hub: RunningHub, cookie: string) => {
  const res = await fetch(`${hub.url}/api/figures?period=2026-W48`, { headers: { cookie } });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { reason?: string } };
};
async function tables(database: string): Promise<{ tables: number; version: number | null }> {
  const client = new pg.Client({ connectionString: cluster.url(database) });
  await client.connect();
  try {
    const n = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace")).rows[0]!.n;
    const recorded = (await client.query("SELECT to_regclass('schema_migration') IS NOT NULL AS yes")).rows[0].yes as boolean;
    const version = recorded ? ((await client.query<{ v: number }>('SELECT max(number) AS v FROM schema_migration')).rows[0]!.v) : null;
    return { tables: n, version };
  } finally {
    await client.end();
  }
}
const COMMAND = `npm run hub -- migrate-pg --to <адрес PostgreSQL владельца> --grant ${RUNNING}`;

describe('schema behind, central on the running role', () => {
  it('waits, saying so with the owner\'s command; starts by itself after migrate-pg, without a restart', async () => {
    await ownedDatabase(cluster, 'behind', { version: 6, grant: true });
    const { started, log } = centralAs(RUNNING, 'behind');
    await said(log, COMMAND);
    expect(log.join('\n')).toContain('схема PostgreSQL отстаёт от программы (в базе миграций 6');
    expect(log.join('\n')).toContain('Центральный сборщик ждёт базу данных');
    expect((await tables('behind')).version).toBe(6);
    // Listening already, on the port it will keep: every request, the office's batch and the health probe, 503.
    const port = (JSON.parse(log.find((line) => line.includes('пока база данных не готова'))!) as { port: number }).port;
    for (const [method, where] of [['GET', '/health'], ['POST', '/api/forward'], ['GET', '/staff']] as const) {
      const res = await fetch(`http://127.0.0.1:${port}${where}`, { method, ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}) });
      expect({ where, status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() }).toEqual({ where, status: 503, retryAfter: '5', body: { ok: false, error: 'storage-unavailable', reason: expect.stringContaining('ждёт свою базу данных') } });
    }

    expect(await migratePg('behind')).toContain('Применены миграции: 0007_definer_functions.sql');
    const { hub, cookie } = await started;
    try {
      expect(hub.port).toBe(port);
      expect(log.join('\n')).toContain('PostgreSQL готова');
      expect(await health(hub)).toMatchObject({ status: 200, body: { ok: true, postgres: 'ok' } });
      expect((await figures(hub, cookie)).status).toBe(200);
    } finally {
      await hub.close();
    }
  }, 60_000);

  it('a central started as the running role on an empty database creates nothing and says what to do', async () => {
    await ownedDatabase(cluster, 'empty');
    const { started, log } = centralAs(RUNNING, 'empty');
    await said(log, COMMAND);
    expect(log.join('\n')).toContain('в базе миграций 0');
    expect(await tables('empty')).toEqual({ tables: 0, version: null });
    await migratePg('empty');
    await (await started).hub.close();
  }, 60_000);

  it('a role never granted the tables is told the same command', async () => {
    await ownedDatabase(cluster, 'ungranted', { version: Number.MAX_SAFE_INTEGER });
    const { started, log } = centralAs(RUNNING, 'ungranted');
    await said(log, 'роли не выданы права на таблицы центрального');
    expect(log.join('\n')).toContain(COMMAND);
    await migratePg('ungranted');
    await (await started).hub.close();
  }, 60_000);

  it('a central connected as the owner still migrates at start, as before', async () => {
    await ownedDatabase(cluster, 'owned', { version: 6 });
    const { hub } = await centralAs(OWNER, 'owned').started;
    try {
      expect(await health(hub)).toMatchObject({ status: 200, body: { postgres: 'ok' } });
      expect((await tables('owned')).version).toBe(readMigrations(defaultPgMigrationsDir()).length);
    } finally {
      await hub.close();
    }
  }, 60_000);
});
