import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Builds staff-app/dist when it is missing or older than its sources, as kiosk-build.ts does for
 * the kiosk: CI runs only `npm test` from a clean clone, so the browser tests of staff pages build
 * the app themselves. A lock directory makes a second worker wait for the first build.
 */
const root = path.join(import.meta.dirname, '..', '..');
export const STAFF_APP_DIST = path.join(root, 'staff-app', 'dist');
const LOCK = path.join(tmpdir(), `czn-staff-app-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.lock`);
const SOURCES = [path.join(root, 'staff-app'), path.join(root, 'shared'), path.join(root, 'package.json')];

function newestSource(): number {
  let newest = 0;
  const walk = (p: string) => {
    const name = path.basename(p);
    if (name === 'dist' || name === 'node_modules' || name.startsWith('.') || name.endsWith('.test.ts') || name === 'seeds') return;
    const stat = statSync(p);
    if (stat.isDirectory()) readdirSync(p).forEach((child) => walk(path.join(p, child)));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  SOURCES.filter(existsSync).forEach(walk);
  return newest;
}

function isFresh(): boolean {
  const built = path.join(STAFF_APP_DIST, 'index.html');
  return existsSync(built) && statSync(built).mtimeMs >= newestSource();
}

export async function ensureStaffAppBuilt(): Promise<void> {
  if (isFresh()) return;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('staff app build lock held too long');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (isFresh()) return;
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'staff-app/vite.config.ts', '--logLevel', 'warn'], {
      cwd: root,
      // vitest sets NODE_ENV=test, which would reach the build and bundle Preact's development code
      // (the kiosk then measured 31.1 kB gzipped instead of 29.5): build as `npm run build` does.
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 170_000,
    });
    if (result.status !== 0) throw new Error(`staff app build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
