import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureKioskBuilt, KIOSK_DIST } from './support/kiosk-build.ts';
import { ensureStaffAppBuilt, STAFF_APP_DIST } from './support/staff-app-build.ts';

/**
 * The two apps built by `npm run build` stay apart: the kiosk's bundle keeps its 30 kB budget and
 * its service worker precaches only the kiosk; the staff app runs no inline script and carries no
 * validation library (it reads the shared schemas' types only).
 */
beforeAll(async () => {
  await ensureKioskBuilt();
  await ensureStaffAppBuilt();
}, 240_000);

const files = (dir: string, ext: string) => readdirSync(dir).filter((f) => f.endsWith(ext));

describe('the kiosk and staff builds', () => {
  it('the kiosk: JavaScript within 30 kB gzipped, nothing of the staff app in it or in its service worker', () => {
    const assets = path.join(KIOSK_DIST, 'assets');
    const gz = files(assets, '.js').reduce((sum, f) => sum + gzipSync(readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
    expect(gz / 1024).toBeLessThanOrEqual(30);
    const worker = readFileSync(path.join(KIOSK_DIST, 'sw.js'), 'utf8');
    expect(worker).not.toContain('staff-app');
    for (const f of files(assets, '.js')) expect(readFileSync(path.join(assets, f), 'utf8')).not.toContain('Показатели обратной связи');
  });

  it('the staff app: no inline script in its page, no zod in its bundles, one chunk per screen', () => {
    const html = readFileSync(path.join(STAFF_APP_DIST, 'index.html'), 'utf8');
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
    const assets = path.join(STAFF_APP_DIST, 'assets');
    for (const f of files(assets, '.js')) expect(readFileSync(path.join(assets, f), 'utf8'), f).not.toMatch(/ZodError|\$ZodType/);
    const chunks = files(assets, '.js');
    // The exit poll's service worker is one classic script: nothing imported, nothing exported.
    expect(readFileSync(path.join(assets, 'interviewer-sw.js'), 'utf8')).not.toMatch(/\bimport\b|\bexport\b/);
    for (const screen of ['dashboard-screen', 'board-screen', 'admin-screen', 'invite-screen', 'central-screen', 'login-screen', 'register-screen', 'entry-screen', 'surveys-screen', 'builder-screen', 'results-screen', 'interviewer-screen', 'offices-screen']) expect(chunks.some((f) => f.startsWith(screen))).toBe(true);
  });
});
