import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import { createLogger } from '../../shared/logger.ts';
import type { Press } from '../../shared/records.ts';
import { readHubConfig } from '../config.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { createIngest } from '../ingest/ingest-batch.ts';
import { NO_SURVEY_VERSIONS } from '../db/survey-versions.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { getForwardStatus } from './forward-status.ts';
import { startForwarder, type Forwarder } from './sender.ts';
import { signRequest, signResponse } from '../../shared/protocol/forward-signature.ts';
import { HUB_HEADER } from '../../shared/protocol/wire.ts';

/**
 * The sender loop against a scripted central (a real HTTP server on 127.0.0.1 that checks the
 * request signature and signs its answers): batching, the pipeline, idle reports, Retry-After.
 */
const key = { keyId: 'sharya.a1b2c3d4e5f6', secret: `czn_hub_${'k'.repeat(43)}` };
const logger = createLogger('test', { level: 'silent', pretty: false });

interface Seen {
  records: { id: string }[];
  backlog: { count: number };
  validSignature: boolean;
  at: number;
}

let db: Db;
let server: Server;
let forwarder: Forwarder | null;
let seen: Seen[];
let script: (request: Seen, index: number) => { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };
let inFlight = 0;
let maxInFlight = 0;

beforeEach(async () => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'sender-')), 'office.sqlite')).db;
  seedOfficesOnSqlite(db);
  seen = [];
  inFlight = maxInFlight = 0;
  script = (request) => ({ status: 200, body: { ok: true, protocol: 1, results: request.records.map((r) => ({ id: r.id, status: 'stored' })) } });
  server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  forwarder = null;
});
afterEach(async () => {
  await forwarder?.stop();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  db.close();
});

async function answer(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const header = (name: string) => String(req.headers[name] ?? '');
  const signature = header(HUB_HEADER.signature);
  const expected = signRequest(key.secret, { method: 'POST', path: req.url ?? '', timestamp: Number(header(HUB_HEADER.timestamp)), nonce: header(HUB_HEADER.nonce), keyId: header(HUB_HEADER.keyId), body });
  const request: Seen = { ...(JSON.parse(body.toString()) as Omit<Seen, 'validSignature' | 'at'>), validSignature: expected === signature, at: Date.now() };
  seen.push(request);
  const reply = script(request, seen.length - 1);
  if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  const text = JSON.stringify(reply.body ?? {});
  res.writeHead(reply.status, { 'content-type': 'application/json', [HUB_HEADER.signature]: signResponse(key.secret, signature, reply.status, text), ...reply.headers });
  res.end(text);
  inFlight--;
}

function start(env: Record<string, string> = {}): void {
  const config = readHubConfig({ FORWARD_RETRY_BASE_MS: '10', FORWARD_RETRY_MAX_MS: '100', ...env });
  if (!config.ok) throw new Error(config.message);
  forwarder = startForwarder({ db, centralUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, key, settings: config.value.forward, clock: Date.now, logger });
}

const press = (): Press => ({ kind: 'press', id: newRecordId(), officeId: 'sharya', deviceId: 'drv', bornAt: new Date().toISOString(), channel: 'panel', panelId: 'p1', desk: null, seq: null, button: '5', score: 5, suppressed: null });
function store(n: number): string[] {
  const records = Array.from({ length: n }, press);
  const outcome = createIngest(db, { surveys: NO_SURVEY_VERSIONS, clock: Date.now, forward: true })({ records }, { kind: 'device', deviceId: 'drv', officeId: 'sharya' });
  if (!outcome.ok) throw new Error(outcome.rejection.reason);
  return records.map((r) => r.id);
}
const backlog = async () => (await getForwardStatus(db, sqlOverSqlite(db), { centralUrl: 'x' }, Date.now())).backlog.count;
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the sender loop', () => {
  it('sends the outbox in signed batches of at most FORWARD_BATCH_RECORDS, in order, and reports what remains', async () => {
    const ids = store(250);
    start({ FORWARD_BATCH_RECORDS: '100' });
    await until(async () => (await backlog()) === 0);
    const batches = seen.filter((s) => s.records.length > 0);
    expect(batches.map((b) => b.records.length)).toEqual([100, 100, 50]);
    expect(batches.flatMap((b) => b.records.map((r) => r.id))).toEqual(ids);
    expect(batches.map((b) => b.backlog.count)).toEqual([150, 50, 0]);
    expect(seen.every((s) => s.validSignature)).toBe(true);
  });

  it('keeps two batches on the wire, never more', async () => {
    store(1000);
    script = (request) => ({ status: 200, delayMs: 30, body: { ok: true, protocol: 1, results: request.records.map((r) => ({ id: r.id, status: 'stored' })) } });
    start({ FORWARD_BATCH_RECORDS: '100' });
    await until(async () => (await backlog()) === 0);
    expect(maxInFlight).toBe(2);
  });

  it('an idle office sends a status-only batch, and new records go out when woken, not at the next report', async () => {
    start({ FORWARD_IDLE_REPORT_SECONDS: '3600' });
    await until(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ records: [], backlog: { count: 0 } });
    store(3);
    forwarder!.wake();
    await until(async () => (await backlog()) === 0, 5000);
    expect(seen.at(-1)?.records).toHaveLength(3);
  });

  it('waits as long as a 503 asks (within the cap), then delivers', async () => {
    store(10);
    script = (request, index) =>
      index === 0
        ? { status: 503, headers: { 'retry-after': '1' } }
        : { status: 200, body: { ok: true, protocol: 1, results: request.records.map((r) => ({ id: r.id, status: 'stored' })) } };
    start({ FORWARD_RETRY_MAX_MS: '400' });
    await until(async () => (await backlog()) === 0);
    // Retry-After says 1 s; the cap (400 ms) wins, but the jitter alone (≤ 10 ms) would have been far shorter.
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(350);
    expect(await getForwardStatus(db, sqlOverSqlite(db), { centralUrl: 'x' }, Date.now())).toMatchObject({ failing: false, lastError: { code: 'busy' } });
  });

  it('stop() abandons a batch in flight without acknowledging it', async () => {
    store(5);
    script = () => ({ status: 200, delayMs: 5000, body: {} });
    start();
    await until(() => seen.length === 1);
    await forwarder!.stop();
    forwarder = null;
    expect(await backlog()).toBe(5);
  });
});
