import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moscowDay } from '../shared/periods.ts';
import type { RunningHub } from '../hub/server.ts';
import { launchChromium } from './support/chromium.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';
import { browserAs, staffSession } from './support/staff-session.ts';
import { ingestAt, press } from './support/test-records.ts';
import { axe, STAFF_VIEW } from './support/axe.ts';

/**
 * The pain map in Chromium on a real central: the CX analyst records a pain, where it was found and
 * a measure, marks the measure done and reads its before/after verdict; the director records a
 * review; an office head of another office sees nothing of it. axe finds no serious problem.
 */
let hub: RunningHub;
let browser: Browser;
const DAY = 86_400_000;
const now = Date.now();
const dayOffset = (days: number): string => moscowDay(now + days * DAY);

beforeAll(async () => {
  await ensureStaffAppBuilt();
  ({ hub } = await startFixtureHub({ fixture: false, env: { ROLE: 'central' } }));
  // Шарья's panel: 2.9 on average before the measure (n 60), 4.6 after it (n 60).
  const presses = (at: number, score: number, count: number) => Array.from({ length: count }, (_, i) => press('drv', 'p1', at + i * 1000, { score, button: String(score) }));
  ingestAt(hub.ctx.db, now, [...presses(now - 60 * DAY, 2, 33), ...presses(now - 59 * DAY, 4, 27), ...presses(now - 10 * DAY, 4, 24), ...presses(now - 9 * DAY, 5, 36)]);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const VIEW = STAFF_VIEW;

describe('the pain map in Chromium', () => {
  it('pain, evidence, measure done with its verdict; the director’s review; another office sees none of it', { timeout: 300_000 }, async () => {
    const findings: string[] = [];
    const errors: string[] = [];
    const cx = await staffSession(hub, 'cx-analyst', [{ role: 'cx' }]);
    const context = await browserAs(browser, hub.url, cx, VIEW);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${hub.url}/staff`);
    await page.getByRole('link', { name: 'Карта болей' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Карта болей клиента' }).waitFor();
    await page.getByText('В карте болей за этот квартал пока нет проблем.').waitFor();
    await axe(page, findings);

    // The form says what is missing before anything is sent.
    await page.getByRole('button', { name: 'Добавить проблему' }).click();
    await expect.poll(() => page.locator('.pain-form').textContent()).toContain('Заполните поле');
    await page.getByLabel('Процесс (услуга, жизненная ситуация)').fill('Регистрация в качестве безработного');
    await page.locator('#pain-office').selectOption('sharya');
    await page.getByLabel('Выявленная проблема или потребность клиента').fill('Долгое ожидание в очереди');
    await page.locator('#pain-priority').selectOption('high');
    await page.getByRole('button', { name: 'Добавить проблему' }).click();
    await page.getByRole('heading', { level: 2, name: '1. Долгое ожидание в очереди' }).waitFor();
    const painId = hub.ctx.db.prepare('SELECT id FROM pain').pluck().get() as string;

    await page.locator(`#evidence-${painId}-text`).fill('Средний балл пультов 2,9 (n = 60)');
    await page.getByRole('button', { name: 'Добавить источник' }).click();
    await expect.poll(() => page.locator('.evidence').textContent()).toContain('Средний балл пультов 2,9');

    await page.locator(`#measure-${painId}-text`).fill('Запись на приём по времени');
    await page.locator(`#measure-${painId}-owner`).fill('Начальник отделения');
    await page.locator(`#measure-${painId}-started`).fill(dayOffset(-40));
    await page.locator(`#measure-${painId}-due`).fill(dayOffset(-30));
    await page.getByRole('button', { name: 'Добавить мероприятие' }).click();
    const measure = page.locator('li.measure', { hasText: 'Запись на приём по времени' });
    await measure.waitFor();
    // Past its date and not done: listed as overdue.
    await page.getByRole('heading', { level: 2, name: 'Просроченные мероприятия' }).waitFor();
    await axe(page, findings);

    const measureId = hub.ctx.db.prepare('SELECT id FROM measure').pluck().get() as string;
    await page.locator(`#progress-${measureId}-status`).selectOption('done');
    await page.locator(`#progress-${measureId}-done`).fill(dayOffset(-20));
    await measure.getByRole('button', { name: 'Сохранить' }).click();
    const effect = measure.locator('.effect');
    await expect.poll(() => effect.getAttribute('data-verdict')).toBe('improved');
    expect(await effect.textContent()).toMatch(/улучшение.*Улучшение: \+1,7 балла \(95 % интервал от \+\d,\d до \+\d,\d; до: 60 отв\., после: 60 отв\.\)/);
    expect(await page.getByRole('heading', { name: 'Просроченные мероприятия' }).count()).toBe(0);
    await axe(page, findings);
    await context.close();

    // The director reads the verdict and records a review; no forms to edit.
    const director = await staffSession(hub, 'director', [{ role: 'director' }]);
    const dContext = await browserAs(browser, hub.url, director, VIEW);
    const dPage = await dContext.newPage();
    dPage.on('pageerror', (e) => errors.push(e.message));
    await dPage.goto(`${hub.url}/pain-map`);
    await dPage.locator('.effect[data-verdict="improved"]').waitFor();
    expect(await dPage.getByRole('button', { name: 'Добавить проблему' }).count()).toBe(0);
    await dPage.getByLabel('Заключение директора').fill('Мера действует: закрепить в регламенте отделения');
    await dPage.getByRole('button', { name: 'Записать заключение' }).click();
    await expect.poll(() => dPage.locator('.review').textContent()).toContain('Мера действует');
    await axe(dPage, findings);
    await dContext.close();

    // The head of another office sees an empty map.
    const head = await staffSession(hub, 'head-buy', [{ role: 'office-head', officeId: 'buy' }]);
    const hContext = await browserAs(browser, hub.url, head, VIEW);
    const hPage = await hContext.newPage();
    await hPage.goto(`${hub.url}/pain-map`);
    await hPage.getByText('В карте болей за этот квартал пока нет проблем.').waitFor();
    expect(await hPage.getByRole('button', { name: 'Добавить проблему' }).count()).toBe(0);
    await hContext.close();

    expect(hub.ctx.db.prepare("SELECT actor, count(*) AS n FROM audit_log WHERE action = 'pain-map.change' GROUP BY actor ORDER BY actor").all()).toEqual([
      { actor: 'cx-analyst', n: 4 },
      { actor: 'director', n: 1 },
    ]);
    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
  });
});
