import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import { createLogger } from '../shared/logger.ts';
import type { Press } from '../shared/records.ts';
import { toInstant } from '../shared/time.ts';
import { ErrorCounts } from './error-counts.ts';
import { eventually } from '../test/support/eventually.ts';
import { Forwarder } from './forward.ts';
import { createIngestClient } from './ingest-client.ts';
import { Outbox } from './outbox.ts';
import { makeTempDir, removeTempDirs } from '../test/support/temp-dirs.ts';

afterAll(removeTempDirs);

const logger = createLogger('test', { level: 'silent', pretty: false });

type Answer = { status: number; body: string; contentType?: string } | 'hang';
type Script = (ids: string[], auth: string | undefined) => Answer | Promise<Answer>;

const ack = (ids: string[]): Answer => ({ status: 200, body: JSON.stringify({ ok: true, protocol: 1, results: ids.map((id) => ({ id, status: 'stored' })) }) });

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers) await close();
  closers = [];
});

/** A stand-in hub on 127.0.0.1 answering each batch as the test's script says. */
async function scriptedHub(script: Script) {
  const batches: string[][] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const ids = (JSON.parse(text) as { records: { id: string }[] }).records.map((r) => r.id);
      batches.push(ids);
      void Promise.resolve(script(ids, req.headers.authorization)).then((answer) => {
        if (answer === 'hang') return;
        res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' }).end(answer.body);
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(() => r(undefined)));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, batches };
}

function driverSide(url: string, options: { timeoutMs?: number; batchRecords?: number; retryBaseMs?: number; random?: () => number } = {}) {
  const outbox = new Outbox(path.join(makeTempDir('fwd-'), 'driver.sqlite'));
  const errors = new ErrorCounts();
  const forwarder = new Forwarder(
    { retryBaseMs: options.retryBaseMs ?? 10, retryCapMs: Math.max(50, options.retryBaseMs ?? 0), batchRecords: options.batchRecords ?? 500 },
    { outbox, client: createIngestClient({ hubUrl: url, token: 'czn_dev_test', timeoutMs: options.timeoutMs ?? 5000 }), clock: Date.now, logger, errors, ...(options.random ? { random: options.random } : {}) },
  );
  closers.push(async () => {
    forwarder.stop();
    outbox.close();
  });
  let seq = 0;
  const add = (count: number) => {
    const ids: string[] = [];
    outbox.recordPresses(
      'p1',
      Array.from({ length: count }, () => ({ seq: seq++, button: '5', score: 5, bornAt: Date.now(), dated: false })),
      (p): Press => {
        const id = newRecordId();
        ids.push(id);
        return { kind: 'press', id, officeId: 'sharya', deviceId: 'drv', bornAt: toInstant(p.bornAt), channel: 'panel', panelId: 'p1', desk: null, seq: p.seq, button: p.button, score: p.score, suppressed: null };
      },
    );
    forwarder.kick();
    return ids;
  };
  return { outbox, errors, forwarder, add };
}

describe('forwarder', () => {
  it('sends a new press at once with the device token, and marks it delivered on the acknowledgement', async () => {
    let auth: string | undefined;
    const hub = await scriptedHub((ids, a) => ((auth = a), ack(ids)));
    const d = driverSide(hub.url);
    const [id] = d.add(1);
    await eventually(() => d.outbox.pendingCount() === 0);
    expect(hub.batches).toEqual([[id]]);
    expect(auth).toBe('Bearer czn_dev_test');
    expect(d.forwarder.lastSyncAt).not.toBeNull();
  });

  it('presses arriving while a batch is in flight ride together in the next batch', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    const hub = await scriptedHub(async (ids) => {
      if (ids.length === 1) await held;
      return ack(ids);
    });
    const d = driverSide(hub.url, { batchRecords: 1000 });
    d.add(1);
    await eventually(() => hub.batches.length === 1);
    d.add(50);
    d.add(50);
    release();
    await eventually(() => d.outbox.pendingCount() === 0);
    expect(hub.batches.map((b) => b.length)).toEqual([1, 100]);
  });

  it('an answer that is not a JSON acknowledgement naming every id delivers nothing; it is retried', async () => {
    let n = 0;
    const hub = await scriptedHub((ids) => {
      n++;
      if (n === 1) return { status: 200, body: '<html>Вход в сеть Wi-Fi</html>', contentType: 'text/html' };
      if (n === 2) return { status: 200, body: JSON.stringify({ ok: true, protocol: 1, results: ids.slice(1).map((id) => ({ id, status: 'stored' })) }) };
      if (n === 3) return { status: 502, body: 'Bad gateway' };
      return ack(ids);
    });
    const d = driverSide(hub.url);
    d.add(2);
    await eventually(() => d.outbox.pendingCount() === 0);
    expect(hub.batches).toHaveLength(4);
    expect(d.errors.get('hub-bad-answer')).toBe(3);
  });

  it('401 keeps everything and keeps retrying until the device is accepted again', async () => {
    let accepted = false;
    const hub = await scriptedHub((ids) => (accepted ? ack(ids) : { status: 401, body: '{"ok":false,"error":"unauthorized"}' }));
    const d = driverSide(hub.url);
    d.add(3);
    await eventually(() => d.errors.get('hub-unauthorized') >= 3);
    expect(d.outbox.pendingCount()).toBe(3);
    accepted = true;
    await eventually(() => d.outbox.pendingCount() === 0);
  });

  it('400 naming invalid records moves those to the dead-letter table and sends the rest at once', async () => {
    const hub = await scriptedHub((ids) =>
      ids.length === 3
        ? { status: 400, body: JSON.stringify({ ok: false, error: 'invalid-records', reason: '1 из 3', invalid: [{ index: 1, id: ids[1], reason: 'score: слишком большое' }] }) }
        : ack(ids),
    );
    const d = driverSide(hub.url);
    d.forwarder.heartbeatAccepted(Date.now());
    const ids = d.add(3);
    await eventually(() => d.outbox.pendingCount() === 0);
    expect(hub.batches).toEqual([ids, [ids[0], ids[2]]]);
    expect(d.errors.get('hub-rejected')).toBe(1);
  });

  it('while the hub refuses the driver itself (its heartbeat), a 400 sets nothing aside: presses wait', async () => {
    let refusing = true;
    const refusal = (ids: string[]): Answer => ({
      status: 400,
      body: JSON.stringify({ ok: false, error: 'invalid-records', reason: 'все', invalid: ids.map((id, index) => ({ index, id, reason: 'запись отдела buy, а отправитель из отдела sharya' })) }),
    });
    const hub = await scriptedHub((ids) => (refusing ? refusal(ids) : ack(ids)));
    const d = driverSide(hub.url);
    d.forwarder.heartbeatRefused('запись отдела buy, а отправитель из отдела sharya');
    d.add(2);
    await eventually(() => hub.batches.length >= 3);
    expect(d.outbox.pendingCount()).toBe(2);
    // The configuration is fixed and the hub takes the driver's heartbeat again.
    refusing = false;
    d.forwarder.heartbeatAccepted(Date.now());
    await eventually(() => d.outbox.pendingCount() === 0);
  });

  it('a hub that is down or hangs is retried with backoff, and the backlog drains when it answers', async () => {
    let up = false;
    const hub = await scriptedHub((ids) => (up ? ack(ids) : 'hang'));
    const d = driverSide(hub.url, { timeoutMs: 200, batchRecords: 100 });
    d.add(250);
    await eventually(() => d.errors.get('hub-unreachable') >= 2);
    expect(d.outbox.pendingCount()).toBe(250);
    up = true;
    await eventually(() => d.outbox.pendingCount() === 0);
    expect(hub.batches.filter((b) => b.length === 100).length).toBeGreaterThanOrEqual(2);
  });

  it('a heartbeat the hub takes cuts a long backoff short: the backlog goes at once', async () => {
    let up = false;
    const hub = await scriptedHub((ids) => (up ? ack(ids) : { status: 503, body: 'starting' }));
    const d = driverSide(hub.url, { retryBaseMs: 60_000, random: () => 0.99 });
    d.add(5);
    await eventually(() => d.errors.get('hub-bad-answer') === 1);
    up = true;
    d.forwarder.heartbeatAccepted(Date.now());
    await eventually(() => d.outbox.pendingCount() === 0, { timeoutMs: 5000 });
  });

  it('a hub that is not listening at all counts as unreachable', async () => {
    const d = driverSide('http://127.0.0.1:9');
    d.add(1);
    await eventually(() => d.errors.get('hub-unreachable') >= 2);
    expect(d.outbox.pendingCount()).toBe(1);
  });
});
