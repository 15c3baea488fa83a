import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import { periodContaining } from '../shared/periods.ts';
import { migratePostgres, defaultPgMigrationsDir } from '../hub/central-pg/migrate.ts';
import { startPostgres, startStandby, type PostgresCluster, type PostgresStandby } from './support/postgres.ts';
import { centralEnv, deliverUntilAcked, healthOf, officeEnv, processTracker, provisionOffice, provisionStaff, spawnHub, staffCookie, waitFor, type HubProcess } from './support/forward-stack.ts';

/**
 * REPORTS_DATABASE_URL: the central's reports read a real streaming replica (pg_basebackup -R of a
 * throwaway cluster), the offices' batches go to the primary. The central and an office hub run as
 * real processes.
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const hubs = processTracker();
let primary: PostgresCluster;
let standby: PostgresStandby;

beforeAll(async () => {
  primary = await startPostgres();
  standby = await startStandby(primary);
}, 90_000);
afterAll(async () => {
  await hubs.stopAll();
  await standby?.stop();
  await primary?.stop();
});

/** Kiosk responses born in the last hour, each with a comment, so the feed's total counts them. */
function responses(count: number) {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    id: newRecordId(),
    kind: 'response' as const,
    officeId: 'sharya',
    deviceId: 'test-driver',
    bornAt: new Date(now - 3600_000 + i * 1000).toISOString(),
    desk: 'окно 1',
    channel: 'kiosk' as const,
    answers: { csat1: 4, csat2: 5, csat3: 2, ces: 3, nps: 9 },
    comment: `комментарий ${i}`,
    serviceId: null,
    complete: true,
  }));
}

interface Stack {
  central: HubProcess;
  office: HubProcess;
  token: string;
  /** Everything the central has written to stdout and stderr. */
  log: () => string;
}

async function startStack(env: Record<string, string>): Promise<Stack> {
  const centralDir = mkdtempSync(path.join(tmpdir(), 'rr-c-'));
  const officeDir = mkdtempSync(path.join(tmpdir(), 'rr-o-'));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'hub/cli.ts', 'offices', 'add', 'sharya', '--json'], {
    cwd: ROOT,
    // The key goes into the central's PostgreSQL (the command migrates the schema first, as its owner).
    env: { PATH: process.env.PATH ?? '', ROLE: 'central', DATA_DIR: centralDir, DATABASE_URL: env.DATABASE_URL ?? '' },
  });
  const key = JSON.parse(stdout) as { keyId: string; secret: string };
  const token = await provisionOffice(officeDir, 'sharya');
  await provisionStaff(path.join(centralDir, 'central.sqlite'), 'cx-analyst', [{ role: 'cx' }], env.DATABASE_URL);
  // Its log from the start: the replica's schema may be checked (and the mismatch logged, once) while it starts.
  const central = hubs.track(await spawnHub(centralEnv(centralDir, env)));
  const office = hubs.track(await spawnHub(officeEnv(officeDir, 'sharya', central.url, key)));
  return { central, office, token, log: () => central.output() };
}

async function deliver(stack: Stack, batch: readonly { id: string }[]): Promise<void> {
  const first = await fetch(`${stack.office.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` }, body: JSON.stringify({ records: batch }) });
  if (first.status === 400) throw new Error(`the office refused the batch: ${await first.text()}`);
  await deliverUntilAcked(() => stack.office.url, stack.token, batch);
  await waitFor('office outbox drained', async () => (await healthOf(stack.office.url)).forward?.backlog.count === 0, 60_000);
}

const month = () => periodContaining('month', Date.now()).key;
const feed = async (stack: Stack, cookie: string) => fetch(`${stack.central.url}/api/comments?period=${month()}&limit=1`, { headers: { cookie } });
const health = async (stack: Stack) => (await (await fetch(`${stack.central.url}/health`)).json()) as Record<string, unknown>;

describe('the reports on a streaming replica', () => {
  it('serve what the primary stored once replayed; the replica down: reports 503, batches still stored; back: reports again', { timeout: 180_000 }, async () => {
    const url = await primary.createDatabase('reports');
    // A password the trust authentication ignores: it must never reach the central's log.
    const replicaUrl = standby.url('reports').replace('postgres@', 'postgres:r3plica-secret@');
    const stack = await startStack({ DATABASE_URL: url, REPORTS_DATABASE_URL: replicaUrl });
    const cookie = await staffCookie(stack.central.url, 'cx-analyst');

    await deliver(stack, responses(40));
    await standby.caughtUp();
    const served = await feed(stack, cookie);
    expect(served.status).toBe(200);
    expect(((await served.json()) as { total: number }).total).toBe(40);
    expect(await health(stack)).toMatchObject({ ok: true, postgres: 'ok', reportsReplica: { state: 'ok', lagSeconds: 0 } });

    await standby.kill();
    const refused = await feed(stack, cookie);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toMatchObject({ error: 'storage-unavailable', reason: expect.stringContaining('реплика базы данных для отчётов недоступна') });
    // The receive path is on the primary: the office's next batch is stored meanwhile.
    await deliver(stack, responses(25));
    const down = await fetch(`${stack.central.url}/health`);
    expect(down.status).toBe(200);
    expect(await down.json()).toMatchObject({ ok: true, postgres: 'ok', degraded: true, reportsReplica: { state: 'unreachable', lagSeconds: null } });

    await standby.restart();
    await standby.caughtUp();
    const back = await waitFor('reports served again', async () => {
      const res = await feed(stack, cookie);
      return res.status === 200 ? ((await res.json()) as { total: number }) : null;
    }, 30_000);
    expect(back.total).toBe(65);

    // The other way round: the primary down. The accounts and sessions are on the primary, so a
    // report cannot be answered (503, not a login page); /health names which server is down.
    await primary.kill();
    try {
      const primaryGone = await feed(stack, cookie);
      expect(primaryGone.status).toBe(503);
      const primaryDown = await fetch(`${stack.central.url}/health`);
      expect(primaryDown.status).toBe(503);
      expect(await primaryDown.json()).toMatchObject({ ok: false, postgres: 'unreachable', reportsReplica: { state: 'ok' } });
    } finally {
      await primary.restart();
    }
    expect(stack.log()).not.toContain('r3plica-secret');
  });

  it('a replica behind the code\'s schema answers 503 with the reason, and says so in the log', { timeout: 120_000 }, async () => {
    const url = await primary.createDatabase('current');
    // A database on the primary stopped one migration short: the replica has it as it is.
    const older = mkdtempSync(path.join(tmpdir(), 'rr-mig-'));
    const files = readdirSync(defaultPgMigrationsDir()).filter((f) => f.endsWith('.sql')).sort();
    for (const file of files.slice(0, -1)) copyFileSync(path.join(defaultPgMigrationsDir(), file), path.join(older, file));
    const behindUrl = await primary.createDatabase('behind');
    const client = new pg.Client({ connectionString: behindUrl });
    await client.connect();
    await migratePostgres(client, older);
    await client.end();
    await standby.caughtUp();

    const stack = await startStack({ DATABASE_URL: url, REPORTS_DATABASE_URL: standby.url('behind') });
    const cookie = await staffCookie(stack.central.url, 'cx-analyst');
    const res = await feed(stack, cookie);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ reason: `реплика базы данных для отчётов отстаёт: на ней схема ${files.length - 1}, программе нужна ${files.length}; отчёты недоступны, пока реплика не воспроизведёт миграцию основного сервера` });
    expect(await health(stack)).toMatchObject({ ok: true, degraded: true, reportsReplica: { state: 'schema-behind' } });
    // The child's log reaches the pipe on its own time, maybe after the answer.
    await waitFor('the log says the replica schema does not match', () => stack.log().includes('схема реплики для отчётов не совпадает с программой'), 10_000);
    // The offices' batches are still taken.
    await deliver(stack, responses(3));
  });
});
