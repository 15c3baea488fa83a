import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverUntilAcked, press, provisionOffice, spawnHub, stopGently, type HubProcess } from './support/forward-stack.ts';

/**
 * `npm run hub -- backup` against a running office hub that keeps storing presses: every copy is
 * whole (integrity_check ok), holds only what the hub had acknowledged, and only `--keep` stay.
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');

let hub: HubProcess | null = null;
afterEach(async () => {
  if (hub) await stopGently(hub);
  hub = null;
});

const backup = (dataDir: string, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'hub/cli.ts', 'backup', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', OFFICE_ID: 'sharya', DATA_DIR: dataDir } });

describe('hub backup', () => {
  it('copies a live database consistently while presses keep arriving, and keeps the newest --keep copies', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'backup-hub-'));
    const folder = path.join(mkdtempSync(path.join(tmpdir(), 'backup-to-')), 'copies');
    const token = await provisionOffice(dataDir, 'sharya');
    hub = await spawnHub({ ROLE: 'office', OFFICE_ID: 'sharya', DATA_DIR: dataDir });
    const url = hub.url;

    const acked = new Set<string>();
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const batch = Array.from({ length: 50 }, () => press('sharya', 'test-driver'));
        await deliverUntilAcked(() => url, token, batch, 20);
        for (const r of batch) acked.add(r.id);
      }
    })();

    for (let i = 0; i < 3; i++) {
      while (acked.size < (i + 1) * 200) await new Promise((r) => setTimeout(r, 20));
      const { stdout } = await backup(dataDir, [folder, '--keep', '2']);
      expect(stdout).toMatch(/^Копия базы: /);
    }
    writing = false;
    await writer;

    const copies = readdirSync(folder).sort();
    expect(copies).toHaveLength(2);
    expect(copies.every((name) => /^office-sharya-\d{8}T\d{6}\.\d{3}Z\.sqlite$/.test(name))).toBe(true);
    const newest = new Database(path.join(folder, copies[1]!), { readonly: true });
    try {
      expect(newest.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = newest.prepare('SELECT id FROM press').pluck().all() as string[];
      expect(ids.length).toBeGreaterThanOrEqual(600);
      // Nothing the hub had not committed: every id in the copy was acknowledged by the end.
      expect(ids.filter((id) => !acked.has(id))).toEqual([]);
      expect(newest.prepare('SELECT count(*) FROM schema_migration').pluck().get()).toBeGreaterThan(0);
    } finally {
      newest.close();
    }
  });

  it('a folder it cannot write, or none given, is a clear error with exit 1', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'backup-hub-'));
    await provisionOffice(dataDir, 'sharya');
    const notAFolder = path.join(mkdtempSync(path.join(tmpdir(), 'backup-bad-')), 'file');
    writeFileSync(notAFolder, 'x');
    const failed = await backup(dataDir, [path.join(notAFolder, 'copies')]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/копия не сделана/);
    const usage = await backup(dataDir, []).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(usage?.code).toBe(1);
    expect(usage?.stderr).toMatch(/укажите папку/);
  });
});
