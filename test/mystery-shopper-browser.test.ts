import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moscowDay } from '../shared/periods.ts';
import type { RunningHub } from '../hub/server.ts';
import { launchChromium } from './support/chromium.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';
import { browserAs, staffSession } from './support/staff-session.ts';
import { axe, STAFF_VIEW } from './support/axe.ts';

/**
 * The mystery shopper in Chromium on a real central: the CX analyst makes a template (the form
 * names what is missing beside each field), records a visit with the score computed as she marks,
 * attaches a photo, approves the report and opens the справка, which prints without the controls
 * and without the shopper's pseudonym. axe finds no serious problem on any of the pages.
 */
let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  await ensureStaffAppBuilt();
  ({ hub } = await startFixtureHub({ fixture: false, env: { ROLE: 'central' } }));
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const VIEW = STAFF_VIEW;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('снимок-очереди')]);

describe('the mystery shopper in Chromium', () => {
  it('a template, a visit with a photo, the approved report and its справка', { timeout: 300_000 }, async () => {
    const findings: string[] = [];
    const errors: string[] = [];
    const cx = await staffSession(hub, 'cx-analyst', [{ role: 'cx' }]);
    const context = await browserAs(browser, hub.url, cx, VIEW);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${hub.url}/staff`);
    await page.getByRole('link', { name: 'Тайный клиент' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Тайный клиент' }).waitFor();
    await page.getByText('Анкет пока нет.').waitFor();
    await axe(page, findings);

    // The template: what is missing is said beside each field before anything is sent.
    await page.getByRole('link', { name: 'Новая анкета' }).click();
    await page.getByRole('button', { name: 'Сохранить анкету' }).click();
    await expect.poll(() => page.locator('#ms-name-error').textContent()).toBe('название анкеты: не заполнено');
    expect(await page.locator('#crit-0-text-error').textContent()).toBe('критерий: не заполнено');
    await page.getByLabel('Название анкеты').fill('Консультация по пособию');
    await page.getByLabel('Цели и задачи исследования').fill('Проверить полноту консультации о пособии');
    await page.getByLabel('Сценарий взаимодействия').fill('Клиент спрашивает, какие документы нужны для пособия');
    await page.getByLabel('Раздел 1').fill('Встреча');
    await page.getByLabel('Критерий 1', { exact: true }).fill('Поздоровался и представился');
    await page.getByLabel('Вес критерия 1').fill('2');
    await page.getByRole('button', { name: 'Добавить критерий' }).click();
    await page.getByLabel('Раздел 2').fill('Консультация');
    await page.getByLabel('Критерий 2', { exact: true }).fill('Назвал все документы');
    await page.getByLabel('Вес критерия 2').fill('11');
    await page.getByRole('button', { name: 'Сохранить анкету' }).click();
    await expect.poll(() => page.locator('#crit-1-weight-error').textContent()).toBe('вес: от 1 до 10');
    await page.getByLabel('Вес критерия 2').fill('8');
    await page.getByRole('button', { name: 'Сохранить анкету' }).click();
    await page.getByText('Анкета сохранена.').waitFor();
    await axe(page, findings);

    // The visit: the score as the marks are set, errors beside the criterion left unmarked.
    await page.goto(`${hub.url}/mystery-shopper`);
    await page.getByRole('link', { name: 'Записать визит' }).click();
    await page.getByLabel('Отдел, который посетил тайный клиент').selectOption('sharya');
    // Yesterday at 10:40, whatever the hour the test runs at (a time later today is refused).
    await page.getByLabel('Дата визита').fill(moscowDay(Date.now() - 86_400_000));
    await page.getByLabel('Время визита').fill('10:40');
    await page.getByLabel('Псевдоним тайного клиента').fill('Клиент-7');
    await page.locator('#mark-0').getByLabel('выполнено', { exact: true }).check();
    await expect.poll(() => page.locator('#ms-live-score').textContent()).toContain('100,0 %');
    await page.getByRole('button', { name: 'Сохранить визит' }).click();
    await expect.poll(() => page.locator('#mark-1-error').textContent()).toBe('отметьте: выполнено, частично, не выполнено или не применимо');
    expect(await page.locator('#ms-conclusions-error').textContent()).toBe('выводы: не заполнено');
    await page.locator('#mark-1').getByLabel('частично').check();
    // (2·1 + 8·0.5) / 10 = 60 %
    await expect.poll(() => page.locator('#ms-live-score').textContent()).toContain('60,0 %');
    await page.getByLabel('Примечание к критерию 2').fill('не назвал справку о доходах');
    await page.getByLabel('Выводы аналитика').fill('Консультация неполная');
    await axe(page, findings);
    await page.getByRole('button', { name: 'Сохранить визит' }).click();
    await page.locator('#ms-visit-score').getByText('60,0 %').waitFor();
    expect(await page.locator('#ms-visit-shopper').textContent()).toContain('Клиент-7');

    // A photo; then the report approved, after which nothing is attached or removed.
    await page.getByLabel('Приложить файл').setInputFiles({ name: 'Очередь у окна.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('#ms-files').getByRole('link', { name: 'Очередь у окна.png' }).waitFor();
    await axe(page, findings);
    await page.getByRole('button', { name: 'Утвердить отчёт' }).click();
    await page.getByRole('button', { name: 'Утвердить', exact: true }).click();
    await expect.poll(() => page.locator('#ms-visit-state').textContent()).toMatch(/^утверждён, /);
    expect(await page.getByLabel('Приложить файл').count()).toBe(0);
    const entry = await page.locator('#ms-register-link').getAttribute('href');
    expect(entry).toMatch(/^\/register\//);

    // The справка: the visit, its office's score, the weakest criterion; no pseudonym; printed without the controls.
    await page.getByRole('link', { name: 'Справка по отделу за месяц визита' }).click();
    await page.getByRole('heading', { level: 2, name: 'Справка о проведённом мероприятии «Тайный клиент»' }).waitFor();
    const report = page.locator('#ms-report-document');
    await expect.poll(() => page.locator('#ms-report-visits tbody').textContent()).toContain('60,0 %');
    expect(await page.locator('#ms-report-weakest').textContent()).toContain('Назвал все документы');
    expect(await report.textContent()).toContain('Проверить полноту консультации о пособии');
    expect(await page.locator('body').textContent()).not.toContain('Клиент-7');
    await axe(page, findings);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ms-report-controls').isVisible()).toBe(false);
    expect(await page.locator('nav.sections').isVisible()).toBe(false);
    expect(await report.isVisible()).toBe(true);
    await context.close();

    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
  });
});
