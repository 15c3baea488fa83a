import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import preact from '@preact/preset-vite';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../../test/support/chromium.ts';
import { ensureKioskBuilt, KIOSK_DIST } from '../../test/support/kiosk-build.ts';
import { bindKiosk, launchKioskBrowser, OFFICE, registerKiosk, startFaultyProxy, startKioskHub, takeSurvey } from '../../test/support/kiosk-harness.ts';
import { benchDir } from '../floors.ts';
import { figure, percentile, type BenchFigure } from '../figure.ts';

/**
 * The kiosk PWA: gzipped JS (target ≤ 30 kB) beside a bare Preact + signals app built in the same
 * run; navigation to the first usable screen in Chromium (target ≤ 500 ms) beside a one-button
 * static page; last answer → response durable in IndexedDB beside one raw strict-durability put.
 */
export async function run(): Promise<BenchFigure[]> {
  await ensureKioskBuilt();
  const figures: BenchFigure[] = [];

  const appJs = gzippedJs(path.join(KIOSK_DIST, 'assets'));
  const floorJs = await bareFrameworkBundle();
  figures.push(figure('kiosk.bundle.js.gzip', appJs / 1024, 'kB', { name: 'bare Preact + signals app', value: floorJs / 1024, unit: 'kB' }, 'target ≤ 30 kB; zlib level 9; the service worker is separate'));
  figures.push(figure('kiosk.sw.js.gzip', gzipSync(readFileSync(path.join(KIOSK_DIST, 'sw.js')), { level: 9 }).length / 1024, 'kB', null, 'workbox runtime inlined, precache list'));

  const hub = await startKioskHub(benchDir());
  figures.push(figure('kiosk.bundle.js.served', (await servedJs(hub.url, 'br, gzip')) / 1024, 'kB', { name: 'same bundle, gzip level 9', value: appJs / 1024, unit: 'kB' }, 'bytes on the wire from the hub to a browser (Brotli, quality 4); uncompressed before issue 14'));
  const proxy = await startFaultyProxy(() => hub.url);
  const blank = await blankPageServer();
  const browser = await launchChromium();
  try {
    // Cold: a phone's first visit from a QR code, empty cache, no service worker yet.
    const cold: number[] = [];
    const blankCold: number[] = [];
    for (let i = 0; i < 7; i++) {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await ctx.newPage();
      cold.push(await usableAfterNavigation(page, `${proxy.url}/kiosk/?mode=phone&office=${OFFICE}&channel=qr-poster`, 'kiosk-usable'));
      blankCold.push(await usableAfterNavigation(page, blank.url, 'usable'));
      await ctx.close();
    }
    const blankP50 = percentile(sorted(blankCold), 50);
    figures.push(figure('kiosk.first-usable.cold.p50', percentile(sorted(cold), 50), 'ms', { name: 'one-button static page', value: blankP50, unit: 'ms' }, 'phone mode, first visit, empty cache; target ≤ 500 ms'));

    // Warm: the kiosk's daily start, app shell from the service worker, bound, outbox opened.
    const { context } = await launchKioskBrowser();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${proxy.url}/kiosk/?t.heartbeat=3600`);
    await bindKiosk(page, await registerKiosk(hub));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const warm: number[] = [];
    for (let i = 0; i < 10; i++) warm.push(await usableAfterNavigation(page, `${proxy.url}/kiosk/?t.heartbeat=3600`, 'kiosk-usable'));
    figures.push(figure('kiosk.first-usable.warm.p50', percentile(sorted(warm), 50), 'ms', { name: 'one-button static page', value: blankP50, unit: 'ms' }, 'kiosk reload, shell from the service worker; target ≤ 500 ms'));
    figures.push(figure('kiosk.first-usable.warm.p99', percentile(sorted(warm), 99), 'ms'));

    // Last answer → durable: 20 surveys, then the raw floor in the same page.
    const durable: number[] = [];
    for (let i = 0; i < 20; i++) {
      await takeSurvey(page, { scores: [5, 4, 5, 4, 9], service: null });
      durable.push(await page.evaluate(() => performance.getEntriesByName('kiosk-durable').at(-1)?.duration ?? Number.NaN));
      await page.getByRole('button', { name: 'Готово' }).click();
    }
    const raw = await rawStrictPutMs(page, 50);
    const tapped = await tappedStrictPutMs(page, 20);
    figures.push(figure('floor.indexeddb.strict-put.p50', percentile(sorted(raw), 50), 'ms', null, 'one IndexedDB put, durability strict, idle page'));
    figures.push(figure('kiosk.answer-to-durable.p50', percentile(sorted(durable), 50), 'ms', { name: 'strict put from a tap handler, p50', value: percentile(sorted(tapped), 50), unit: 'ms' }, 'last answer tapped → draft removed and response queued in one strict transaction'));
    figures.push(figure('kiosk.answer-to-durable.p99', percentile(sorted(durable), 99), 'ms', { name: 'strict put from a tap handler, p99', value: percentile(sorted(tapped), 99), unit: 'ms' }));
    await context.close();
  } finally {
    await browser.close();
    await blank.close();
    await proxy.close();
    await hub.close();
  }
  return figures;
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

export function gzippedJs(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length, 0);
}

/** What the hub actually sends for the app's JavaScript files, read over raw HTTP (fetch would decode it). */
async function servedJs(hubUrl: string, acceptEncoding: string): Promise<number> {
  let total = 0;
  for (const file of readdirSync(path.join(KIOSK_DIST, 'assets')).filter((f) => f.endsWith('.js'))) {
    total += await new Promise<number>((resolve, reject) => {
      const req = request(`${hubUrl}/kiosk/assets/${file}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve(bytes));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }
  return total;
}

export async function bareFrameworkBundle(): Promise<number> {
  const dir = benchDir();
  const entry = path.join(dir, 'bare.tsx');
  writeFileSync(entry, "import { render } from 'preact';\nimport { signal } from '@preact/signals';\nconst n = signal(0);\nrender(<button onClick={() => n.value++}>{n}</button>, document.body);\n");
  await build({
    configFile: false,
    logLevel: 'silent',
    root: path.join(import.meta.dirname, '..', '..'),
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
    build: { outDir: path.join(dir, 'out'), emptyOutDir: true, target: 'es2022', lib: { entry, formats: ['es'], fileName: 'bare' } },
  });
  return gzippedJs(path.join(dir, 'out'));
}

/** ms from navigation start to the named user-timing mark. */
async function usableAfterNavigation(page: Page, url: string, markName: string): Promise<number> {
  await page.goto(url);
  const handle = await page.waitForFunction((name) => performance.getEntriesByName(name)[0]?.startTime ?? false, markName, { timeout: 30_000 });
  return (await handle.jsonValue()) as number;
}

async function blankPageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const html = '<!doctype html><html lang="ru"><title>x</title><button>Начать</button><script>performance.mark("usable")</script></html>';
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

function rawStrictPutMs(page: Page, samples: number): Promise<number[]> {
  return page.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('bench-floor', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('t', { keyPath: 'id' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('t', 'readwrite', { durability: 'strict' });
        tx.objectStore('t').put({ id: `r${i}`, answers: { csat1: 5, csat2: 4, csat3: 5, ces: 4, nps: 9 }, comment: 'x'.repeat(200) });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      times.push(performance.now() - t0);
    }
    db.close();
    return times;
  }, samples);
}

/**
 * The same put started from a button's click handler, as the kiosk's is: the completion event then
 * waits for the frame the tap causes (software rendering in headless Chromium), which an idle
 * page's put does not pay. This is the fair floor for "last answer → durable".
 */
async function tappedStrictPutMs(page: Page, samples: number): Promise<number[]> {
  await page.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'bench-tap';
    button.textContent = 'Проверка';
    button.style.cssText = 'position:fixed;right:0;bottom:0;width:80px;height:80px';
    document.body.append(button);
    const open = indexedDB.open('bench-floor', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('t', { keyPath: 'id' });
    open.onsuccess = () => {
      const db = open.result;
      let n = 0;
      const times: number[] = [];
      (window as unknown as { benchTimes: number[] }).benchTimes = times;
      button.addEventListener('click', () => {
        const t0 = performance.now();
        const tx = db.transaction('t', 'readwrite', { durability: 'strict' });
        tx.objectStore('t').put({ id: `tap${n++}`, answers: { csat1: 5, csat2: 4, csat3: 5, ces: 4, nps: 9 }, comment: 'x'.repeat(200) });
        tx.oncomplete = () => times.push(performance.now() - t0);
      });
    };
  });
  for (let i = 0; i < samples; i++) {
    await page.locator('#bench-tap').click();
    await page.waitForFunction((count) => (window as unknown as { benchTimes?: number[] }).benchTimes?.length === count, i + 1);
  }
  const times = await page.evaluate(() => (window as unknown as { benchTimes: number[] }).benchTimes);
  await page.evaluate(() => document.getElementById('bench-tap')?.remove());
  return times;
}
