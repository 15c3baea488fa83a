import { AxeBuilder } from '@axe-core/playwright';
import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHubConfig } from '../hub/config.ts';
import { currentRevision } from '../hub/regional-config/revisions.ts';
import { startHub, type RunningHub } from '../hub/server.ts';
import { launchChromium } from './support/chromium.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';
import { browserAs, staffSession } from './support/staff-session.ts';
import { makeTempDir, removeTempDirs } from './support/temp-dirs.ts';
import { silentLogger } from './support/test-records.ts';

/**
 * The office directory page in Chromium. On the central the admin adds an office through the form
 * (each wrong field said beside it first), renames it and closes it; each save is a revision. On an
 * office hub with a central the same page is read-only with the way to the central, and the login
 * page's «Забыли пароль?» shows where to ask instead of a form nobody there could answer.
 */
let browser: Browser;
let central: RunningHub;
let office: RunningHub;
let centralUrl: string;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  await ensureStaffAppBuilt();
  ({ hub: central } = await startFixtureHub({ fixture: false }));
  // The office hub's central is out of reach on purpose: the page and the login need nothing from it.
  centralUrl = `http://127.0.0.1:${await closedPort()}`;
  const config = readHubConfig({
    ROLE: 'office',
    OFFICE_ID: 'sharya',
    DATA_DIR: makeTempDir('offices-browser-'),
    PORT: '0',
    SCHEDULED_REPORTS: 'false',
    CENTRAL_URL: centralUrl,
    CENTRAL_KEY_ID: 'sharya.test',
    CENTRAL_KEY: `czn_hub_${'k'.repeat(43)}`,
  });
  if (!config.ok) throw new Error(config.message);
  office = await startHub(config.value, { logger: silentLogger });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await central?.close();
  await office?.close();
  removeTempDirs();
});

const VIEW = { viewport: { width: 1280, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' };

async function axeFindings(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the office directory page', () => {
  it('on the central: an office added through the form (errors beside the fields first), renamed and closed, each a revision', { timeout: 120_000 }, async () => {
    const admin = await staffSession(central, 'offices-page-admin', [{ role: 'admin' }]);
    const context = await browserAs(browser, central.url, admin, VIEW);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${central.url}/offices`);
    await page.getByRole('heading', { level: 1, name: 'Справочник отделов' }).waitFor();
    await expect.poll(() => page.locator('tr[data-office]').count()).toBe(25);
    const before = (await currentRevision(central.ctx.sql))!.revision;

    await page.getByRole('button', { name: 'Новый отдел' }).click();
    await page.getByLabel('Идентификатор').fill('шарья-2');
    await page.getByLabel('Название').fill('Sharya 2');
    await page.getByLabel('Адрес').fill('Шарь');
    await page.getByRole('button', { name: 'Завести отдел' }).click();
    const idError = page.locator('#new-office-id-error');
    await idError.waitFor();
    expect(await idError.textContent()).toBe('Идентификатор отдела: латиница в нижнем регистре, цифры и дефис');
    expect(await page.locator('#new-office-name-error').textContent()).toBe('Название пишется по-русски, как на вывеске');
    expect(await page.locator('#new-office-kind-error').textContent()).toBe('Выберите: отделение или отдел');
    expect(await page.locator('#new-office-address-error').textContent()).toBe('Адрес не короче 5 знаков');
    expect(await page.getByLabel('Идентификатор').getAttribute('aria-invalid')).toBe('true');
    expect(await axeFindings(page)).toEqual([]);
    expect((await currentRevision(central.ctx.sql))!.revision).toBe(before);

    // An id already taken is the hub's refusal, shown beside the id too.
    await page.getByLabel('Идентификатор').fill('sharya');
    await page.getByLabel('Название').fill('Шарьинское отделение, второй зал');
    await page.getByLabel('Вид').selectOption('otdelenie');
    await page.getByLabel('Адрес').fill('Костромская область, г. Шарья, ул. Вокзальная, д. 5');
    await page.getByRole('button', { name: 'Завести отдел' }).click();
    await page.locator('#new-office-id-error').filter({ hasText: 'идентификатор sharya уже занят' }).waitFor();

    await page.getByLabel('Идентификатор').fill('sharya-2');
    await page.getByRole('button', { name: 'Завести отдел' }).click();
    const saved = page.getByRole('status').filter({ hasText: 'Сохранено: «Шарьинское отделение, второй зал».' });
    await saved.waitFor();
    expect(await saved.textContent()).toContain('npm run hub -- offices add sharya-2');
    expect(await page.locator('tr[data-office="sharya-2"]').textContent()).toContain('не выдан');
    expect((await currentRevision(central.ctx.sql))!.revision).toBe(before + 1);

    await page.getByRole('button', { name: 'Изменить: Шарьинское отделение, второй зал' }).click();
    await page.locator('#office-sharya-2-name').fill('Шарьинское отделение, зал на Вокзальной');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Сохранено: «Шарьинское отделение, зал на Вокзальной».' }).waitFor();
    expect(central.ctx.offices.find('sharya-2')?.name).toBe('Шарьинское отделение, зал на Вокзальной');

    const row = page.locator('tr[data-office="sharya-2"]');
    await row.getByRole('button', { name: 'Закрыть' }).click();
    await row.getByRole('button', { name: 'Да, закрыть' }).click();
    await page.getByRole('status').filter({ hasText: 'закрыт: киоски и плакаты его больше не предлагают' }).waitFor();
    expect(await row.textContent()).toContain('закрыт ');
    expect(await row.getByRole('button', { name: 'Открыть снова' }).count()).toBe(1);
    expect(central.ctx.offices.find('sharya-2')?.closedAt).not.toBeNull();
    expect((await currentRevision(central.ctx.sql))!.revision).toBe(before + 3);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on an office hub with a central: read-only, with the way to the central', { timeout: 60_000 }, async () => {
    const admin = await staffSession(office, 'office-page-admin', [{ role: 'admin' }]);
    const context = await browserAs(browser, office.url, admin, VIEW);
    const page = await context.newPage();
    await page.goto(`${office.url}/offices`);
    const note = page.locator('[data-edited-at-central]');
    await note.waitFor();
    expect(await note.textContent()).toContain('Справочник отделов изменяется на центральном сборщике');
    expect(await note.getByRole('link').getAttribute('href')).toBe(`${centralUrl}/offices`);
    await expect.poll(() => page.locator('tr[data-office]').count()).toBe(25);
    expect(await page.getByRole('button').filter({ hasText: /Новый отдел|Изменить|Закрыть/ }).count()).toBe(0);
    expect(await axeFindings(page)).toEqual([]);
    await context.close();
  });
});

describe('«Забыли пароль?» on an office hub with a central', () => {
  it('shows the central’s login page to ask at, not a request form', { timeout: 60_000 }, async () => {
    const context = await browser.newContext(VIEW);
    const page = await context.newPage();
    await page.goto(`${office.url}/login`);
    await page.getByRole('button', { name: 'Забыли пароль?' }).click();
    const ask = page.locator('#forgot-at-central');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('Пароли сотрудников задаются на центральном сборщике');
    expect(await ask.getByRole('link').getAttribute('href')).toBe(`${centralUrl}/login`);
    expect(await page.getByRole('button', { name: 'Попросить новый пароль' }).count()).toBe(0);
    expect(await axeFindings(page)).toEqual([]);

    // On the central itself the request form is still there.
    await page.goto(`${central.url}/login`);
    await page.getByRole('button', { name: 'Забыли пароль?' }).click();
    await page.getByRole('button', { name: 'Попросить новый пароль' }).waitFor();
    await context.close();
  });
});
