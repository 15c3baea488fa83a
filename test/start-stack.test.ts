import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.ts';
import { kioskServices, logIn } from './support/regional-stack.ts';
import { TEST_PASSWORD } from './support/staff-session.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `npm start` as a newcomer runs it (deploy/dev-stack.ts on a fresh data directory, free ports):
 * the banner names the addresses and the kiosk's pairing code, the simulated panel's presses reach
 * the office hub and, forwarded, the central, and Ctrl+C (SIGTERM here) stops every service.
 * The databases are read read-only beside the running hubs, as the admin CLI does.
 */
const ROOT = path.join(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'start-stack-'));
let stack: ChildProcess | null = null;

afterAll(async () => {
  // After a failed assertion the stack is still up: its whole process group goes (hubs, driver, simulator).
  if (stack?.pid && stack.exitCode === null) {
    try {
      process.kill(-stack.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function count(file: string, sql: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('npm start', () => {
  it('starts central, office hub and a simulated panel; presses reach the central; SIGTERM stops it all', { timeout: 120_000 }, async () => {
    const [port, centralPort] = [await freePort(), await freePort()];
    let output = '';
    stack = spawn(process.execPath, ['--import', 'tsx', 'deploy/dev-stack.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), CENTRAL_PORT: String(centralPort), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, as a terminal gives `npm start`: cleanup can end all of it at once.
      detached: true,
    });
    stack.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    stack.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    await eventually(() => output.includes('Остановить: Ctrl+C'), { timeoutMs: 60_000, what: `the start banner\n${output}` });
    expect(output).toContain(`http://127.0.0.1:${port}/kiosk/`);
    expect(output).toContain(`http://127.0.0.1:${port}/board`);
    expect(output).toMatch(/код привязки|Код привязки/i);
    expect(output).toContain('users add --admin');
    expect(output).toContain('входит и на хабе отдела');

    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { role: string; office: { id: string; name: string } };
    expect(health).toMatchObject({ role: 'office', office: { id: 'kostroma', name: expect.stringMatching(/Костромское/) } });
    const central = (await (await fetch(`http://127.0.0.1:${centralPort}/health`)).json()) as { role: string };
    expect(central.role).toBe('central');

    const officeDb = path.join(dataDir, 'office-kostroma.sqlite');
    const centralDb = path.join(dataDir, 'central', 'central.sqlite');
    await eventually(() => count(officeDb, 'SELECT count(*) FROM press') > 0, { timeoutMs: 60_000, what: `a simulated press at the office hub\n${output}` });
    await eventually(() => count(centralDb, "SELECT count(*) FROM press WHERE office_id = 'kostroma'") > 0, { timeoutMs: 60_000, what: `a press forwarded to the central\n${output}` });

    // One region configured once: the admin made on the central logs in at the office hub, and a
    // service renamed at the central's /services reaches the office's kiosk.
    const officeUrl = `http://127.0.0.1:${port}`;
    const centralUrl = `http://127.0.0.1:${centralPort}`;
    const added = await run(process.execPath, ['--import', 'tsx', 'hub/cli.ts', 'users', 'add', 'boss', '--admin'], {
      cwd: ROOT,
      env: { ...process.env, ROLE: 'central', DATA_DIR: path.join(dataDir, 'central'), PUBLIC_BASE_URL: centralUrl },
    });
    const token = /\/setup\/(\S+)/.exec(added.stdout)?.[1];
    expect(token, added.stdout).toBeTruthy();
    const set = await fetch(`${centralUrl}/setup/${token}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ password: TEST_PASSWORD, confirm: TEST_PASSWORD }) });
    expect(set.status).toBe(303);
    const boss = (await logIn(centralUrl, 'boss'))!;
    const list = (await (await boss.fetch('/api/services')).json()) as { services: { id: string; name: string; active: boolean }[] };
    const renamed = list.services.map(({ id, name, active }, i) => ({ id, active, name: i === 0 ? 'Регистрация (название из центра)' : name }));
    expect((await boss.fetch('/api/services', { method: 'PUT', body: JSON.stringify({ services: renamed }) })).status).toBe(200);
    const code = /Код привязки киоска \(10 минут\): (\S+)/.exec(output)?.[1];
    const paired = (await (await fetch(`${officeUrl}/api/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })).json()) as { token: string };
    await eventually(async () => (await kioskServices(officeUrl, paired.token))[0]?.name === 'Регистрация (название из центра)', { timeoutMs: 90_000, what: `the renamed service on the office kiosk\n${output}` });
    await eventually(() => logIn(officeUrl, 'boss'), { timeoutMs: 30_000, what: 'the central admin logging in at the office hub' });

    const exited = new Promise<number | null>((resolve) => stack!.once('exit', (code) => resolve(code)));
    stack.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Nothing left listening: the hubs went with it.
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${centralPort}/health`)).rejects.toThrow();
  });
});
