import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from './support/temp-dirs.ts';

/**
 * kill -9 of an office hub while it applies a regional revision: it comes back on the old revision
 * or the new one, whole, never a mix. A child process applies large revisions back to back (every
 * name it writes carries the revision) and is killed at an arbitrary moment, three times over.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
afterAll(() => removeTempDirs());

async function applyUntilKilled(dataDir: string, afterLines: number, extraMs: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/regional-apply-child.ts', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  let applied = 0;
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', () => {
      applied++;
      if (applied === afterLines) setTimeout(resolve, extraMs);
    });
    void exited.then((how) => reject(new Error(`child exited (${how}) early: ${stderr}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return applied;
}

function readBack(file: string) {
  const db = new Database(file);
  try {
    const revision = db.prepare('SELECT revision FROM regional_config_state WHERE id = 1').pluck().get() as number;
    const services = db.prepare('SELECT name FROM service WHERE active = 1').pluck().all() as string[];
    const users = db.prepare("SELECT display_name FROM staff_user WHERE source = 'central'").pluck().all() as string[];
    const offices = db.prepare('SELECT name FROM office').pluck().all() as string[];
    const rules = JSON.parse(db.prepare("SELECT value FROM setting WHERE key = 'low-score-alert-rules'").pluck().get() as string) as { minPresses: number }[];
    const integrity = db.pragma('integrity_check', { simple: true });
    return { revision, services, users, offices, rules, integrity };
  } finally {
    db.close();
  }
}

describe('kill -9 while applying a regional revision', () => {
  it('leaves the old or the new revision whole, three kills in a row', { timeout: 120_000 }, async () => {
    const dataDir = makeTempDir('regional-kill-');
    const file = path.join(dataDir, 'office-sharya.sqlite');
    let last = 0;
    for (const [afterLines, extraMs] of [[2, 37], [1, 5], [3, 71]] as const) {
      const applied = await applyUntilKilled(dataDir, afterLines, extraMs);
      const state = readBack(file);
      expect(state.integrity).toBe('ok');
      // Never behind what the child had reported as committed, never a revision it had not begun.
      expect(state.revision).toBeGreaterThanOrEqual(last + afterLines);
      expect(state.revision).toBeLessThanOrEqual(last + applied + 1);
      expect(state.services).toHaveLength(150);
      expect(state.services.every((name) => name.endsWith(`ревизии ${state.revision}`))).toBe(true);
      expect(state.users).toHaveLength(3000);
      expect(state.users.every((name) => name.endsWith(`ревизии ${state.revision}`))).toBe(true);
      expect(state.offices.every((name) => name.endsWith(`(ревизия ${state.revision})`))).toBe(true);
      expect(state.rules[0]!.minPresses).toBe(1 + (state.revision % 50));
      last = state.revision;
    }
  });
});
