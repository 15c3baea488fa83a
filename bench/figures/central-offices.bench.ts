import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { newRecordId } from '../../shared/ids.ts';
import { createLogger } from '../../shared/logger.ts';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import { newNonce, signRequest } from '../../shared/protocol/forward-signature.ts';
import { FORWARD_PATH, HUB_HEADER } from '../../shared/protocol/wire.ts';
import type { Press, SurveyResponse } from '../../shared/records.ts';
import { mulberry32 } from '../../shared/seeded-random.ts';
import { toInstant } from '../../shared/time.ts';
import { openPostgresStore } from '../../hub/central-pg/postgres-store.ts';
import { issueOfficeKey } from '../../hub/central/office-keys.ts';
import { insertOffice, readOffice, seedDefaultOffices } from '../../hub/db/offices.ts';
import { spawnHub, stopGently } from '../../test/support/forward-stack.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { figure, percentile, type BenchFigure } from '../figure.ts';

/**
 * 200 office hubs delivering to one central on PostgreSQL at once, as a federal region's day looks:
 * each office sends a small signed batch (20 records: 18 presses, 2 responses, born just now) every
 * few seconds, with jitter, for a minute. Measured: the central's answer times (p50, p99) and its
 * CPU (the central process's user + system time over the wall time), beside the floor of the same
 * run: the same 20-record batch written straight into PostgreSQL by the writer the central uses
 * (no HTTP, no signature, no validation, no SQLite status), one at a time.
 *
 * The central is a real process (`node hub/dist/main.mjs`, ROLE=central, DATABASE_URL); the senders run in
 * this process. BENCH_CENTRAL_OFFICES (200), BENCH_CENTRAL_OFFICES_SECONDS (60) and
 * BENCH_CENTRAL_OFFICES_EVERY_MS (5000) change the load.
 */
const OFFICES = Number(process.env.BENCH_CENTRAL_OFFICES ?? 200);
const SECONDS = Number(process.env.BENCH_CENTRAL_OFFICES_SECONDS ?? 60);
const EVERY_MS = Number(process.env.BENCH_CENTRAL_OFFICES_EVERY_MS ?? 5000);
const BATCH = 20;

function batch(officeId: string, rand: () => number): (Press | SurveyResponse)[] {
  const now = Date.now();
  return Array.from({ length: BATCH }, (_, i) => {
    const base = { id: newRecordId(), officeId, bornAt: toInstant(now - 1000 + i), receivedAt: toInstant(now - 500) };
    if (i % 10 < 9) {
      const score = 1 + Math.floor(rand() * 5);
      return { ...base, kind: 'press', deviceId: `drv-${officeId}`, channel: 'panel', panelId: 'p1', desk: 'Окно 1', seq: null, button: String(score), score, suppressed: null } satisfies Press;
    }
    const a = () => 1 + Math.floor(rand() * 5);
    return { ...base, kind: 'response', deviceId: `kiosk-${officeId}`, channel: 'kiosk', answers: { csat1: a(), csat2: a(), csat3: a(), ces: a(), nps: Math.floor(rand() * 11) }, comment: null, serviceId: null, desk: null, complete: true } satisfies SurveyResponse;
  });
}

/** user + system CPU seconds of a process so far (/proc/<pid>/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function run(): Promise<BenchFigure[]> {
  const cluster = await startPostgres({ durable: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-central-offices-'));
  try {
    const url = await cluster.createDatabase('central');
    // The directory of 200 offices and a key for each, as `offices add` makes them: in the central's
    // PostgreSQL, migrated first as the central does at start.
    const setup = openPostgresStore(url, createLogger('bench', { level: 'silent', pretty: false }));
    await setup.ready();
    const sql = setup.sql;
    await seedDefaultOffices(sql);
    for (let i = DEFAULT_OFFICES.length; i < OFFICES; i++) await insertOffice(sql, { id: `office-${i}`, kind: 'otdelenie', name: `Отделение ${i}`, address: 'адрес' });
    const ids = [...DEFAULT_OFFICES.map((o) => o.id), ...Array.from({ length: Math.max(0, OFFICES - DEFAULT_OFFICES.length) }, (_, i) => `office-${DEFAULT_OFFICES.length + i}`)].slice(0, OFFICES);
    const keys: { officeId: string; keyId: string; secret: string }[] = [];
    for (const officeId of ids) {
      const issued = await issueOfficeKey(sql, await readOffice(sql, officeId), Date.now());
      if (!issued.ok) throw new Error(issued.reason);
      keys.push({ officeId, keyId: issued.value.keyId, secret: issued.value.secret });
    }
    await setup.close();

    const central = await spawnHub({ ROLE: 'central', DATA_DIR: dir, DATABASE_URL: url, SCHEDULED_REPORTS: 'false' }, { timeoutMs: 60_000 });
    const target = new URL(FORWARD_PATH, central.url);
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const rand = mulberry32(200);

    async function send(key: (typeof keys)[number]): Promise<void> {
      const body = Buffer.from(JSON.stringify({ records: batch(key.officeId, rand), backlog: { count: 0, oldestReceivedAt: null } }));
      const timestamp = Date.now();
      const nonce = newNonce();
      const signature = signRequest(key.secret, { method: 'POST', path: target.pathname, timestamp, nonce, keyId: key.keyId, body });
      const t0 = performance.now();
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [HUB_HEADER.keyId]: key.keyId, [HUB_HEADER.timestamp]: String(timestamp), [HUB_HEADER.nonce]: nonce, [HUB_HEADER.signature]: signature },
        body,
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }

    // Every office on its own timer, the first send spread over one interval so they do not march in step.
    const cpu0 = cpuSeconds(central.pid);
    const wall0 = performance.now();
    const end = Date.now() + SECONDS * 1000;
    await Promise.all(
      keys.map(async (key, i) => {
        await new Promise((r) => setTimeout(r, (i * EVERY_MS) / keys.length));
        while (Date.now() < end) {
          const started = Date.now();
          await send(key).catch(() => statuses.set(0, (statuses.get(0) ?? 0) + 1));
          const pause = EVERY_MS * (0.8 + 0.4 * rand()) - (Date.now() - started);
          if (Date.now() + pause >= end) break;
          if (pause > 0) await new Promise((r) => setTimeout(r, pause));
        }
      }),
    );
    const wall = (performance.now() - wall0) / 1000;
    const cpu = cpuSeconds(central.pid) - cpu0;
    await stopGently(central);

    // The floor: the same batches straight into PostgreSQL, one at a time, through the central's writer.
    const store = openPostgresStore(url, createLogger('bench', { level: 'silent', pretty: false }));
    await store.ready();
    const floor: number[] = [];
    for (let i = 0; i < 400; i++) {
      const records = batch(ids[i % ids.length]!, rand);
      const t0 = performance.now();
      await store.writer.write(records, Date.now());
      floor.push(performance.now() - t0);
    }
    await store.close();

    latencies.sort((a, b) => a - b);
    floor.sort((a, b) => a - b);
    const ok = statuses.get(200) ?? 0;
    const others = [...statuses.entries()].filter(([s]) => s !== 200).map(([s, n]) => `${n} × ${s === 0 ? 'no answer' : s}`);
    const floorNote = { name: `the same ${BATCH}-record batch written straight into PostgreSQL by the central's writer, one at a time: p99`, value: percentile(floor, 99), unit: 'ms' };
    const load = `${OFFICES} offices, one ${BATCH}-record batch every ${EVERY_MS / 1000} s ± 20 % each, ${SECONDS} s: ${latencies.length} batches (${ok} answered 200${others.length ? `; ${others.join(', ')}` : ''}), ${((latencies.length * BATCH) / wall).toFixed(0)} records/s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`;
    return [
      figure('central.offices-200.p99-ms', percentile(latencies, 99), 'ms', floorNote, `central's answer time, p99 (p50 ${percentile(latencies, 50).toFixed(1)} ms, max ${latencies[latencies.length - 1]?.toFixed(1)} ms); ${load}`),
      figure('central.offices-200.cpu-percent', (100 * cpu) / wall, '% of one core', null, `the central process's user + system CPU over the ${wall.toFixed(0)} s (PostgreSQL's own processes not included); ${load}`),
    ];
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
