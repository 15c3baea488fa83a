import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posterSurveyPath } from '../hub/invitations/links.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import type { RunningHub } from '../hub/server.ts';
import { poll, storedResponses, takeSurvey } from './support/kiosk-harness.ts';
import { ensureKioskBuilt } from './support/kiosk-build.ts';
import { browserAs, staffSession } from './support/staff-session.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';

/**
 * The CX sector's settings pages in Chromium, through the real forms: the survey's service list (a
 * phone opening the office's poster link on the central is then asked about those services: the
 * renamed and the new one, not the one switched off) and the low-score alert rules.
 */
let browser: Browser;
let hub: RunningHub;

beforeAll(async () => {
  await ensureKioskBuilt();
  await ensureStaffAppBuilt();
  ({ hub } = await startFixtureHub({ fixture: false }));
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

describe('services in the survey', () => {
  it('the CX sector renames, adds and switches off services; a phone survey then offers exactly the active ones', { timeout: 90_000 }, async () => {
    const cx = await staffSession(hub, 'cx-services', [{ role: 'cx' }]);
    const context = await browserAs(browser, hub.url, cx, { viewport: { width: 1200, height: 900 }, locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${hub.url}/services`);
    await page.getByLabel('Название услуги 2').fill('Подбор вакансий и работодателей');
    await page.getByLabel('Показывать услугу 8 в анкете').uncheck();
    await page.getByRole('button', { name: 'Добавить услугу' }).click();
    await page.getByLabel('Название услуги 9').fill('Выплата стипендии на обучении');
    await page.getByRole('button', { name: 'Поднять услугу 9' }).click();
    await page.getByRole('button', { name: 'Сохранить список' }).click();
    await page.getByRole('status').filter({ hasText: 'Сохранено: 8 услуг' }).waitFor();

    const api = (await (await cx.fetch('/api/services')).json()) as { services: { name: string; active: boolean }[] };
    expect(api.services.filter((s) => s.active).map((s) => s.name)).toEqual([
      'Регистрация в целях поиска подходящей работы',
      'Подбор вакансий и работодателей',
      'Пособие по безработице',
      'Профессиональное обучение и дополнительное образование',
      'Профориентация',
      'Содействие началу собственного дела',
      'Содействие работодателям в подборе работников',
      'Выплата стипендии на обучении',
    ]);
    // moved above «Другое», which stays in the list, switched off
    expect(api.services.map((s) => s.name).slice(-2)).toEqual(['Выплата стипендии на обучении', 'Другое']);
    expect(api.services.find((s) => s.name === 'Другое')?.active).toBe(false);

    // A client's phone: the office poster's link on the central.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ru-RU', isMobile: true, hasTouch: true });
    const survey = await phone.newPage();
    await survey.goto(`${hub.url}${posterSurveyPath('sharya')}`);
    await survey.getByRole('button', { name: 'Начать опрос' }).waitFor();
    await takeSurvey(survey, { scores: [5, 4, 5, 4, 9], service: 'Выплата стипендии на обучении' });
    expect(await survey.getByRole('button', { name: 'Другое' }).count()).toBe(0);
    const stored = await poll('the phone answer at the central', () => storedResponses(hub), (rows) => rows.length === 1);
    const serviceId = stored[0]?.service_id;
    expect((hub.ctx.db.prepare('SELECT name FROM service WHERE id = ?').get(serviceId) as { name: string } | undefined)?.name).toBe('Выплата стипендии на обучении');
    await phone.close();
    await context.close();
  });

  it('the CX sector edits the low-score alert rules on their page', { timeout: 60_000 }, async () => {
    const cx = await staffSession(hub, 'cx-alerts', [{ role: 'cx' }]);
    const context = await browserAs(browser, hub.url, cx, { viewport: { width: 1200, height: 900 }, locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${hub.url}/alert-rules`);
    await page.getByLabel('Правило 1: за последние, минут').fill('45');
    await page.getByRole('button', { name: 'Добавить правило' }).click();
    await page.getByLabel('Правило 2: доля низких оценок, %').fill('70');
    await page.getByLabel('Правило 2: оценка не выше').selectOption('2');
    await page.getByRole('button', { name: 'Сохранить правила' }).click();
    await page.getByRole('status').filter({ hasText: 'Сохранено: 2 правила' }).waitFor();
    const api = (await (await cx.fetch('/api/alert-rules')).json()) as { rules: unknown[]; source: string };
    expect(api).toMatchObject({ source: 'staff', rules: [{ windowMinutes: 45, minPresses: 4, share: 0.5, maxScore: 1 }, { windowMinutes: 30, minPresses: 4, share: 0.7, maxScore: 2 }] });
    await context.close();
  });
});
