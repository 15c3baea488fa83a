import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresCluster } from '../../test/support/postgres.ts';
import { asSuperuser, createRoles, OWNER, ownedDatabase, roleUrl, RUNNING, schemaState } from '../../test/support/pg-roles.ts';
import { migratePgCommand } from './migrate-pg.ts';
import { RUNNING_ROLE_TABLES } from '../central-pg/running-role.ts';
import { openPostgresStore } from '../central-pg/postgres-store.ts';
import { silentLogger } from '../../test/support/test-records.ts';

/**
 * `npm run hub -- migrate-pg --to <owner> --grant <role>`: refusals change nothing (the database is
 * left at migration 6, as an older program made it, so a run that went ahead would show), a second
 * run leaves the same state, and no password is printed.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
let cluster: PostgresCluster;
let ownerUrl: string;

beforeAll(async () => {
  cluster = await startPostgres();
  await createRoles(cluster);
  await asSuperuser(cluster, [
    'CREATE ROLE czn_super LOGIN SUPERUSER',
    `CREATE ROLE czn_member LOGIN IN ROLE ${OWNER}`,
    'CREATE ROLE czn_tables LOGIN',
    'CREATE ROLE czn_creator LOGIN CREATEROLE',
    'CREATE ROLE czn_writer LOGIN IN ROLE pg_write_all_data',
  ]);
  await ownedDatabase(cluster, 'behind', { version: 6 });
  await asSuperuser(cluster, ['CREATE TABLE stray (x int)', 'ALTER TABLE stray OWNER TO czn_tables'], 'behind');
  ownerUrl = roleUrl(cluster, OWNER, 'behind');
}, 60_000);
afterAll(async () => cluster?.stop());

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await migratePgCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('migrate-pg refuses, and changes nothing', () => {
  const refusals: [string, string[], RegExp][] = [
    ['a role that does not exist', ['--grant', 'czn_nobody'], /роли czn_nobody нет в PostgreSQL/],
    ['a superuser', ['--grant', 'czn_super'], /суперпользователь/],
    ['the owner itself', ['--grant', OWNER], /это владелец схемы/],
    ['a member of the owner role', ['--grant', 'czn_member'], /входит в роль владельца/],
    ['a role that owns tables of the schema', ['--grant', 'czn_tables'], /владеет таблицами или функциями схемы public/],
    ['a role with CREATEROLE', ['--grant', 'czn_creator'], /CREATEROLE/],
    ['a member of pg_write_all_data', ['--grant', 'czn_writer'], /pg_write_all_data/],
  ];
  it.each(refusals)('%s', async (_, argv, reason) => {
    const before = await schemaState(ownerUrl);
    const result = await run(['--to', ownerUrl, ...argv]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(reason);
    expect(result.err).toContain('Ничего не изменено');
    expect(await schemaState(ownerUrl)).toBe(before);
  });

  it('a --to that is not the schema owner', async () => {
    const before = await schemaState(ownerUrl);
    const result = await run(['--to', roleUrl(cluster, RUNNING, 'behind'), '--grant', RUNNING]);
    expect(result).toMatchObject({ code: 1 });
    expect(result.err).toMatch(/роль czn_central не владеет схемой public/);
    expect(await schemaState(ownerUrl)).toBe(before);
  });

  it('a role that may create in the schema (CREATE granted to it)', async () => {
    await asSuperuser(cluster, [`GRANT CREATE ON SCHEMA public TO ${RUNNING}`], 'behind');
    try {
      const before = await schemaState(ownerUrl);
      const result = await run(['--to', ownerUrl, '--grant', RUNNING]);
      expect(result).toMatchObject({ code: 1 });
      expect(result.err).toMatch(/может создавать объекты в схеме public/);
      expect(await schemaState(ownerUrl)).toBe(before);
    } finally {
      await asSuperuser(cluster, [`REVOKE CREATE ON SCHEMA public FROM ${RUNNING}`], 'behind');
    }
  });

  it('bad parameters: exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--to', 'mysql://x'])).code).toBe(2);
    expect((await run(['--to', ownerUrl, '--grant', ' '])).code).toBe(2);
  });
});

describe('migrate-pg as the owner', () => {
  it('migrates and grants exactly the list; a second run through the real command leaves the same state and prints no password', async () => {
    // A grant beyond the list, made by hand before: the run takes it back.
    await asSuperuser(cluster, [`GRANT UPDATE ON press TO ${RUNNING}`], 'behind');
    const first = await run(['--to', ownerUrl, '--grant', RUNNING]);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toContain('Применены миграции: 0007_definer_functions.sql');
    const state = await schemaState(ownerUrl);
    const privileges = await tablePrivileges(RUNNING);
    // Exactly the list (running-role.ts), each table's privileges as held, however held.
    expect(privileges).toEqual(Object.fromEntries(Object.entries(RUNNING_ROLE_TABLES).map(([t, p]) => [t, [...p].sort().join(',')])));
    expect(privileges).toMatchObject({
      press: 'INSERT,SELECT',
      press_day: 'SELECT',
      audit_log: 'INSERT,SELECT',
      dead_letter: 'INSERT,SELECT',
      register_event: 'INSERT,SELECT',
      office: 'INSERT,SELECT,UPDATE',
      office_sync: 'INSERT,SELECT,UPDATE',
      staff_session: 'DELETE,INSERT,SELECT,UPDATE',
      ms_attachment: 'DELETE,INSERT,SELECT',
    });
    expect(first.out).toMatch(/SELECT, INSERT — record_key, press, response, .*audit_log.*; SELECT, INSERT, DELETE — heartbeat, /);

    const withPassword = ownerUrl.replace(`${OWNER}@`, `${OWNER}:Sekret-42@`);
    const second = await cli(['migrate-pg', '--to', withPassword, '--grant', RUNNING]);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/Схема актуальна/);
    expect(second.out + second.err).not.toContain('Sekret-42');
    expect(await schemaState(ownerUrl)).toBe(state);
  }, 60_000);

  it('a privilege the role would hold through PUBLIC beyond the list: refused, the grants rolled back', async () => {
    await asSuperuser(cluster, ['GRANT UPDATE ON press_day TO PUBLIC'], 'behind');
    try {
      const before = await schemaState(ownerUrl);
      const result = await run(['--to', ownerUrl, '--grant', RUNNING]);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/больше прав, чем выдано .*UPDATE на press_day/);
      expect(await schemaState(ownerUrl)).toBe(before);
    } finally {
      await asSuperuser(cluster, ['REVOKE UPDATE ON press_day FROM PUBLIC'], 'behind');
    }
  });
});

describe('a central that owned its schema (the setup before two roles)', () => {
  it('moved as the docs say: REASSIGN OWNED to the owner, migrate-pg --grant; then it runs and may not alter', async () => {
    await asSuperuser(cluster, ['CREATE ROLE czn_legacy LOGIN', 'CREATE DATABASE legacy OWNER czn_legacy']);
    const legacyUrl = roleUrl(cluster, 'czn_legacy', 'legacy');
    const store = openPostgresStore(legacyUrl, silentLogger);
    try {
      await store.ready(); // migrates, as the owner it is
    } finally {
      await store.close();
    }
    expect((await run(['--to', roleUrl(cluster, OWNER, 'legacy'), '--grant', 'czn_legacy'])).err).toMatch(/роль czn_owner не владеет схемой/);
    await asSuperuser(cluster, [`REASSIGN OWNED BY czn_legacy TO ${OWNER}`], 'legacy');
    expect(await run(['--to', roleUrl(cluster, OWNER, 'legacy'), '--grant', 'czn_legacy'])).toMatchObject({ code: 0, err: '' });
    const running = openPostgresStore(legacyUrl, silentLogger);
    const client = new pg.Client({ connectionString: legacyUrl });
    await client.connect();
    try {
      await running.ready();
      expect(await running.status()).toBe('ok');
      await expect(client.query('ALTER TABLE press ADD COLUMN evil int')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await client.end();
      await running.close();
    }
  }, 60_000);
});

/** Every table privilege the role holds in the schema, by table, however it holds it. */
async function tablePrivileges(role: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: cluster.url('behind') });
  await client.connect();
  try {
    const rows = (await client.query<{ relname: string; privileges: string }>(`
      SELECT c.relname, string_agg(p, ',' ORDER BY p) AS privileges FROM pg_class c
      CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND has_table_privilege($1, c.oid, p)
      GROUP BY 1 ORDER BY 1`, [role])).rows;
    return Object.fromEntries(rows.map((r) => [r.relname, r.privileges]));
  } finally {
    await client.end();
  }
}

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'hub/cli.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('close', (code) => resolve({ code, out, err }));
  });
}
