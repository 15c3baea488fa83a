import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/server.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';
import { browserAs, staffSession } from './support/staff-session.ts';
import { axe, STAFF_VIEW } from './support/axe.ts';

/**
 * Issue 18 in Chromium: a clerk of the Шарья office hub transcribes a book-of-reviews entry
 * through the form (an empty text is refused beside its field), lands on the entry's page with
 * its five-day due date, and finds it in «Реестр обращений»; the office head records measures.
 * axe finds no serious or critical problem on the three pages.
 */
let hub: RunningHub;
let browser: Browser;
beforeAll(async () => {
  await ensureStaffAppBuilt();
  ({ hub } = await startFixtureHub({ fixture: false, env: { ROLE: 'office', OFFICE_ID: 'sharya' } }));
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const VIEW = STAFF_VIEW;

describe('the register in Chromium', () => {
  it('a book-of-reviews entry typed through the form appears in the register', { timeout: 300_000 }, async () => {
    const findings: string[] = [];
    const errors: string[] = [];
    const clerk = await staffSession(hub, 'clerk', [{ role: 'staff', officeId: 'sharya' }]);
    const context = await browserAs(browser, hub.url, clerk, VIEW);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${hub.url}/staff`);
    await page.getByRole('link', { name: 'Реестр обращений' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Реестр обращений' }).waitFor();
    await page.getByText('Нет записей по этим условиям.').waitFor();
    await page.getByRole('link', { name: 'Новая запись' }).click();
    await page.getByRole('heading', { level: 1, name: 'Новая запись в реестре' }).waitFor();

    await page.getByRole('button', { name: 'Сохранить запись' }).click();
    await expect.poll(() => page.locator('#entry-summary-error').textContent()).toBe('Перепишите текст записи');
    await page.getByLabel('Дата записи в книге').fill('2026-12-01');
    await page.getByLabel('Текст записи в книге').fill('Специалист в окне 2 не объяснил, какие нужны документы');
    await page.getByLabel('Тема').selectOption('staff-conduct');
    await page.getByLabel(/Автор оставил адрес/).check();
    await page.getByRole('button', { name: 'Сохранить запись' }).click();
    await expect.poll(() => page.locator('#entry-address-error').textContent()).toBe('Перепишите адрес, который оставил автор');
    await page.getByLabel('Адрес для ответа').fill('г. Шарья, ул. Октябрьская, 10, кв. 3');
    await axe(page, findings);
    await page.getByRole('button', { name: 'Сохранить запись' }).click();

    await page.getByRole('heading', { level: 1, name: 'Запись реестра обращений' }).waitFor();
    await expect.poll(() => page.locator('#entry-dues').textContent()).toContain('письменный ответ автору (5 дней): до 07.12.2026');
    expect(await page.locator('#entry-status').textContent()).toBe('новое');
    await axe(page, findings);
    // The clerk is of the office concerned: the author's address is shown on request (and audited).
    await page.getByRole('button', { name: /Показать данные автора/ }).click();
    await expect.poll(() => page.locator('#entry-author').textContent()).toContain('ул. Октябрьская');

    await page.getByRole('link', { name: '← К реестру' }).click();
    const row = page.locator('#register-table tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('Специалист в окне 2');
    expect(await row.first().textContent()).toContain('Книга отзывов и предложений');
    expect(await page.locator('#register-table').textContent()).not.toContain('Октябрьская');
    await axe(page, findings);
    // Searching the words: two letters are refused beside the field; a part of a word finds the entry.
    await page.getByLabel('Слова в записи').fill('ок');
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect.poll(() => page.locator('#register-q-error').textContent()).toContain('Не короче трёх букв');
    await axe(page, findings);
    await page.getByLabel('Слова в записи').fill('документ');
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect.poll(() => page.locator('#register-q-error').count()).toBe(0);
    await expect.poll(() => row.count()).toBe(1);
    await page.getByLabel('Слова в записи').fill('пенсия');
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect.poll(() => page.locator('#register-table').count()).toBe(0);

    // The office head records the measures taken.
    const head = await staffSession(hub, 'head', [{ role: 'office-head', officeId: 'sharya' }]);
    const headContext = await browserAs(browser, hub.url, head, VIEW);
    const headPage = await headContext.newPage();
    await headPage.goto(`${hub.url}/register`);
    await headPage.getByRole('link', { name: /Специалист в окне 2/ }).click();
    await headPage.getByRole('button', { name: 'Приняты меры' }).click();
    await headPage.getByLabel('Принятые меры').fill('Проведена беседа со специалистом, памятка о документах у окна');
    await headPage.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => headPage.locator('#entry-status').textContent()).toBe('меры приняты');
    expect(await headPage.locator('#entry-history').textContent()).toContain('Проведена беседа');

    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
    await headContext.close();
    await context.close();
  });

  it('the information sector types a social-network poll; its errors are shown beside the fields', { timeout: 300_000 }, async () => {
    const findings: string[] = [];
    const errors: string[] = [];
    const press = await staffSession(hub, 'press', [{ role: 'info' }]);
    const context = await browserAs(browser, hub.url, press, VIEW);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hub.url}/register/new`);
    await page.getByRole('heading', { level: 1, name: 'Новая запись в реестре' }).waitFor();
    // Only its own channels are offered, the poll first.
    await expect.poll(() => page.locator('#entry-channel option').allTextContents()).toEqual(['Опрос в социальных сетях', 'Отзыв на открытом ресурсе']);
    expect(await page.locator('fieldset').count()).toBe(0);

    await page.getByLabel('Ссылка на публикацию').fill('vk.com/wall-1_100');
    await page.getByRole('button', { name: 'Сохранить запись' }).click();
    await expect.poll(() => page.locator('#entry-link-error').textContent()).toBe('Ссылка должна начинаться с https:// или http://');
    expect(await page.locator('#entry-question-error').textContent()).toBe('Перепишите вопрос опроса');
    await page.getByLabel('Ссылка на публикацию').fill('https://vk.com/wall-1_100');
    await page.getByLabel('Площадка').fill('ВКонтакте');
    await page.getByLabel('Дата опроса').fill('2026-12-01');
    await page.getByLabel('Вопрос опроса').fill('Удобен ли вам график работы центра?');
    await page.getByLabel('Результаты опроса').fill('да — 40\nнет — 12');
    await page.getByLabel('Выводы по опросу (кратко)').fill('Большинство подписчиков довольно графиком');
    await page.getByLabel('Тон').selectOption('positive');
    await axe(page, findings);
    await page.getByRole('button', { name: 'Сохранить запись' }).click();

    await page.getByRole('heading', { level: 1, name: 'Запись реестра обращений' }).waitFor();
    expect(await page.locator('#entry-link').getAttribute('href')).toBe('https://vk.com/wall-1_100');
    expect(await page.locator('#entry-results').textContent()).toContain('нет — 12');
    await axe(page, findings);
    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
