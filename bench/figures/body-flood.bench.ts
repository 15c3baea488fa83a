import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { centralEnv, OFFICE_HUB_NODE_OPTIONS, rssMb, spawnHub, stopGently, type HubProcess } from '../../test/support/forward-stack.ts';
import { figure, percentile, type BenchFigure } from '../figure.ts';

/**
 * /health while anonymous clients post large junk bodies (issue 12, finding 1): four clients on an
 * office hub's /api/ingest, two on the central's /api/forward, each posting 2 MiB (just under the
 * old global parser's limit) with no key, as fast as the hub answers. Half the clients send a flat
 * `[{},{},…]` (costly to build as objects), half nested brackets `[[[[…` (costly to parse). The
 * floor is /health on the same idle hub, measured first. Both hubs run with the production
 * NODE_OPTIONS (a 128 MB old space). Beside the latency: the hub process's CPU time over the loaded
 * window (a share of one core; the clients run in this process, on the same two cores) and its
 * peak resident memory.
 */
const JUNK_BYTES = 2 * 1024 * 1024 - 64;
const IDLE_SAMPLES = 200;
const LOADED_SECONDS = 15;
const HEALTH_TIMEOUT_MS = 5_000;
const OFFICE = 'sharya';
const ROOT = path.resolve(import.meta.dirname, '..', '..');

export async function run(): Promise<BenchFigure[]> {
  mkdirSync(path.join(ROOT, 'data'), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, 'data', 'bench-flood-'));
  try {
    const office = await spawnHub({ ROLE: 'office', OFFICE_ID: OFFICE, DATA_DIR: path.join(dir, 'office'), NODE_OPTIONS: OFFICE_HUB_NODE_OPTIONS });
    const officeFigures = await underFlood('office', office, '/api/ingest', 4);
    await stopGently(office);
    const central = await spawnHub(centralEnv(path.join(dir, 'central'), { NODE_OPTIONS: OFFICE_HUB_NODE_OPTIONS }));
    const centralFigures = await underFlood('central', central, '/api/forward', 2);
    await stopGently(central);
    return [...officeFigures, ...centralFigures];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function underFlood(role: string, hub: HubProcess, junkPath: string, clients: number): Promise<BenchFigure[]> {
  const healthAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const idle: number[] = [];
  for (let i = 0; i < IDLE_SAMPLES; i++) idle.push((await timedHealth(hub.port, healthAgent)).ms);
  idle.sort((a, b) => a - b);

  const junkAgent = new Agent({ keepAlive: true, maxSockets: clients });
  const bodies = [flatJunk(JUNK_BYTES), nestedJunk(JUNK_BYTES)];
  const statuses = new Map<string, number>();
  let stop = false;
  const flood = Array.from({ length: clients }, async (_, i) => {
    while (!stop) {
      const status = await post(hub.port, junkPath, bodies[i % 2]!, junkAgent);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  });
  await new Promise((r) => setTimeout(r, 1000));
  const loaded: number[] = [];
  let failed = 0;
  let rssPeak = rssMb(hub.pid) ?? 0;
  const cpuBefore = cpuSeconds(hub.pid);
  const started = performance.now();
  const until = started + LOADED_SECONDS * 1000;
  while (performance.now() < until) {
    const sample = await timedHealth(hub.port, healthAgent);
    if (sample.ok) loaded.push(sample.ms);
    else failed++;
    rssPeak = Math.max(rssPeak, rssMb(hub.pid) ?? 0);
  }
  const cpuShare = (100 * (cpuSeconds(hub.pid) - cpuBefore)) / ((performance.now() - started) / 1000);
  stop = true;
  await Promise.all(flood);
  healthAgent.destroy();
  junkAgent.destroy();
  loaded.sort((a, b) => a - b);

  const answers = [...statuses].map(([status, n]) => `${status}×${n}`).join(', ');
  const load = `${clients} anonymous clients posting ${(JUNK_BYTES / 1048576).toFixed(2)} MiB junk to ${junkPath} for ${LOADED_SECONDS} s (answers: ${answers}); /health requests that failed or took over ${HEALTH_TIMEOUT_MS} ms: ${failed} of ${loaded.length + failed}`;
  const idleP50 = { name: `/health p50 on the idle ${role} hub`, value: percentile(idle, 50), unit: 'ms' };
  const idleP99 = { name: `/health p99 on the idle ${role} hub`, value: percentile(idle, 99), unit: 'ms' };
  return [
    figure(`flood.${role}.health.p50`, percentile(loaded, 50), 'ms', idleP50, load),
    figure(`flood.${role}.health.p99`, percentile(loaded, 99), 'ms', idleP99, load),
    figure(`flood.${role}.hub-cpu`, cpuShare, '% of one core', null, `the ${role} hub's CPU time over the same ${LOADED_SECONDS} s`),
    figure(`flood.${role}.hub-rss.peak`, rssPeak, 'MB', null, `the ${role} hub's resident memory, sampled after each /health answer`),
  ];
}

/** User + system CPU time of a process so far, from /proc (clock ticks of 1/100 s on Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function timedHealth(port: number, agent: Agent): Promise<{ ok: boolean; ms: number }> {
  const t0 = performance.now();
  const status = await send({ port, path: '/health', method: 'GET', agent }, null);
  return { ok: status === '200', ms: performance.now() - t0 };
}

const post = (port: number, junkPath: string, body: Buffer, agent: Agent): Promise<string> =>
  send({ port, path: junkPath, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }, body);

/** One request; resolves with the status, or the error's code (a reset connection is an answer too). */
function send(options: { port: number; path: string; method: string; agent: Agent; headers?: Record<string, string> }, body: Buffer | null): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', ...options, timeout: HEALTH_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
      res.on('error', () => resolve('reset'));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.message === 'timeout' ? 'timeout' : (error.code ?? 'error')));
    req.end(body ?? undefined);
  });
}

function flatJunk(bytes: number): Buffer {
  const count = Math.floor((bytes - 2) / 3);
  return Buffer.from(`[${'{},'.repeat(count - 1)}{}]`);
}

/** Unclosed nested brackets: the parser descends all the way before it finds the end missing. */
function nestedJunk(bytes: number): Buffer {
  return Buffer.from('['.repeat(bytes));
}
