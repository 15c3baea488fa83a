import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/server.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';
import { browserAs, staffSession } from './support/staff-session.ts';

/**
 * Dates on the staff screens speak Russian in an English-speaking browser (issue 14): the register's
 * filter and the new entry's date are typed as ДД.ММ.ГГГГ, with that format in their labels, never a
 * native date input (which an English Chromium shows as mm/dd/yyyy); a wrong date is said beside its
 * field; the hotline's moment is a date and a time (ЧЧ:ММ), and the entry saved keeps them.
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

const ENGLISH = { viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Moscow' };
const today = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());

async function seriousAxe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
const nativeDateInputs = (page: Page) => page.locator('input[type=date], input[type=datetime-local], input[type=month], input[type=week]').count();

describe('dates in Russian in an English browser', () => {
  it('the register filter and the new entry take ДД.ММ.ГГГГ, say a wrong date beside the field, and keep the hotline call time', { timeout: 180_000 }, async () => {
    const clerk = await staffSession(hub, 'date-clerk', [{ role: 'staff', officeId: 'sharya' }]);
    const context = await browserAs(browser, hub.url, clerk, ENGLISH);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');

    await page.goto(`${hub.url}/register`);
    await page.getByRole('heading', { level: 1, name: 'Реестр обращений' }).waitFor();
    const from = page.getByLabel('Поступило с (ДД.ММ.ГГГГ)');
    const to = page.getByLabel('по (ДД.ММ.ГГГГ)', { exact: true });
    // The screen is drawn after its chunk loads: count the native inputs once its fields are there.
    await from.waitFor();
    expect(await nativeDateInputs(page)).toBe(0);
    await from.fill('01.12.2026');
    await to.fill('30.11.2026');
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect.poll(() => page.locator('#register-to-error').textContent()).toBe('Конец периода раньше начала');
    await to.fill('31.11.2026');
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect.poll(() => page.locator('#register-to-error').textContent()).toBe('Введите дату как ДД.ММ.ГГГГ, например 01.12.2026');
    expect(await to.getAttribute('aria-describedby')).toContain('register-to-error');
    // The ISO form is taken too (what a test or a paste types) and is shown in Russian once the field is left.
    await to.fill('2026-12-31');
    await to.blur();
    expect(await to.inputValue()).toBe('31.12.2026');
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect.poll(() => page.locator('#register-to-error').count()).toBe(0);
    await page.getByText('Нет записей по этим условиям.').waitFor();
    expect(await seriousAxe(page)).toEqual([]);

    await page.goto(`${hub.url}/register/new`);
    await page.getByRole('heading', { level: 1, name: 'Новая запись в реестре' }).waitFor();
    const day = page.getByLabel('Дата записи в книге (ДД.ММ.ГГГГ)');
    await day.waitFor();
    expect(await nativeDateInputs(page)).toBe(0);
    expect(await day.inputValue()).toBe(today);
    await day.fill('01.01.2999');
    await page.getByLabel('Текст записи в книге').fill('Просили повесить расписание на двери');
    await page.getByRole('button', { name: 'Сохранить запись' }).click();
    await expect.poll(() => page.locator('#entry-receivedOn-error').textContent()).toBe('Дата не может быть позже сегодняшней');
    expect(await seriousAxe(page)).toEqual([]);

    // The hotline: the date and the time of the call, each in Russian, stored as Moscow time.
    await page.getByLabel('Откуда запись').selectOption('hotline');
    await page.getByLabel('Дата звонка (ДД.ММ.ГГГГ)').waitFor();
    expect(await nativeDateInputs(page)).toBe(0);
    await page.getByLabel('Дата звонка (ДД.ММ.ГГГГ)').fill(today);
    await page.getByLabel('Время звонка, московское (ЧЧ:ММ)').fill('9:5');
    await page.getByLabel('Кратко о звонке').fill('Спрашивали про пособие');
    await page.getByRole('button', { name: 'Сохранить запись' }).click();
    await expect.poll(() => page.locator('#entry-calledAt-error').textContent()).toBe('Укажите дату как ДД.ММ.ГГГГ и время как ЧЧ:ММ');
    expect(await page.locator('#entry-calledAt-time-error').textContent()).toBe('Введите время как ЧЧ:ММ, например 09:30');
    await page.getByLabel('Время звонка, московское (ЧЧ:ММ)').fill('9:05');
    await page.getByRole('button', { name: 'Сохранить запись' }).click();
    await page.getByRole('heading', { level: 1, name: 'Запись реестра обращений' }).waitFor();
    const stored = hub.ctx.db.prepare("SELECT body FROM register_event WHERE step = 'opened' ORDER BY rowid DESC LIMIT 1").pluck().get() as string | undefined;
    const [dd, mm, yyyy] = today.split('.');
    expect(stored).toContain(`"calledAt":"${yyyy}-${mm}-${dd}T06:05:00.000Z"`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
