import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueOfficeKey } from '../hub/central/office-keys.ts';
import { createOfficeSyncStore } from '../hub/central/office-sync.ts';
import { registerDeviceNow } from '../hub/devices/credentials.ts';
import { heartbeat, panelStatus, press } from './support/test-records.ts';
import { FIXTURE_WEEK } from './support/known-answer-fixture.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import type { RunningHub } from '../hub/server.ts';
import { createSetupLink } from '../hub/staff/setup-links.ts';
import { findUserByLogin } from '../hub/staff/users.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';
import { browserAs, staffSession, TEST_PASSWORD } from './support/staff-session.ts';

/**
 * Every staff screen of the staff app in real Chromium: axe finds no serious or critical problem
 * on any of them (the error pages and the login, setup and password pages included), in an
 * English-speaking browser the period picker still speaks Russian, a forbidden page says so in
 * Russian with the way on, one's own password can be changed and the old one stops working,
 * «Забыли пароль?» reaches the administrator, and /central follows its offices without reloading.
 */
let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  await ensureStaffAppBuilt();
  ({ hub } = await startFixtureHub());
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const VIEW = { viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Moscow' };

async function as(login: string, roles: Parameters<typeof staffSession>[2]): Promise<{ context: BrowserContext; page: Page }> {
  const session = await staffSession(hub, login, roles);
  const context = await browserAs(browser, hub.url, session, VIEW);
  return { context, page: await context.newPage() };
}

async function axe(page: Page, view: string, findings: string[]): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
    findings.push(`${view}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }
}

describe('the staff app in Chromium', () => {
  it('axe finds no serious or critical violation on any staff page', { timeout: 600_000 }, async () => {
    // A panel computer on line with a press not counted: the board then shows its green badges and the hover reason.
    const token = await registerDeviceNow(hub.ctx, { id: 'axe-panels', officeId: 'sharya', kind: 'panel-driver', name: 'Пульты зала' }, Date.now());
    const records = [heartbeat('axe-panels', Date.now(), { panels: [panelStatus('p1', { desk: 'окно 1' })] }), press('axe-panels', 'p1', Date.now() - 2000), press('axe-panels', 'p1', Date.now() - 1000, { suppressed: 'too-soon' })];
    const ingest = await fetch(`${hub.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ records }) });
    expect(ingest.status).toBe(200);
    const findings: string[] = [];
    const problems: string[] = [];
    const { context, page } = await as('axe-admin', [{ role: 'admin' }, { role: 'cx' }, { role: 'aho' }]);
    page.on('pageerror', (e) => problems.push(e.message));
    const views: [string, string][] = [
      ['/staff', 'Рабочее место'],
      ['/dashboard?period=' + FIXTURE_WEEK, 'Показатели обратной связи'],
      ['/board', 'Пульты и киоски'],
      ['/central', 'Связь с отделами'],
      ['/admin', 'Администрирование'],
      ['/services', 'Услуги в анкете'],
      ['/alert-rules', 'Сигналы о низких оценках'],
      ['/admin/posters', 'QR-плакаты отделов'],
      ['/invite', 'Пригласить к опросу'],
      ['/account/password', 'Сменить пароль'],
      ['/no-such-page', 'Страница не найдена'],
    ];
    for (const [path, heading] of views) {
      await page.goto(`${hub.url}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForFunction(() => !document.querySelector('.state-loading'), undefined, { timeout: 20_000 });
      await axe(page, path, findings);
    }
    await context.close();
    expect(findings).toEqual([]);
    expect(problems).toEqual([]);
  });

  // axe takes seconds per page on a busy machine: generous budgets, nothing here is a timing claim.
  it('axe: the drill-down, a form showing its errors and the forbidden page', { timeout: 300_000 }, async () => {
    const findings: string[] = [];
    const { context, page } = await as('axe-admin', [{ role: 'admin' }, { role: 'cx' }, { role: 'aho' }]);
    // The dashboard with an office opened: within 1280 px even with a long service name.
    hub.ctx.db.prepare("UPDATE service SET name = 'Подбор вакансий, содействие работодателям в подборе необходимых работников и организация временного трудоустройства' WHERE id = 'vacancies'").run();
    await page.goto(`${hub.url}/dashboard?period=${FIXTURE_WEEK}`);
    await page.locator('#figures tr[data-office="sharya"] button').click();
    await page.locator('#drill[data-office="sharya"] #drill-services').waitFor();
    expect(await page.evaluate(() => Math.max(...[...document.querySelectorAll('#drill table')].map((t) => t.getBoundingClientRect().right)))).toBeLessThanOrEqual(1280);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await axe(page, 'dashboard drill', findings);
    // A rule on /alert-rules is one sentence on one line at 1280 px.
    await page.goto(`${hub.url}/alert-rules`);
    const sentence = page.locator('li.rule .sentence').first();
    expect((await sentence.boundingBox())!.height).toBeLessThan(60);
    await page.goto(`${hub.url}/admin`);
    await page.getByRole('button', { name: 'Создать и получить ссылку' }).click();
    await page.getByText('Введите логин').waitFor();
    await axe(page, 'admin form errors', findings);
    // A forbidden page, seen by a clerk.
    const clerk = await as('axe-clerk', [{ role: 'staff', officeId: 'sharya' }]);
    await clerk.page.goto(`${hub.url}/admin`);
    await clerk.page.getByRole('heading', { level: 1, name: 'Нет доступа' }).waitFor();
    await axe(clerk.page, 'forbidden', findings);
    await clerk.context.close();
    await context.close();
    expect(findings).toEqual([]);
  });

  it('axe: the pages of someone not logged in (login with errors, setup, a refused link)', { timeout: 300_000 }, async () => {
    const findings: string[] = [];
    await staffSession(hub, 'axe-clerk', [{ role: 'staff', officeId: 'sharya' }]);
    // Pages for someone not logged in.
    const anonymous = await browser.newContext(VIEW);
    const visitor = await anonymous.newPage();
    await visitor.goto(`${hub.url}/login`);
    await visitor.getByRole('button', { name: 'Войти' }).click();
    await visitor.getByText('Введите логин').waitFor();
    await axe(visitor, 'login with errors', findings);
    const user = (await findUserByLogin(hub.ctx.sql, 'axe-clerk'))!;
    await visitor.goto(`${hub.url}/setup/${await createSetupLink(hub.ctx.sql, user.id, Date.now())}`);
    await visitor.getByRole('heading', { level: 1, name: 'Задать пароль' }).waitFor();
    await axe(visitor, 'setup', findings);
    // Setting the password lands on the login page, which says it worked.
    await visitor.getByLabel('Новый пароль').fill('тихая-река-в-шарье-2026');
    await visitor.getByLabel('Ещё раз').fill('тихая-река-в-шарье-2026');
    await visitor.getByRole('button', { name: 'Сохранить пароль' }).click();
    await visitor.getByRole('status').filter({ hasText: 'Пароль задан' }).waitFor();
    expect(new URL(visitor.url()).pathname).toBe('/login');
    await axe(visitor, 'login after setting a password', findings);
    await visitor.goto(`${hub.url}/setup/unknown-token`);
    await visitor.getByText('Такой ссылки нет.').waitFor();
    await axe(visitor, 'setup link refused', findings);
    await anonymous.close();
    expect(findings).toEqual([]);
  });

  it('an English-speaking browser still gets Russian: period labels, week list, no native week field', async () => {
    const { context, page } = await as('english-cx', [{ role: 'cx' }]);
    await page.goto(`${hub.url}/dashboard?period=${FIXTURE_WEEK}`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('input[type=week], input[type=month], input[type=date]').count()).toBe(0);
    expect(await page.locator('#period-week option:checked').textContent()).toBe('23.11–29.11.2026, 48-я неделя');
    await page.selectOption('#period-kind', 'month');
    expect(await page.locator('#period-month option').first().textContent()).toBe('январь');
    await page.selectOption('#period-kind', 'custom');
    await page.getByLabel('с (ДД.ММ.ГГГГ)').fill('31.02.2026');
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.getByText('Введите дату как ДД.ММ.ГГГГ, например 01.11.2026').waitFor();
    await page.getByLabel('с (ДД.ММ.ГГГГ)').fill('01.11.2026');
    await page.getByLabel('по (ДД.ММ.ГГГГ)').fill('30.11.2026');
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect.poll(() => page.locator('#period-label').textContent()).toBe('01.11.2026–30.11.2026');
    // The trend's axis and table name periods in Russian, never «W48».
    await page.locator('#trend-chart details summary').click();
    expect((await page.locator('#trend-chart details tbody').textContent()) ?? '').not.toMatch(/W\d/);
    await context.close();
  });

  it('on a 390 px phone no staff page scrolls sideways (wide tables scroll in their own box)', { timeout: 120_000 }, async () => {
    const session = await staffSession(hub, 'phone-admin', [{ role: 'admin' }, { role: 'cx' }, { role: 'aho' }]);
    const context = await browserAs(browser, hub.url, session, { viewport: { width: 390, height: 844 }, locale: 'ru-RU', isMobile: true });
    const page = await context.newPage();
    const wide: string[] = [];
    for (const path of [`/dashboard?period=${FIXTURE_WEEK}`, '/board', '/central', '/admin', '/services', '/alert-rules', '/invite', '/staff']) {
      await page.goto(`${hub.url}${path}`);
      await page.waitForFunction(() => document.querySelector('main h1') && !document.querySelector('.state-loading'), undefined, { timeout: 20_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) wide.push(`${path}: ${overflow} px`);
    }
    expect(wide).toEqual([]);
    await context.close();
  });

  it('a clerk opening the admin page meets a Russian «нет доступа» page with their own pages and «Выйти»', async () => {
    const { context, page } = await as('forbidden-clerk', [{ role: 'staff', officeId: 'sharya' }]);
    const response = await page.goto(`${hub.url}/admin`);
    expect(response?.status()).toBe(403);
    await page.getByRole('heading', { level: 1, name: 'Нет доступа' }).waitFor();
    // The heading is the frame's; the words come with the screen's own chunk a moment later.
    await page.getByText('У ваших ролей нет доступа к этой странице').waitFor();
    expect(await page.locator('.who-roles').textContent()).toBe('Сотрудник отдела — Шарьинское отделение');
    expect(await page.getByRole('button', { name: 'Выйти' }).count()).toBe(1);
    await page.getByRole('link', { name: 'на рабочее место' }).click();
    await page.getByRole('heading', { level: 1, name: 'Рабочее место' }).waitFor();
    // The central has no invitations: a clerk's start page there lists only what the hub has (the register of appeals, issue 18; the phone survey).
    expect(await page.locator('nav.sections a').allTextContents()).toEqual(['Реестр обращений', 'Телефонный опрос']);
    await context.close();
  });

  it('changes one\'s own password: checks beside the fields, ends the sessions, the new password logs in and the old one does not', { timeout: 60_000 }, async () => {
    const { context, page } = await as('changer', [{ role: 'director' }]);
    await page.goto(`${hub.url}/account/password`);
    await page.getByLabel('Текущий пароль').fill('не тот пароль');
    await page.getByLabel('Новый пароль', { exact: true }).fill('1234567890');
    await page.getByLabel('Новый пароль ещё раз').fill('1234567890');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByText('Не подходит: пароль — ряд клавиш или цифр подряд').waitFor();
    const fresh = 'Утро над Волгой 2026';
    await page.getByLabel('Новый пароль', { exact: true }).fill(fresh);
    await page.getByLabel('Новый пароль ещё раз').fill(fresh);
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByText('Текущий пароль неверен').waitFor();
    await page.getByLabel('Текущий пароль').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByText('Пароль изменён.').waitFor();
    await page.getByRole('link', { name: 'Войти с новым паролем' }).click();
    await page.getByLabel('Логин').fill('changer');
    await page.getByLabel('Пароль').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByText('Неверный логин или пароль.').waitFor();
    await page.getByLabel('Логин').fill('changer');
    await page.getByLabel('Пароль').fill(fresh);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { level: 1, name: 'Рабочее место' }).waitFor();
    await context.close();
  });

  it('«Забыли пароль?» leaves a request the administrator answers with a one-time link', { timeout: 60_000 }, async () => {
    await staffSession(hub, 'forgetful', [{ role: 'cx' }]);
    const anonymous = await browser.newContext(VIEW);
    const page = await anonymous.newPage();
    await page.goto(`${hub.url}/login`);
    await page.getByRole('button', { name: 'Забыли пароль?' }).click();
    await page.getByLabel('Ваш логин').fill('forgetful');
    await page.getByRole('button', { name: 'Попросить новый пароль' }).click();
    await page.getByText('Просьба передана.').waitFor();
    await anonymous.close();
    const admin = await as('reset-admin', [{ role: 'admin' }]);
    await admin.page.goto(`${hub.url}/admin`);
    await admin.page.getByRole('heading', { name: 'Просят новый пароль' }).waitFor();
    await admin.page.getByRole('button', { name: 'Выдать ссылку для пароля' }).click();
    await admin.page.getByRole('status').filter({ hasText: 'Ссылка для forgetful' }).waitFor();
    expect(await admin.page.getByRole('status').filter({ hasText: '/setup/' }).count()).toBe(1);
    await admin.context.close();
  });

  it('the users form starts from the least role and says what is wrong beside the field', async () => {
    const { context, page } = await as('form-admin', [{ role: 'admin' }]);
    await page.goto(`${hub.url}/admin`);
    expect(await page.getByLabel('Роль').inputValue()).toBe('staff');
    await page.getByLabel('Логин').fill('иванова');
    await page.getByRole('button', { name: 'Создать и получить ссылку' }).click();
    const error = page.locator('#nu-login-error');
    expect(await error.textContent()).toBe('Логин пишется латиницей: например, ivanova или i.ivanova');
    expect(await page.getByLabel('Логин').getAttribute('aria-describedby')).toContain('nu-login-error');
    await context.close();
  });

  it('/central follows its offices in place, without reloading the page', { timeout: 60_000 }, async () => {
    await issueOfficeKey(hub.ctx.sql, hub.ctx.offices.find('sharya'), Date.now());
    const { context, page } = await as('central-viewer', [{ role: 'aho' }]);
    await page.goto(`${hub.url}/central`);
    const row = page.locator('#offices tr[data-office="sharya"]');
    await expect.poll(() => row.locator('td').first().textContent()).toBe('ещё не подключался');
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    createOfficeSyncStore(hub.ctx.db).record({ officeId: 'sharya', keyId: 'k', now: Date.now(), oldestReceivedAt: null, stored: 12, backlog: 0, backlogOldestAt: null });
    await expect.poll(() => row.locator('td').first().textContent(), { timeout: 25_000 }).toBe('на связи');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    await context.close();
  });
});
