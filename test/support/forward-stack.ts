import { spawn, type ChildProcess } from 'node:child_process';
import { HUB_BUNDLE } from '../../deploy/build-hub.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { newRecordId } from '../../shared/ids.ts';
import { parseIngestAck } from '../../shared/protocol/ingest.ts';
import { issueOfficeKey } from '../../hub/central/office-keys.ts';
import { registerDevice } from '../../hub/devices/credentials.ts';
import { readOffice, seedDefaultOffices } from '../../hub/db/offices.ts';
import { seedOfficesOnSqlite } from './office-rows.ts';
import { openDatabase } from '../../hub/db/open.ts';
import { hashPassword } from '../../hub/staff/passwords.ts';
import { sqlOverPostgres, sqlOverSqlite } from '../../hub/sql/central-sql.ts';
import { createUser, setPasswordHash } from '../../hub/staff/users.ts';
import type { Role } from '../../shared/roles.ts';
import { TEST_PASSWORD } from './staff-session.ts';

/**
 * Helpers for the forwarding flows (test/forward-*.test.ts, test/soak/forward-*): hubs as real
 * child processes (`node --import tsx hub/main.ts`, configured by env), keys and devices
 * provisioned in the real database files, a device that keeps sending until acknowledged, and
 * the checks done on the files afterwards.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface HubProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>;
  /** What it wrote on stdout and stderr since it was spawned (the last megabyte or so). */
  output(): string;
}

/** Starts a hub and resolves when it logs "hub started" (with its port, PORT=0 by default). */
export async function spawnHub(env: Record<string, string>, options: { timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<HubProcess> {
  // As installed: the bundle (deploy/build-hub.ts; vitest's global setup builds it), not through tsx.
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), HUB_BUNDLE], {
    cwd: ROOT,
    // LOG_LEVEL info at least: the "hub started" line carries the port.
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  let stderr = '';
  // From the first byte: a line logged while the hub starts is there for a test to read too.
  const output: Buffer[] = [];
  let outputBytes = 0;
  const keep = (chunk: Buffer) => {
    output.push(chunk);
    outputBytes += chunk.length;
    while (outputBytes > 1024 * 1024 && output.length > 1) outputBytes -= output.shift()!.length;
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start within ${options.timeoutMs ?? 30_000} ms: ${stderr}`)), options.timeoutMs ?? 30_000);
    lines.on('line', (line) => {
      if (!line.includes('"hub started"')) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`hub exited (${how}) before starting: ${stderr}`));
    });
  });
  // Keep draining stdout so a chatty hub never blocks on a full pipe.
  lines.on('line', () => undefined);
  return { child, pid: child.pid!, url, port: Number(new URL(url).port), exited, output: () => Buffer.concat(output).toString() };
}

export async function killHard(hub: HubProcess): Promise<void> {
  hub.child.kill('SIGKILL');
  await hub.exited;
}

export async function stopGently(hub: HubProcess): Promise<void> {
  hub.child.kill('SIGTERM');
  await hub.exited;
}

/** A central database with the default offices and a key for `officeId`. */
export async function provisionCentral(dataDir: string, officeId: string): Promise<{ keyId: string; secret: string }> {
  const { db } = openDatabase(path.join(dataDir, 'central.sqlite'));
  try {
    seedOfficesOnSqlite(db);
    const issued = await issueOfficeKey(sqlOverSqlite(db), await readOffice(sqlOverSqlite(db), officeId), Date.now());
    if (!issued.ok) throw new Error(issued.reason);
    return { keyId: issued.value.keyId, secret: issued.value.secret };
  } finally {
    db.close();
  }
}

/** An office database with one registered panel driver; returns its token. */
export async function provisionOffice(dataDir: string, officeId: string, deviceId = 'test-driver'): Promise<string> {
  const { db } = openDatabase(path.join(dataDir, `office-${officeId}.sqlite`));
  try {
    seedOfficesOnSqlite(db);
    return await registerDevice(sqlOverSqlite(db), { id: deviceId, officeId, kind: 'panel-driver', name: 'тестовый драйвер' }, Date.now());
  } finally {
    db.close();
  }
}

/**
 * A staff user created in a hub's database file before the hub starts (for hubs run as child
 * processes), and the session cookie from logging in through the real form once it runs.
 */
export async function provisionStaff(file: string, login: string, roles: { role: Role; officeId?: string | null }[], databaseUrl?: string): Promise<void> {
  // A central on PostgreSQL keeps its accounts there (its schema migrated by an earlier command or start).
  if (databaseUrl) {
    const sql = sqlOverPostgres(databaseUrl);
    try {
      await seedDefaultOffices(sql);
      const user = await createUser(sql, { login, displayName: login, roles: roles.map((r) => ({ role: r.role, officeId: r.officeId ?? null })) }, Date.now());
      await setPasswordHash(sql, user.id, await hashPassword(TEST_PASSWORD), Date.now());
    } finally {
      await sql.close();
    }
    return;
  }
  const { db } = openDatabase(file);
  try {
    seedOfficesOnSqlite(db);
    const sql = sqlOverSqlite(db);
    const user = await createUser(sql, { login, displayName: login, roles: roles.map((r) => ({ role: r.role, officeId: r.officeId ?? null })) }, Date.now());
    await setPasswordHash(sql, user.id, await hashPassword(TEST_PASSWORD), Date.now());
  } finally {
    db.close();
  }
}

export async function staffCookie(url: string, login: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password: TEST_PASSWORD, next: '/staff' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (res.status !== 303 || !cookie.startsWith('czn_session=')) throw new Error(`login of ${login} failed: ${res.status}`);
  return cookie;
}

/** A logged-in staff user of a hub run as a process: the cookie and the CSRF token, as a browser holds them. */
export async function staffProcessSession(url: string, login: string) {
  const cookie = await staffCookie(url, login);
  const me = (await (await fetch(`${url}/api/me`, { headers: { cookie } })).json()) as { csrfToken: string };
  return {
    get: (p: string) => fetch(`${url}${p}`, { headers: { cookie } }),
    post: (p: string, body: unknown) =>
      fetch(`${url}${p}`, { method: 'POST', headers: { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  };
}

/** Hub processes a test started, stopped gently at its end unless the test killed them already. */
export function processTracker() {
  const running: HubProcess[] = [];
  return {
    track(hub: HubProcess): HubProcess {
      running.push(hub);
      return hub;
    },
    async stopAll(): Promise<void> {
      for (const hub of running.splice(0).reverse()) if (hub.child.exitCode === null && hub.child.signalCode === null) await stopGently(hub);
    },
  };
}

/**
 * How an office hub is run in production (docs/forwarding.md, "Memory"): V8 otherwise sizes its
 * heap by the machine's RAM and lets a hub whose live heap is ~30 MB grow past 250 MB under a
 * sustained ingest. The office-hub tests run it the same way.
 */
export const OFFICE_HUB_NODE_OPTIONS = '--max-old-space-size=128 --max-semi-space-size=2';

export function officeEnv(dataDir: string, officeId: string, centralUrl: string, key: { keyId: string; secret: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ROLE: 'office',
    OFFICE_ID: officeId,
    DATA_DIR: dataDir,
    CENTRAL_URL: centralUrl,
    CENTRAL_KEY_ID: key.keyId,
    CENTRAL_KEY: key.secret,
    FORWARD_RETRY_BASE_MS: '50',
    FORWARD_RETRY_MAX_MS: '1000',
    FORWARD_REQUEST_TIMEOUT_MS: '10000',
    NODE_OPTIONS: OFFICE_HUB_NODE_OPTIONS,
    ...extra,
  };
}

export function centralEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ROLE: 'central', DATA_DIR: dataDir, ...extra };
}

export function press(officeId: string, deviceId: string, score = 1 + Math.floor(Math.random() * 5), bornAt = Date.now()) {
  return {
    kind: 'press' as const,
    id: newRecordId(),
    officeId,
    deviceId,
    bornAt: new Date(bornAt).toISOString(),
    channel: 'panel' as const,
    panelId: 'panel-1',
    desk: 'окно 1',
    seq: null,
    button: String(score),
    score,
    suppressed: null,
  };
}

/**
 * The `index`-th of `total` presses spread evenly, in order, over the last 30 days: a backlog after
 * a long outage, as a real office builds it (born in arrival order, a few per minute). A million
 * presses all born in the same minute would look like one endless burst of scores to the report
 * indexes and to the low-score alert watch, which rescans the 30-minute window on every batch.
 */
export function backlogPress(officeId: string, deviceId: string, index: number, total: number, now = Date.now()) {
  const span = 30 * 24 * 3600_000;
  return press(officeId, deviceId, undefined, now - span + Math.floor((index * span) / Math.max(1, total)));
}

/**
 * Hands one batch to the office hub the way a device does: again and again (same ids) until a
 * 2xx ack names every record. `target()` is asked each time, so a hub restarted on a new port is
 * followed. Returns the statuses.
 */
export async function deliverUntilAcked(target: () => string, token: string, records: readonly { id: string }[], pauseMs = 100, cancelled: () => boolean = () => false): Promise<Map<string, string>> {
  for (;;) {
    if (cancelled()) throw new Error('delivery cancelled');
    try {
      const res = await fetch(`${target()}/api/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ records }),
        signal: AbortSignal.timeout(15_000),
      });
      const ack = parseIngestAck(await res.text(), records.map((r) => r.id));
      if (res.ok && ack.ok) return ack.acked;
    } catch {
      // killed hub, refused connection: same as a device would, try again
    }
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | null | undefined | false;
    try {
      value = await probe();
    } catch {
      value = null;
    }
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function healthOf(url: string): Promise<{ forward?: { backlog: { count: number }; lastSyncAt: string | null; failing: boolean; lastError: { code: string } | null } }> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as never;
}

/** Every record id a hub database holds, from each record table. */
export function recordIds(file: string): { ids: Set<string>; rows: number } {
  const db = new Database(file, { readonly: true });
  try {
    const ids = new Set<string>();
    let rows = 0;
    for (const table of ['press', 'response', 'heartbeat']) {
      for (const id of db.prepare(`SELECT id FROM ${table}`).pluck().iterate() as Iterable<string>) {
        ids.add(id);
        rows++;
      }
    }
    return { ids, rows };
  } finally {
    db.close();
  }
}

export function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

export function scalar(file: string, sql: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return Number(db.prepare(sql).pluck().get());
  } finally {
    db.close();
  }
}

/** Resident memory of a process in MB (VmRSS), or null once it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}
