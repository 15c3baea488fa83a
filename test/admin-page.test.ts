import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureHub } from './support/fixture-hub.ts';
import type { RunningHub } from '../hub/server.ts';
import { browserAs, staffSession } from './support/staff-session.ts';
import { createUser, findUserByLogin } from '../hub/staff/users.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';

/**
 * The admin page in Chromium, as an administrator uses it: the staff list, a new user with a
 * one-time setup link, a device pairing code, the refused-records and audit sections. The staff
 * app's admin screen talks to the JSON API with the session's CSRF token. An existing user's roles
 * change from the list (every role offered, the information sector included); the last
 * administrator keeps the role, and the page says why.
 */
let browser: Browser;
let hub: RunningHub;

beforeAll(async () => {
  await ensureStaffAppBuilt();
  ({ hub } = await startFixtureHub({ env: { ROLE: 'office', OFFICE_ID: 'sharya' }, fixture: false }));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

describe('the admin page', () => {
  it('creates a user with a setup link, makes a pairing code, and shows refused records and the audit log', { timeout: 60_000 }, async () => {
    const admin = await staffSession(hub, 'admin-page', [{ role: 'admin' }]);
    const context = await browserAs(browser, hub.url, admin, { viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${hub.url}/admin`);
    await page.getByRole('heading', { name: 'Сотрудники' }).waitFor();
    // The heading is drawn before the user list arrives: wait for the row, not for a count.
    await page.getByRole('cell', { name: 'admin-page' }).first().waitFor();

    await page.getByLabel('Логин').fill('head-sharya');
    await page.getByLabel('Имя и должность').fill('Начальник Шарьинского отделения');
    await page.getByLabel('Роль').selectOption('office-head');
    await page.getByLabel('Отдел (для начальника и сотрудника отдела)').selectOption('sharya');
    await page.getByRole('button', { name: 'Создать и получить ссылку' }).click();
    await page.getByRole('status').filter({ hasText: 'Создан head-sharya' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: '/setup/' }).count()).toBe(1);

    await page.getByLabel('Идентификатор (латиница), например sharya-kiosk-1').fill('sharya-kiosk-2');
    await page.getByLabel('Название').fill('Киоск в зале');
    await page.getByRole('button', { name: 'Получить код привязки' }).click();
    await page.getByRole('status').filter({ hasText: 'Код привязки' }).waitFor();

    await page.getByRole('heading', { name: 'Непринятые записи' }).waitFor();
    await page.getByRole('heading', { name: /Журнал аудита/ }).waitFor();
    // The audit log says what happened in words; the code is one click away in the row's raw record.
    const created = page.getByRole('row').filter({ has: page.locator('td[data-action="user.create"]') });
    await expect.poll(() => created.count()).toBe(1);
    expect(await created.getByRole('cell', { name: 'Заведён сотрудник' }).count()).toBe(1);
    expect(await created.textContent()).toContain('роли: Начальник отдела / отделения — Шарьинское отделение');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('offers every role and changes an existing user\'s roles, keeping the last administrator', { timeout: 60_000 }, async () => {
    await createUser(hub.ctx.sql, { login: 'roles-clerk', displayName: 'Смирнова Е. В., специалист', roles: [{ role: 'staff', officeId: 'sharya' }] }, Date.now());
    const admin = await staffSession(hub, 'admin-page', [{ role: 'admin' }]);
    const context = await browserAs(browser, hub.url, admin, { viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${hub.url}/admin`);
    // The form is drawn by the app after the page loads: wait for it before reading its options.
    await page.getByRole('cell', { name: 'roles-clerk', exact: true }).waitFor();
    const offered = await page.getByLabel('Роль').locator('option').allTextContents();
    expect(offered).toContain('Сектор информационного сопровождения');
    expect(offered).toHaveLength(7);

    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'roles-clerk', exact: true }) });
    await row.getByRole('button', { name: 'Изменить роли' }).click();
    const editor = page.locator('form.roles-editor');
    await editor.getByRole('heading', { name: 'Роли: Смирнова Е. В., специалист (roles-clerk)' }).waitFor();
    expect(await editor.getByLabel('Сотрудник отдела', { exact: true }).isChecked()).toBe(true);
    expect(await editor.getByLabel('Отдел для роли «Сотрудник отдела»').inputValue()).toBe('sharya');
    const axe = await new AxeBuilder({ page }).include('form.roles-editor').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await editor.getByLabel('Сотрудник отдела', { exact: true }).uncheck();
    await editor.getByRole('button', { name: 'Сохранить роли' }).click();
    expect(await editor.locator('#re-error').textContent()).toContain('Отметьте хотя бы одну роль');
    await editor.getByLabel('Сектор информационного сопровождения', { exact: true }).check();
    await editor.getByLabel('Начальник отдела / отделения', { exact: true }).check();
    await editor.getByLabel('Отдел для роли «Начальник отдела / отделения»').selectOption('sharya');
    await editor.getByRole('button', { name: 'Сохранить роли' }).click();
    const said = page.getByRole('status').filter({ hasText: 'Роли roles-clerk теперь:' });
    await said.waitFor();
    expect(await said.textContent()).toContain('Начальник отдела / отделения — Шарьинское отделение');
    expect(await said.textContent()).toContain('Сектор информационного сопровождения');
    expect((await findUserByLogin(hub.ctx.sql, 'roles-clerk'))?.roles).toEqual(
      expect.arrayContaining([
        { role: 'office-head', officeId: 'sharya' },
        { role: 'info', officeId: null },
      ]),
    );
    expect(await editor.count()).toBe(0);

    // The only administrator cannot take the role from themselves: the hub refuses, the form says why.
    const self = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'admin-page', exact: true }) });
    await self.getByRole('button', { name: 'Изменить роли' }).click();
    await editor.getByText('Вы меняете свои роли').waitFor();
    await editor.getByLabel('Администратор', { exact: true }).uncheck();
    await editor.getByLabel('АХО', { exact: true }).check();
    await editor.getByRole('button', { name: 'Сохранить роли' }).click();
    await editor.getByRole('alert').filter({ hasText: 'Это последний администратор' }).waitFor();
    expect((await findUserByLogin(hub.ctx.sql, 'admin-page'))?.roles).toEqual([{ role: 'admin', officeId: null }]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
