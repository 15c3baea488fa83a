import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateYear } from '../bench/generate-year.ts';
import { moscowMidnight } from '../shared/periods.ts';
import type { RunningHub } from '../hub/server.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';
import { browserAs } from './support/staff-session.ts';

/**
 * The dashboard's pictures drawn from demo-like data (issue 14): a central holding four months of
 * the 25 offices' presses and answers, made by the generator `npm run demo:data` uses (one office
 * without a panel, one without a survey). For November the page draws the region's tiles coloured
 * by rank, the ranking with a whisker per office and the target line, the weekday × hour heat map
 * and a small chart per office; each is checked for what it draws, not only that it is there.
 */
let hub: RunningHub;
let browser: Browser;
let page: Page;
const NOW = moscowMidnight(2026, 12, 4) + 12 * 3_600_000; // Friday 4 December 2026, 12:00 Moscow
const OFFICES = 25;

beforeAll(async () => {
  await ensureStaffAppBuilt();
  const started = await startFixtureHub({ fixture: false, clock: () => NOW });
  hub = started.hub;
  generateYear(hub.ctx.db, {
    officeIds: hub.ctx.db.prepare('SELECT id FROM office ORDER BY id').pluck().all() as string[],
    start: moscowMidnight(2026, 8, 1),
    end: NOW,
    presses: 40_000,
    responses: 3_000,
    seed: 14,
    withoutPanel: ['pavino'],
    withoutSurvey: ['pyshchug'],
  });
  browser = await launchChromium();
  const context = await browserAs(browser, hub.url, started.analyst, { viewport: { width: 1400, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  page = await context.newPage();
  await page.goto(`${hub.url}/dashboard?period=2026-11`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const distinct = (values: (string | null)[]) => new Set(values.filter((v) => v !== null && v !== '')).size;

describe('the dashboard draws its pictures from demo-like data', () => {
  it('the region as tiles: every office, coloured by its panel average, the office without a panel left grey', async () => {
    const tiles = page.locator('ul.tiles li.tile-cell');
    await expect.poll(() => tiles.count(), { timeout: 20_000 }).toBe(OFFICES);
    expect(await page.locator('li.tile-cell[data-office="pavino"] .tile').getAttribute('class')).toContain('tile-empty');
    const colours = await page.locator('ul.tiles button.tile:not(.tile-empty)').evaluateAll((els) => els.map((el) => (el as HTMLElement).style.backgroundColor));
    expect(colours).toHaveLength(OFFICES - 1);
    expect(colours.every((c) => c !== '')).toBe(true);
    expect(distinct(colours)).toBeGreaterThan(3);
  });

  it('the ranking: each office with a panel ranked, with its whisker on the scale, the target line and three weakest', async () => {
    const rows = page.locator('#ranking tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(OFFICES - 1);
    expect(await rows.locator('td.num').first().textContent()).toBe('1');
    expect(await rows.locator('circle.whisker-dot').count()).toBe(OFFICES - 1);
    expect(await rows.locator('line.whisker').count()).toBe(OFFICES - 1);
    expect(await rows.locator('line.target-line').count()).toBe(OFFICES - 1);
    expect(await page.locator('#ranking tr.weakest-row').count()).toBe(3);
    // Dots placed on one scale: not all in the same spot.
    expect(distinct(await rows.locator('circle.whisker-dot').evaluateAll((els) => els.map((el) => el.getAttribute('cx'))))).toBeGreaterThan(3);
  });

  it('the heat map: five working days by opening hours, each hour coloured by its panel average', async () => {
    const cells = page.locator('#heatmap tbody td.hm:not(.hm-empty)');
    await expect.poll(() => cells.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(5 * 10);
    expect(await page.locator('#heatmap tbody tr').count()).toBe(5);
    const colours = await cells.evaluateAll((els) => els.map((el) => (el as HTMLElement).style.backgroundColor));
    expect(colours.every((c) => c !== '')).toBe(true);
    expect(distinct(colours)).toBeGreaterThan(3);
    expect(await cells.first().getAttribute('title')).toMatch(/^Понедельник, \d+:00–\d+:00: средний балл \d,\d\d, нажатий \d+/);
  });

  it('the small multiples: a chart per office on one scale, a line for each office with a panel', async () => {
    const charts = page.locator('ul.multiples li');
    await expect.poll(() => charts.count(), { timeout: 20_000 }).toBe(OFFICES);
    expect(await page.locator('ul.multiples path.spark').count()).toBe(OFFICES - 1);
    const lines = await page.locator('ul.multiples path.spark').evaluateAll((els) => els.map((el) => el.getAttribute('d') ?? ''));
    // Twelve weeks ending with the period: a line through several points each.
    expect(lines.every((d) => (d.match(/L/g) ?? []).length >= 3)).toBe(true);
    expect(await page.locator('#trend-chart canvas').first().isVisible()).toBe(true);
  });
});
