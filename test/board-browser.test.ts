import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { heartbeat, panelStatus, press } from './support/test-records.ts';
import { boardCookie, FRIDAY_10, startBoardHub, type BoardHub } from './support/board-hub.ts';
import { launchChromium } from './support/chromium.ts';
import { browserAs } from './support/staff-session.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';

/** Real headless Chromium (Debian's, never downloaded) on the real /board page of a real hub. */
let browser: Browser;
let running: BoardHub | null = null;

beforeAll(async () => {
  await ensureStaffAppBuilt();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await running?.close();
  running = null;
});

/** Opens the board and collects everything the page complains about. */
async function openBoard(url: string, viewport: { width: number; height: number }) {
  const context = await browserAs(browser, url, { cookie: boardCookie(url) }, { viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  await page.goto(`${url}/board`);
  await page.getByText('Обновляется вживую').waitFor({ timeout: 15_000 });
  return { page, problems };
}

/** A port on 127.0.0.1 that nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('the /board page in Chromium', () => {
  it('shows the devices, then a press and a lost panel live without reload, with no console errors', async () => {
    running = await startBoardHub();
    const h = running;
    const driver = h.device('drv-1', 'panel-driver', 'Зал приёма');
    await driver.send([heartbeat('drv-1', h.now(), { version: '3.1.4', panels: [panelStatus('p1', { desk: 'окно 1' })] })]);
    const { page, problems } = await openBoard(h.url, { width: 1280, height: 800 });

    const card = page.locator('article[data-device="drv-1"]');
    await expect.poll(() => card.locator('h3').textContent()).toBe('Компьютер пультов «Зал приёма»');
    await expect.poll(() => card.locator('.badge-online').first().textContent()).toBe('в сети');
    await expect.poll(() => page.locator('.no-alerts').textContent()).toBe('Тревог нет.');
    const pressesToday = card.locator('tr[data-panel="p1"] td[data-label="Нажатий сегодня"]');
    await expect.poll(() => pressesToday.textContent()).toBe('0');

    await driver.send([press('drv-1', 'p1', h.now()), press('drv-1', 'p1', h.now() + 1, { suppressed: 'too-soon' })]);
    await expect.poll(() => pressesToday.textContent(), { timeout: 10_000 }).toBe('1 (ещё 1 не засчитано)');
    // Why not counted: on hover.
    expect(await pressesToday.locator('[title]').getAttribute('title')).toMatch(/нажал снова слишком скоро/);

    h.advance(30_000);
    await driver.send([heartbeat('drv-1', h.now(), { panels: [panelStatus('p1', { desk: 'окно 1', online: false, disconnects: 1 })] })]);
    await expect.poll(() => card.locator('tr[data-panel="p1"] .badge').textContent(), { timeout: 10_000 }).toBe('нет связи');
    await card.locator('details.history summary').click();
    await expect.poll(() => card.locator('details.history li').first().textContent()).toContain('пульт p1: связь потеряна');

    // 35 minutes later the panel is still off: the alert is at the top, in its colour.
    h.advance(35 * 60_000);
    await driver.send([heartbeat('drv-1', h.now(), { panels: [panelStatus('p1', { desk: 'окно 1', online: false, disconnects: 1 })] })]);
    await expect.poll(() => page.locator('.alert-critical').first().textContent(), { timeout: 10_000 }).toBe('Пульт «окно 1» (p1): не на связи 35 мин');
    // The history stayed open across the live redraws.
    expect(await card.locator('details.history').getAttribute('open')).not.toBeNull();

    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('on a phone: one column, no sideways scrolling; names are shown as text, never as markup', async () => {
    running = await startBoardHub();
    const h = running;
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const driver = h.device('drv-x', 'panel-driver', hostile);
    await driver.send([heartbeat('drv-x', h.now(), { panels: [panelStatus('p1', { desk: '<b>окно</b>' }), panelStatus('p2')], errors: { '<i>x</i>': 1 } as Record<string, number> })]);
    const { page, problems } = await openBoard(h.url, { width: 390, height: 844 });
    const card = page.locator('article[data-device="drv-x"]');
    await expect.poll(() => card.locator('h3').textContent()).toBe(`Компьютер пультов «${hostile}»`);
    expect(await card.locator('img').count()).toBe(0);
    expect(await card.locator('b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('with the central down, the regional settings line says why in words; the socket error is one click away', async () => {
    const central = `http://127.0.0.1:${await closedPort()}`;
    running = await startBoardHub(FRIDAY_10, { CENTRAL_URL: central, CENTRAL_KEY_ID: 'sharya-board-test', CENTRAL_KEY: 'czn_hub_' + 'k'.repeat(43), FORWARD_REQUEST_TIMEOUT_MS: '2000' });
    const { page } = await openBoard(running.url, { width: 1280, height: 800 });
    const line = page.locator('.config-revision');
    await expect.poll(() => line.textContent(), { timeout: 20_000 }).toContain('нет связи с центральным сборщиком; последняя попытка в 10:00');
    expect(await line.locator('.badge').textContent()).toBe('не получаются');
    expect(await line.innerText()).not.toContain('ECONNREFUSED');
    await line.getByText('Подробности для администратора').click();
    expect(await line.locator('pre.raw').innerText()).toMatch(/^unreachable: нет связи с центральным сборщиком http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    await page.context().close();
  });
});
