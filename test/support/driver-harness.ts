import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readHubConfig } from '../../hub/config.ts';
import { registerDeviceNow } from '../../hub/devices/credentials.ts';
import { startHub, type RunningHub } from '../../hub/server.ts';
import { createLogger } from '../../shared/logger.ts';
import type { Heartbeat } from '../../shared/records.ts';
import { makeTempDir } from './temp-dirs.ts';
export { removeTempDirs } from './temp-dirs.ts';

/**
 * What the driver flows share: a real hub in this process (port 0, temp DATA_DIR, a registered
 * panel-driver device) and the driver as a real child process, `node --import tsx
 * terminal-driver/main.ts`, so kill -9 hits the very process that holds driver.sqlite (the tsx
 * CLI would put a second process in between).
 */
const ROOT = path.join(import.meta.dirname, '..', '..');
/** A temporary directory removed by `removeTempDirs()` (each flow calls it when its tests end). */
export const tempDir = (prefix: string) => makeTempDir(prefix);

export interface TestHub {
  hub: RunningHub;
  dataDir: string;
  officeId: string;
}

export async function startTestHub(options: { officeId?: string; dataDir?: string; port?: number; env?: Record<string, string> } = {}): Promise<TestHub> {
  const officeId = options.officeId ?? 'sharya';
  const dataDir = options.dataDir ?? tempDir('hub-');
  const config = readHubConfig({ ...options.env, DATA_DIR: dataDir, PORT: String(options.port ?? 0), OFFICE_ID: officeId });
  if (!config.ok) throw new Error(config.message);
  const hub = await startHub(config.value, { logger: createLogger('hub', { level: 'silent', pretty: false }) });
  return { hub, dataDir, officeId };
}

export async function registerDriver(t: TestHub, deviceId = 'drv-1'): Promise<string> {
  return registerDeviceNow(t.hub.ctx, { id: deviceId, officeId: t.officeId, kind: 'panel-driver', name: 'Драйвер пультов' }, Date.now());
}

export interface DriverProcess {
  child: ChildProcess;
  /** Everything the driver printed, for a failing test's message. */
  output(): string;
  exited: Promise<number | null>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export function spawnDriver(env: Record<string, string>, config?: unknown): DriverProcess {
  const fullEnv: Record<string, string> = { ...(process.env as Record<string, string>), LOG_LEVEL: 'warn', ...env };
  if (config !== undefined) {
    const file = path.join(tempDir('drvcfg-'), 'driver.json');
    writeFileSync(file, JSON.stringify(config));
    fullEnv.DRIVER_CONFIG = file;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'terminal-driver/main.ts'], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { child, output: () => output, exited, kill9: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}

export interface HubPressRow {
  id: string;
  office_id: string;
  device_id: string;
  panel_id: string;
  desk: string | null;
  seq: number | null;
  button: string;
  score: number;
  suppressed: string | null;
}

export function hubPresses(t: TestHub): HubPressRow[] {
  return t.hub.ctx.db.prepare('SELECT id, office_id, device_id, panel_id, desk, seq, button, score, suppressed FROM press ORDER BY born_at, id').all() as HubPressRow[];
}

export function hubPressCount(t: TestHub): number {
  return t.hub.ctx.db.prepare('SELECT COUNT(*) FROM press').pluck().get() as number;
}

export function latestHeartbeat(t: TestHub, deviceId: string): Heartbeat | null {
  const row = t.hub.ctx.db.prepare('SELECT body FROM heartbeat WHERE device_id = ? ORDER BY born_at DESC LIMIT 1').get(deviceId) as { body: string } | undefined;
  return row ? (JSON.parse(row.body) as Heartbeat) : null;
}
