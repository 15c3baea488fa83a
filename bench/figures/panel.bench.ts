import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { readHubConfig } from '../../hub/config.ts';
import { registerDeviceNow } from '../../hub/devices/credentials.ts';
import { startHub, type RunningHub } from '../../hub/server.ts';
import { newRecordId } from '../../shared/ids.ts';
import { createLogger } from '../../shared/logger.ts';
import type { FeedbackRecord, Press } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import { Outbox } from '../../terminal-driver/outbox.ts';
import { encodePress } from '../../terminal-driver/protocols/framed.ts';
import { ptyPair } from '../../test/support/pty-pair.ts';
import { figure, percentile, type BenchFigure } from '../figure.ts';
import { benchDir, fsyncSampler, ptySampler, rawSqliteInserts } from '../floors.ts';
import { MAX_BATCH_RECORDS } from '../../shared/protocol/wire.ts';

/**
 * The panel path, end to end and at the hub's door:
 * 1. a press written on a pty → durable at the hub (driver process in between, two fsyncs and one
 *    HTTP request on the way), beside the floor: pty one-way latency plus one fsync-ed commit;
 * 2. hub ingestion of batches over HTTP, durable events/s, beside raw better-sqlite3 batch inserts;
 * 3. the driver draining a backlog (a hub outage ending), events/s, beside the same floor.
 */
const SAMPLES = 1000;
const WARMUP = 50;
const INGEST_EVENTS = 60_000;
const BACKLOG = 20_000;
const ROOT = path.join(import.meta.dirname, '..', '..');
const silent = createLogger('bench', { level: 'silent', pretty: false });

export async function run(): Promise<BenchFigure[]> {
  // Latency percentiles on a shared 2-core machine depend on what else runs: the load is noted.
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  const raw = rawSqliteInserts({ batch: 1000, rows: 200_000 });
  const latency = await pressToHubLatency();
  const ingest = await hubIngestion();
  const drain = await backlogDrain();

  const rawFloor = { name: 'raw better-sqlite3 inserts, WAL + synchronous=FULL, 1,000 per transaction', value: raw, unit: 'rows/s' };
  return [
    figure('panel.press-to-hub.p50', latency.p50, 'ms', { name: 'p50 of (pty one-way + one fsync-ed commit), sampled between the presses', value: latency.floor.p50, unit: 'ms' }, `${SAMPLES} framed presses one at a time: pty → driver (commit, ACK) → POST /api/ingest → hub commit; target p99 ≤ 10 ms and ≤ 5× floor; 1-min load average at start ${load}`),
    figure('panel.press-to-hub.p99', latency.p99, 'ms', { name: 'p99 of (pty one-way + one fsync-ed commit), sampled between the presses', value: latency.floor.p99, unit: 'ms' }),
    figure('hub.ingest.batched', ingest, 'events/s', rawFloor, `${INGEST_EVENTS} presses in batches of ${MAX_BATCH_RECORDS}, 2 concurrent senders over HTTP (on a worker thread), each batch durable before its answer; target ≥ 20,000 events/s`),
    figure('panel.backlog-drain', drain, 'events/s', rawFloor, `a driver with ${BACKLOG} presses in its outbox delivering them to the hub (what a hub outage leaves behind)`),
  ];
}

interface Hub {
  hub: RunningHub;
  token: string;
}

async function benchHub(deviceId: string): Promise<Hub> {
  const config = readHubConfig({ DATA_DIR: benchDir(), PORT: '0', OFFICE_ID: 'sharya' });
  if (!config.ok) throw new Error(config.message);
  const hub = await startHub(config.value, { logger: silent });
  const token = await registerDeviceNow(hub.ctx, { id: deviceId, officeId: 'sharya', kind: 'panel-driver', name: 'bench' }, Date.now());
  return { hub, token };
}

function spawnDriver(env: Record<string, string>, config: unknown) {
  const file = path.join(benchDir(), 'driver.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, ['--import', 'tsx', 'terminal-driver/main.ts'], {
    cwd: ROOT,
    env: { ...(process.env as Record<string, string>), LOG_LEVEL: 'warn', HEARTBEAT_SECONDS: '3600', DRIVER_CONFIG: file, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

/**
 * The floor is sampled between the presses, one pty hop and one commit after each press, rather than
 * in a burst before them: this disk's fsync takes about twice as long when commits are spaced out as
 * when they follow each other, and the machine's speed drifts over a run. So each press is compared
 * with the physical limit at the same pace and the same moment.
 */
async function pressToHubLatency(): Promise<{ p50: number; p99: number; floor: { p50: number; p99: number } }> {
  const { hub, token } = await benchHub('drv-bench');
  const pair = ptyPair(benchDir());
  await pair.start();
  const driver = spawnDriver(
    { HUB_URL: hub.url, DEVICE_ID: 'drv-bench', DEVICE_TOKEN: token, OFFICE_ID: 'sharya', DATA_DIR: benchDir() },
    { misuseSeconds: 0, panels: [{ id: 'bench', port: pair.host, protocol: 'framed' }] },
  );
  // The panel is another device: it writes from its own process, so its pty reads and writes do not
  // queue on the hub's event loop. It answers each write with the moment it wrote (hrtime is the
  // machine's monotonic clock, the same in every process).
  const panel = spawn(process.execPath, ['-e', PANEL, pair.panel], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const written = new Map<number, bigint>();
  const opened = new Promise<void>((resolve, reject) => {
    panel.once('error', reject);
    createInterface({ input: panel.stdout! }).on('line', (line) => {
      if (line === 'open') return resolve();
      const [seq, at] = line.split(' ');
      written.set(Number(seq), BigInt(at!));
    });
  });
  await opened;
  const waiting = new Map<number, () => void>();
  // First in line: 'stored' fires right after the hub's commit, before the board and other listeners run.
  hub.ctx.events.prependListener('stored', (records: FeedbackRecord[]) => {
    for (const r of records) if (r.kind === 'press' && r.seq !== null) waiting.get(r.seq)?.();
  });
  const times: number[] = [];
  const floors: number[] = [];
  const ptyFloor = await ptySampler();
  const fsyncFloor = fsyncSampler();
  const pressOnce = async (seq: number, timeoutMs: number) => {
    const stored = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      waiting.set(seq, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    panel.stdin!.write(`${JSON.stringify({ seq, frame: encodePress('bench', seq, '5') })}\n`);
    const ok = await stored;
    const t1 = process.hrtime.bigint();
    waiting.delete(seq);
    // The panel's note of its write may come after the hub stored the press: wait for it.
    while (ok && !written.has(seq)) await new Promise((r) => setImmediate(r));
    const t0 = written.get(seq);
    written.delete(seq);
    return ok && t0 !== undefined ? Number(t1 - t0) / 1e6 : null;
  };
  // The driver starts up (a second or two): the first press is repeated until it gets through.
  let seq = 0;
  while ((await pressOnce(seq, 500)) === null) seq++;
  for (let i = 0; i < WARMUP; i++) await pressOnce(++seq, 5000);
  for (let i = 0; i < SAMPLES; i++) {
    const ms = await pressOnce(++seq, 5000);
    if (ms === null) throw new Error(`press ${seq} did not reach the hub within 5 s`);
    times.push(ms);
    // Presses come one at a time, as at a desk: the next after the previous has settled.
    await new Promise((r) => setTimeout(r, 2));
    floors.push((await ptyFloor.sample()) + fsyncFloor.sample());
  }
  await ptyFloor.close();
  fsyncFloor.close();
  await new Promise((resolve) => {
    panel.once('exit', resolve);
    panel.stdin!.end();
  });
  await driver.stop();
  await pair.stop();
  await hub.close();
  times.sort((a, b) => a - b);
  floors.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), floor: { p50: percentile(floors, 50), p99: percentile(floors, 99) } };
}

const press = (deviceId: string, seq: number): Press => ({
  kind: 'press',
  id: newRecordId(),
  officeId: 'sharya',
  deviceId,
  bornAt: toInstant(Date.now()),
  channel: 'panel',
  panelId: 'bench',
  desk: 'Окно 1',
  seq,
  button: String((seq % 5) + 1),
  score: (seq % 5) + 1,
  suppressed: null,
});

const PANEL = `
const { SerialPort } = require('serialport');
const { createInterface } = require('node:readline');
const port = new SerialPort({ path: process.argv[1], baudRate: 9600 }, (error) => {
  if (error) throw error;
  port.on('data', () => {}); // the driver's ACKs
  process.stdout.write('open\\n');
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const { seq, frame } = JSON.parse(line);
    const at = process.hrtime.bigint();
    port.write(frame);
    process.stdout.write(seq + ' ' + at + '\\n');
  });
  lines.on('close', () => port.close(() => process.exit(0)));
});
`;

// The senders run on a worker thread, as devices are other processes: the hub's event loop here
// does only the hub's work.
const SENDER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, token, bodies, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true });
const post = (body) => new Promise((resolve, reject) => {
  const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: 'Bearer ' + token } }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(res.statusCode + ': ' + Buffer.concat(chunks).toString().slice(0, 300)))));
  });
  req.on('error', reject);
  req.end(body);
});
(async () => {
  await post(bodies.pop());
  const sent = bodies.length;
  const started = process.hrtime.bigint();
  const sender = async () => { for (let b = bodies.pop(); b !== undefined; b = bodies.pop()) await post(b); };
  await Promise.all(Array.from({ length: concurrency }, sender));
  parentPort.postMessage({ batches: sent, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
})().catch((e) => parentPort.postMessage({ error: String(e) }));
`;

async function hubIngestion(): Promise<number> {
  const { hub, token } = await benchHub('drv-ingest');
  const bodies: string[] = [];
  for (let i = 0; i < INGEST_EVENTS; i += MAX_BATCH_RECORDS) {
    bodies.push(JSON.stringify({ records: Array.from({ length: MAX_BATCH_RECORDS }, (_, j) => press('drv-ingest', i + j)) }));
  }
  const worker = new Worker(SENDER, { eval: true, workerData: { url: `${hub.url}/api/ingest`, token, bodies, concurrency: 2 } });
  const result = await new Promise<{ batches: number; seconds: number } | { error: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  await hub.close();
  if ('error' in result) throw new Error(`ingest bench: ${result.error}`);
  return (result.batches * MAX_BATCH_RECORDS) / result.seconds;
}

async function backlogDrain(): Promise<number> {
  const { hub, token } = await benchHub('drv-drain');
  const dataDir = benchDir();
  const outbox = new Outbox(path.join(dataDir, 'driver.sqlite'));
  for (let i = 0; i < BACKLOG; i += 1000) {
    outbox.recordPresses(
      'bench',
      Array.from({ length: 1000 }, (_, j) => ({ seq: i + j, button: '5', score: 5, bornAt: Date.now(), dated: false })),
      (p) => press('drv-drain', p.seq as number),
    );
  }
  outbox.close();
  let stored = 0;
  let first = 0n;
  let last = 0n;
  const done = new Promise<void>((resolve) => {
    hub.ctx.events.prependListener('stored', (records: FeedbackRecord[]) => {
      if (stored === 0) first = process.hrtime.bigint();
      stored += records.length;
      last = process.hrtime.bigint();
      if (stored >= BACKLOG) resolve();
    });
  });
  const pair = ptyPair(benchDir());
  await pair.start();
  const driver = spawnDriver(
    { HUB_URL: hub.url, DEVICE_ID: 'drv-drain', DEVICE_TOKEN: token, OFFICE_ID: 'sharya', DATA_DIR: dataDir },
    { panels: [{ id: 'bench', port: pair.host, protocol: 'framed' }], forward: { batchRecords: 1000 } },
  );
  await done;
  await driver.stop();
  await pair.stop();
  await hub.close();
  // Measured from the first batch stored to the last: the driver's start-up is not the drain.
  const firstBatch = Math.min(1000, BACKLOG);
  return (BACKLOG - firstBatch) / (Number(last - first) / 1e9);
}
