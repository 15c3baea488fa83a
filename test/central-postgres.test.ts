import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import { periodContaining, previousPeriod } from '../shared/periods.ts';
import { mulberry32 } from '../shared/seeded-random.ts';
import { startPostgres, type PostgresCluster } from './support/postgres.ts';
import {
  centralEnv,
  deliverUntilAcked,
  healthOf,
  officeEnv,
  processTracker,
  provisionOffice,
  provisionStaff,
  spawnHub,
  staffCookie,
  waitFor,
  type HubProcess,
} from './support/forward-stack.ts';

/**
 * The central on PostgreSQL (DATABASE_URL) as it runs in production: the central and an office
 * hub as real processes, a throwaway PostgreSQL cluster (test/support/postgres.ts).
 *
 * 1. The same records sent to a central on SQLite and to one on PostgreSQL give the same answers
 *    from every figures API and the same weekly panel table, byte for byte.
 * 2. PostgreSQL stopped in the middle of a drain: the central answers 503 with Retry-After and
 *    says so on /health, the office keeps its outbox, and after PostgreSQL comes back every record
 *    is there exactly once, the rollups agreeing with the rows.
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const hubs = processTracker();
let cluster: PostgresCluster;

beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  await hubs.stopAll();
  await cluster?.stop();
});

const COMMENTS = ['Долго ждал в очереди', 'Всё хорошо, спасибо', 'ОЧЕРЕДЬ большая, окно 2 закрыто', 'Ёлка в зале', 'елка мешает', 'Вежливо и быстро', 'Скидка 50%'];

/** Presses and responses of the last 20 days, the same every run (seeded), some on each desk and service. */
function records(officeId: string, deviceId: string, count: number, seed: number) {
  const rand = mulberry32(seed);
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const bornAt = new Date(now - 20 * 86_400_000 + Math.floor((i * 20 * 86_400_000) / count)).toISOString();
    const base = { id: newRecordId(), officeId, deviceId, bornAt, desk: rand() < 0.5 ? 'окно 1' : 'окно 2' };
    if (rand() < 0.8) {
      const score = 1 + Math.floor(rand() * 5);
      return { ...base, kind: 'press' as const, channel: 'panel' as const, panelId: 'panel-1', seq: null, button: String(score), score, suppressed: rand() < 0.05 ? ('too-soon' as const) : null };
    }
    const answer = () => 1 + Math.floor(rand() * 5);
    return {
      ...base,
      kind: 'response' as const,
      channel: 'kiosk' as const,
      answers: { csat1: answer(), csat2: answer(), csat3: answer(), ces: answer(), nps: Math.floor(rand() * 11) },
      // Every third answer has a comment (by index, so the seeded draws above stay as they were).
      comment: i % 3 === 0 ? COMMENTS[i % COMMENTS.length]! : null,
      serviceId: rand() < 0.5 ? 'job-search' : null,
      complete: true,
    };
  });
}

interface Stack {
  central: HubProcess;
  office: HubProcess;
  token: string;
}

async function startStack(extraCentralEnv: Record<string, string>, extraOfficeEnv: Record<string, string> = {}): Promise<Stack> {
  const centralDir = mkdtempSync(path.join(tmpdir(), 'cpg-c-'));
  const officeDir = mkdtempSync(path.join(tmpdir(), 'cpg-o-'));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'hub/cli.ts', 'offices', 'add', 'sharya', '--json'], {
    cwd: ROOT,
    // On PostgreSQL the key goes there (the command migrates the schema first, as its owner).
    env: { PATH: process.env.PATH ?? '', ROLE: 'central', DATA_DIR: centralDir, ...(extraCentralEnv.DATABASE_URL ? { DATABASE_URL: extraCentralEnv.DATABASE_URL } : {}) },
  });
  const key = JSON.parse(stdout) as { keyId: string; secret: string };
  const token = await provisionOffice(officeDir, 'sharya');
  await provisionStaff(path.join(centralDir, 'central.sqlite'), 'cx-analyst', [{ role: 'cx' }], extraCentralEnv.DATABASE_URL);
  const central = hubs.track(await spawnHub(centralEnv(centralDir, extraCentralEnv)));
  const office = hubs.track(await spawnHub(officeEnv(officeDir, 'sharya', central.url, key, extraOfficeEnv)));
  return { central, office, token };
}

async function deliver(stack: Stack, all: readonly { id: string }[]): Promise<void> {
  for (let i = 0; i < all.length; i += 250) {
    const batch = all.slice(i, i + 250);
    // A refusal is a mistake in this test's records: said at once rather than retried until the timeout.
    const first = await fetch(`${stack.office.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` }, body: JSON.stringify({ records: batch }) });
    if (first.status === 400) throw new Error(`the office refused the batch: ${await first.text()}`);
    const acked = await deliverUntilAcked(() => stack.office.url, stack.token, batch);
    expect([...acked.values()].every((s) => s === 'stored' || s === 'duplicate')).toBe(true);
  }
}

/** What the CX sector sees: every figures API (the heatmap and invitation answers too), the weekly table, the comments and the negative-feedback monitoring, with the generation time taken out. */
async function everything(url: string): Promise<Record<string, unknown>> {
  const cookie = await staffCookie(url, 'cx-analyst');
  const get = async (p: string) => {
    const res = await fetch(`${url}${p}`, { headers: { cookie } });
    expect(res.status, p).toBe(200);
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('json')) return await res.text();
    const { generatedAt: _at, ...body } = (await res.json()) as Record<string, unknown>;
    return body;
  };
  const week = periodContaining('week', Date.now());
  const lastWeek = previousPeriod(week);
  const month = periodContaining('month', Date.now());
  const day = (ms: number) => new Date(ms + 3 * 3600_000).toISOString().slice(0, 10);
  const range = `${day(Date.now() - 9 * 86_400_000)}_${day(Date.now() - 2 * 86_400_000)}`;
  const out: Record<string, unknown> = {};
  for (const p of [
    `/api/figures?period=${week.key}`,
    `/api/figures?period=${lastWeek.key}`,
    `/api/figures?period=${month.key}`,
    `/api/figures?period=${range}`,
    `/api/figures/office/sharya?period=${month.key}`,
    `/api/figures/office/sharya?period=${range}`,
    '/api/trend?bucket=week&count=4',
    '/api/trend?bucket=month&count=2&office=sharya',
    `/api/figures/heatmap?period=${month.key}`,
    `/api/figures/heatmap?period=${range}&office=sharya`,
    `/api/invitations/response-rate?period=${month.key}`,
    `/api/reports/weekly-panel/${lastWeek.key}.csv`,
    `/api/reports/monthly/${month.key}.csv`,
    `/api/comments?period=${range}&limit=7`,
    `/api/comments?period=${month.key}&tone=negative&q=${encodeURIComponent('очеред')}`,
    `/api/comments?period=${range}&q=${encodeURIComponent('Ёлк')}`,
    `/api/comments.csv?period=${range}`,
    `/api/analysis/negative?period=${range}`,
  ]) {
    out[p] = await get(p);
  }
  return out;
}

describe('the central on PostgreSQL answers as the central on SQLite', () => {
  it('the same records give the same figures, trend, drill-down and tables', { timeout: 180_000 }, async () => {
    const sent = records('sharya', 'test-driver', 1500, 308);
    const url = await cluster.createDatabase('same_answers');
    const answers: Record<string, unknown>[] = [];
    for (const env of [{}, { DATABASE_URL: url }]) {
      const stack = await startStack(env);
      await deliver(stack, sent);
      await waitFor('office outbox drained', async () => (await healthOf(stack.office.url)).forward?.backlog.count === 0, 60_000);
      answers.push(await everything(stack.central.url));
      await hubs.stopAll();
    }
    const [onSqlite, onPostgres] = answers;
    // Not vacuous: the month has the records, with a panel average and CSAT.
    expect(JSON.stringify(onSqlite)).toContain('"n":');
    expect(JSON.stringify(onSqlite)).toContain('ОЧЕРЕДЬ большая, окно 2 закрыто');
    expect(onPostgres).toEqual(onSqlite);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const stored = (await client.query('SELECT (SELECT count(*) FROM press) + (SELECT count(*) FROM response) AS n')).rows[0] as { n: string };
    await client.end();
    expect(Number(stored.n)).toBe(sent.length);
  });
});

describe('PostgreSQL stopped during a drain', () => {
  it('answers 503 with Retry-After, the office keeps its outbox, and after the restart every record is there once', { timeout: 180_000 }, async () => {
    const url = await cluster.createDatabase('fault');
    // Small batches, so the drain is many round trips and the server dies in the middle of it.
    const stack = await startStack({ DATABASE_URL: url }, { FORWARD_BATCH_RECORDS: '50' });
    const sent = records('sharya', 'test-driver', 3000, 59);
    await deliver(stack, sent.slice(0, 1500));
    await waitFor('the drain under way', async () => (await healthOf(stack.office.url)).forward?.lastSyncAt, 30_000, 20);
    // Logged in before: the accounts and sessions are in PostgreSQL too.
    const cookie = await staffCookie(stack.central.url, 'cx-analyst');
    await cluster.kill();
    await deliver(stack, sent.slice(1500));

    // The central says why, and refuses rather than acknowledges.
    const health = await fetch(`${stack.central.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, postgres: 'unreachable', database: 'ok' });
    const office = await waitFor('office sees the refusal', async () => {
      const h = await healthOf(stack.office.url);
      return h.forward?.failing ? h.forward : null;
    }, 30_000);
    expect(office.backlog.count).toBeGreaterThanOrEqual(1500);
    const refused = await fetch(`${stack.central.url}/api/figures`, { headers: { cookie } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toMatchObject({ error: 'storage-unavailable', reason: expect.stringContaining('база данных центрального сборщика недоступна') });

    await cluster.restart();
    await waitFor('outbox drained after the restart', async () => (await healthOf(stack.office.url)).forward?.backlog.count === 0, 90_000);
    expect((await fetch(`${stack.central.url}/health`)).status).toBe(200);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const one = async (sql: string) => Number(((await client.query(sql)).rows[0] as { n: string }).n);
      const presses = sent.filter((r) => r.kind === 'press').length;
      expect(await one('SELECT count(*) AS n FROM press')).toBe(presses);
      expect(await one('SELECT count(DISTINCT id) AS n FROM press')).toBe(presses);
      expect(await one('SELECT count(*) AS n FROM response')).toBe(sent.length - presses);
      expect(await one('SELECT count(*) AS n FROM record_key')).toBe(sent.length);
      // Each press counted once in the rollup the reports read, each response once in its own.
      expect(await one('SELECT sum(presses) AS n FROM press_day')).toBe(presses);
      expect(await one('SELECT sum(responses) AS n FROM response_day')).toBe(sent.length - presses);
      const ids = new Set(((await client.query('SELECT id::text AS id FROM record_key')).rows as { id: string }[]).map((r) => r.id));
      expect(sent.every((r) => ids.has(r.id))).toBe(true);
    } finally {
      await client.end();
    }
  });
});
