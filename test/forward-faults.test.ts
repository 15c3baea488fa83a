import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../shared/logger.ts';
import { readHubConfig } from '../hub/config.ts';
import { issueOfficeKey } from '../hub/central/office-keys.ts';
import { registerDeviceNow } from '../hub/devices/credentials.ts';
import { getForwardStatus } from '../hub/forward/forward-status.ts';
import { startHub, type RunningHub } from '../hub/server.ts';
import { deliverUntilAcked, press, waitFor } from './support/forward-stack.ts';
import { staffSession } from './support/staff-session.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';

/**
 * The link and the central misbehaving, with both hubs in this process over real HTTP on
 * 127.0.0.1 and real SQLite files: nothing the office accepted is lost, nothing is counted twice,
 * and nothing is marked sent on an answer that is not the central's signed ack.
 */
const logger = createLogger('test', { level: 'silent', pretty: false });
const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
});

async function hub(env: Record<string, string>): Promise<RunningHub> {
  const config = readHubConfig({ PORT: '0', ...env });
  if (!config.ok) throw new Error(config.message);
  const started = await startHub(config.value, { logger });
  running.push(started);
  return started;
}

async function central(): Promise<{ hub: RunningHub; key: { keyId: string; secret: string } }> {
  const started = await hub({ ROLE: 'central', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'fwd-c-')) });
  const issued = await issueOfficeKey(started.ctx.sql, started.ctx.offices.find('sharya'), Date.now());
  if (!issued.ok) throw new Error(issued.reason);
  return { hub: started, key: issued.value };
}

async function office(centralUrl: string, key: { keyId: string; secret: string }, extra: Record<string, string> = {}) {
  const started = await hub({
    ROLE: 'office',
    OFFICE_ID: 'sharya',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'fwd-o-')),
    CENTRAL_URL: centralUrl,
    CENTRAL_KEY_ID: key.keyId,
    CENTRAL_KEY: key.secret,
    FORWARD_RETRY_BASE_MS: '20',
    FORWARD_RETRY_MAX_MS: '200',
    ...extra,
  });
  const token = await registerDeviceNow(started.ctx, { id: 'drv', officeId: 'sharya', kind: 'panel-driver', name: 'пульт' }, Date.now());
  const status = () => getForwardStatus(started.ctx.db, started.ctx.sql, started.ctx.config, Date.now());
  return { hub: started, token, status };
}

const count = (h: RunningHub, sql: string) => h.ctx.db.prepare(sql).pluck().get() as number;

async function fakeCentral(answer: (n: number) => { status: number; type: string; body: string }): Promise<{ url: string; requests: () => number }> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const a = answer(n++);
      res.writeHead(a.status, { 'content-type': a.type }).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => n };
}

describe('forwarding through faults', () => {
  it('a proxy that drops answers after the central got the request: every record arrives once, none twice', async () => {
    const c = await central();
    const proxy: TcpProxy = await startTcpProxy(c.hub.port);
    running.push(proxy);
    const o = await office(proxy.url, c.key, { FORWARD_BATCH_RECORDS: '100' });
    // The office's configuration pulls and reports go through the proxy too, at any moment: drop only batch answers.
    await waitFor('office took the regional configuration', () => count(c.hub, "SELECT count(*) FROM office_config_report WHERE office_id = 'sharya'") === 1, 30_000);
    proxy.dropResponses(6, '/api/forward');
    const records = Array.from({ length: 1000 }, () => press('sharya', 'drv'));
    for (let i = 0; i < records.length; i += 250) await deliverUntilAcked(() => o.hub.url, o.token, records.slice(i, i + 250));
    await waitFor('office outbox drained', async () => (await o.status()).backlog.count === 0, 30_000);

    expect(proxy.stats.droppedResponses).toBe(6);
    expect(count(c.hub, 'SELECT count(*) FROM press')).toBe(1000);
    // Each id was answered `stored` exactly once; the resends of dropped answers came back `duplicate`.
    expect(count(c.hub, "SELECT records_received FROM office_sync WHERE office_id = 'sharya'")).toBe(1000);
    expect(count(c.hub, "SELECT batches_received FROM office_sync WHERE office_id = 'sharya'")).toBeGreaterThanOrEqual(10 + 6);
    expect(count(c.hub, 'SELECT count(*) FROM dead_letter')).toBe(0);
    expect(await o.status()).toMatchObject({ deadLetters: 0, failing: false });
  });

  it('a 500, then an HTML 200 page, then an unsigned JSON ack: nothing is marked sent', async () => {
    const pages = [
      { status: 500, type: 'text/plain', body: 'Internal Server Error' },
      { status: 200, type: 'text/html', body: '<html><body>Авторизация в сети Wi-Fi</body></html>' },
    ];
    let ackIds: string[] = [];
    const fake = await fakeCentral((n) =>
      n < 4
        ? pages[n % 2]!
        : { status: 200, type: 'application/json', body: JSON.stringify({ ok: true, protocol: 1, results: ackIds.map((id) => ({ id, status: 'stored' })) }) },
    );
    const o = await office(fake.url, { keyId: 'sharya.000000000000', secret: `czn_hub_${'x'.repeat(43)}` });
    const records = Array.from({ length: 50 }, () => press('sharya', 'drv'));
    ackIds = records.map((r) => r.id);
    await deliverUntilAcked(() => o.hub.url, o.token, records);
    await waitFor('six attempts at the fake central', () => fake.requests() >= 6, 30_000);

    const status = await o.status();
    expect(status.backlog.count).toBe(50);
    expect(status.lastSyncAt).toBeNull();
    expect(status.failing).toBe(true);
    expect(status.lastError?.code).toBe('unsigned-answer');
  });

  it('a central that takes the request and never answers: the request times out and is sent again', async () => {
    let requests = 0;
    const silent: Server = createServer(() => void requests++);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    running.push({ close: () => new Promise<void>((resolve) => (silent.closeAllConnections(), silent.close(() => resolve()))) });
    const o = await office(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, { keyId: 'sharya.000000000000', secret: `czn_hub_${'x'.repeat(43)}` }, { FORWARD_REQUEST_TIMEOUT_MS: '1000' });
    await deliverUntilAcked(() => o.hub.url, o.token, [press('sharya', 'drv')]);
    await waitFor('a second request after the first timed out', async () => requests >= 2 && (await o.status()).lastError?.code === 'timeout', 30_000);
    expect(await o.status()).toMatchObject({ failing: true, backlog: { count: 1 }, lastSyncAt: null });
  });

  it('the central’s disk is full: 503 with Retry-After, nothing acknowledged, and the office resumes when there is room', async () => {
    const c = await central();
    const o = await office(c.hub.url, c.key);
    const pages = c.hub.ctx.db.pragma('page_count', { simple: true }) as number;
    c.hub.ctx.db.pragma(`max_page_count = ${pages}`);
    const records = Array.from({ length: 3000 }, () => press('sharya', 'drv'));
    for (let i = 0; i < records.length; i += 1000) await deliverUntilAcked(() => o.hub.url, o.token, records.slice(i, i + 1000));
    await waitFor('the office to see the central refuse', async () => (await o.status()).lastError?.code === 'busy', 30_000);
    expect(count(c.hub, 'SELECT count(*) FROM press')).toBe(0);
    expect((await o.status()).backlog.count).toBe(3000);

    c.hub.ctx.db.pragma('max_page_count = 1073741823');
    await waitFor('office outbox drained', async () => (await o.status()).backlog.count === 0, 30_000);
    expect(count(c.hub, 'SELECT count(*) FROM press')).toBe(3000);
    expect(c.hub.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('the same id with another body is a conflict: set aside for the admin, and the rest of the queue flows', async () => {
    const c = await central();
    const o = await office(c.hub.url, c.key);
    const clash = press('sharya', 'drv', 2);
    // The central already holds this id with another score (e.g. a device that reused an id).
    const held = c.hub.ctx.ingest({ records: [{ ...clash, score: 5, button: '5' }] }, { kind: 'office-hub', officeId: 'sharya' });
    expect(held.ok).toBe(true);
    const others = Array.from({ length: 20 }, () => press('sharya', 'drv'));
    await deliverUntilAcked(() => o.hub.url, o.token, [others[0]!, clash, ...others.slice(1)]);
    await waitFor('office outbox drained', async () => (await o.status()).backlog.count === 0, 30_000);

    expect(count(c.hub, 'SELECT count(*) FROM press')).toBe(21);
    expect(count(c.hub, 'SELECT count(*) FROM dead_letter')).toBe(1);
    const admin = await staffSession(o.hub, 'admin', [{ role: 'admin' }]);
    const res = await admin.fetch('/api/forward/dead-letters');
    const body = (await res.json()) as { deadLetters: { recordId: string; reason: string; body: string }[] };
    expect(body.deadLetters).toEqual([expect.objectContaining({ recordId: clash.id, reason: 'conflict' })]);
    expect(JSON.parse(body.deadLetters[0]!.body)).toMatchObject({ score: 2 });
    expect((await o.status()).deadLetters).toBe(1);
  });

  it('a record the central refuses as invalid is set aside with its reason; the rest of the batch is delivered', async () => {
    const c = await central();
    const o = await office(c.hub.url, c.key);
    // A device of another office registered on this hub by mistake: the central takes from an office key only that office's records.
    const stray = await registerDeviceNow(o.hub.ctx, { id: 'stray', officeId: 'buy', kind: 'panel-driver', name: 'чужой' }, Date.now());
    await deliverUntilAcked(() => o.hub.url, stray, [press('buy', 'stray')]);
    const own = Array.from({ length: 10 }, () => press('sharya', 'drv'));
    await deliverUntilAcked(() => o.hub.url, o.token, own);
    await waitFor('office outbox drained', async () => (await o.status()).backlog.count === 0, 30_000);

    expect(count(c.hub, 'SELECT count(*) FROM press')).toBe(10);
    const admin = await staffSession(o.hub, 'admin', [{ role: 'admin' }]);
    const res = await admin.fetch('/api/forward/dead-letters');
    expect(((await res.json()) as { deadLetters: unknown[] }).deadLetters).toEqual([expect.objectContaining({ reason: 'invalid', detail: expect.stringMatching(/buy/) })]);
  });
});
