import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/server.ts';
import { ensureKioskBuilt } from './support/kiosk-build.ts';
import { bindKiosk, kioskStorage, launchKioskBrowser, poll, registerKiosk, startFaultyProxy, startKioskHub, storedResponses, takeSurvey, type FaultyProxy } from './support/kiosk-harness.ts';

/**
 * Never lose an answer, never count one twice: surveys taken with the hub stopped (and the page
 * reloaded, and the browser restarted, all offline) arrive exactly once when it is back; a hub
 * behind a 500, a captive portal's HTML 200 and a stalled connection loses and doubles nothing.
 */
const SURVEYS_OFFLINE = 50;
let dataDir: string;
let hub: RunningHub | null = null;
let proxy: FaultyProxy;
let context: BrowserContext;
let profileDir: string;
let page: Page;
const URL = () => `${proxy.url}/kiosk/?t.thanks=30&t.backoff=50&t.backoffCap=400&t.timeout=1000&t.heartbeat=600`;

beforeAll(async () => {
  await ensureKioskBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-delivery-'));
  hub = await startKioskHub(dataDir);
  proxy = await startFaultyProxy(() => hub?.url ?? null);
  const token = await registerKiosk(hub);
  ({ context, profileDir } = await launchKioskBrowser());
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(URL());
  await bindKiosk(page, token);
  // The app shell must be in the service worker's cache before the network goes.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await proxy?.close();
  await hub?.close();
});

const survey = (i: number) => takeSurvey(page, { scores: [(i % 5) + 1, 5, 4, (i % 3) + 3, i % 11], comment: i % 10 === 0 ? `Отзыв ${i}` : undefined, service: null });

async function nextClient(): Promise<void> {
  await page.getByRole('button', { name: 'Готово' }).click();
}

describe('kiosk delivery', () => {
  it(`${SURVEYS_OFFLINE} surveys with the hub stopped, a reload and a browser restart on the way, then the hub back: exactly ${SURVEYS_OFFLINE} stored`, async () => {
    const started = Date.now();
    await hub!.close();
    hub = null;

    for (let i = 0; i < SURVEYS_OFFLINE; i++) {
      if (i === SURVEYS_OFFLINE / 2) {
        // Offline reload: the service worker serves the app, IndexedDB still holds the outbox.
        await page.reload();
        await page.getByRole('button', { name: 'Начать опрос' }).waitFor();
        expect((await kioskStorage(page)).pending).toBe(SURVEYS_OFFLINE / 2);
      }
      await survey(i);
      await nextClient();
    }
    console.log(`kiosk-delivery: ${SURVEYS_OFFLINE} offline surveys taken after ${Date.now() - started} ms`);
    expect(await kioskStorage(page)).toEqual({ drafts: 0, pending: SURVEYS_OFFLINE, refused: 0 });

    // Browser restart, still offline.
    await context.close();
    ({ context } = await launchKioskBrowser({ profileDir }));
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(URL());
    await page.getByRole('button', { name: 'Начать опрос' }).waitFor();
    expect(await kioskStorage(page)).toEqual({ drafts: 0, pending: SURVEYS_OFFLINE, refused: 0 });

    hub = await startKioskHub(dataDir);
    const rows = await poll('every offline survey at the hub', () => storedResponses(hub!), (r) => r.length >= SURVEYS_OFFLINE, 60_000);
    await poll('the outbox to empty', () => kioskStorage(page), (s) => s.pending === 0);
    expect(storedResponses(hub).length).toBe(SURVEYS_OFFLINE);
    expect(rows.every((r) => r.complete === 1 && r.channel === 'kiosk')).toBe(true);
    expect(rows.filter((r) => r.comment !== null)).toHaveLength(SURVEYS_OFFLINE / 10);
  }, 150_000);

  it('a 500, a captive portal HTML 200 and a stalled connection for a while: nothing lost, nothing doubled', async () => {
    const before = new Set(storedResponses(hub!).map((r) => r.id));
    const attempts = (mode: string) => proxy.ingests.filter((i) => i.mode === mode && i.ids.length > 0).length;

    proxy.mode = 'error-500';
    for (let i = 0; i < 4; i++) {
      await survey(i);
      await nextClient();
    }
    await poll('retries against the 500s', () => attempts('error-500'), (n) => n >= 4);

    // The portal swallows the hub's acknowledgement: the hub stores, the kiosk must not count it delivered.
    proxy.mode = 'html-200';
    for (let i = 4; i < 8; i++) {
      await survey(i);
      await nextClient();
    }
    await poll('retries behind the portal', () => attempts('html-200'), (n) => n >= 3);
    expect((await kioskStorage(page)).pending).toBe(8);

    proxy.mode = 'stall';
    await poll('a timed-out try', () => attempts('stall'), (n) => n >= 2, 20_000);
    expect((await kioskStorage(page)).pending).toBe(8);

    proxy.mode = 'pass';
    await poll('the outbox to empty', () => kioskStorage(page), (s) => s.pending === 0, 30_000);
    const fresh = storedResponses(hub!).filter((r) => !before.has(r.id));
    expect(fresh).toHaveLength(8);
    expect(hub!.ctx.db.prepare('SELECT count(*) AS n FROM dead_letter').get()).toEqual({ n: 0 });
    // The batches the portal ate were stored and then re-sent: the hub answered "duplicate", not a second row.
    const eaten = new Set(proxy.ingests.filter((i) => i.mode === 'html-200').flatMap((i) => i.ids));
    expect(fresh.filter((r) => eaten.has(r.id)).length).toBeGreaterThan(0);
  }, 90_000);
});
