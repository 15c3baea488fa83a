import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordStore } from '../hub/db/record-rows.ts';
import type { RunningHub } from '../hub/server.ts';
import { newRecordId } from '../shared/ids.ts';
import type { SurveyAnswers } from '../shared/surveys/answer-types.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';
import { browserAs, staffSession } from './support/staff-session.ts';
import { axe } from './support/axe.ts';

/**
 * Issue 20's staff pages in Chromium, on the central: a CX analyst builds a survey (an empty one is
 * refused with the errors beside the fields), previews it on the kiosk and the phone frame with its
 * show-if condition, publishes version 1, reads its results (distribution, chart, text search),
 * then edits it and publishes version 2 with the note that answers stay with their version. axe
 * finds no serious or critical problem on the list, the builder and the results.
 */
let hub: RunningHub;
let browser: Browser;
beforeAll(async () => {
  await ensureStaffAppBuilt();
  ({ hub } = await startFixtureHub({ fixture: false }));
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const VIEW = { viewport: { width: 1400, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' };

function storeAnswers(surveyId: string, version: number, list: SurveyAnswers[]): void {
  const store = createRecordStore(hub.ctx.db);
  list.forEach((answers, i) => {
    const officeId = i % 2 === 0 ? 'sharya' : 'manturovo';
    store.insert({ kind: 'survey-answer', id: newRecordId(), officeId, deviceId: `${officeId}-kiosk`, bornAt: new Date(Date.now() - 1000 * (i + 1)).toISOString(), surveyId, version, channel: 'kiosk', answers, complete: true }, Date.now());
  });
}

describe('the survey builder in Chromium', () => {
  it('build → preview → publish → results → edit → version 2', { timeout: 300_000 }, async () => {
    const findings: string[] = [];
    const errors: string[] = [];
    const cx = await staffSession(hub, 'cx-analyst', [{ role: 'cx' }]);
    const context = await browserAs(browser, hub.url, cx, VIEW);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${hub.url}/staff`);
    await page.getByRole('link', { name: 'Опросы сектора' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Опросы сектора' }).waitFor();
    await page.getByText('Опросов пока нет.').waitFor();
    await axe(page, findings);
    await page.getByRole('link', { name: 'Новый опрос' }).click();
    await page.getByRole('heading', { level: 1, name: 'Конструктор опроса' }).waitFor();

    // An empty survey: the hub's schema refuses it, each message beside its field.
    await page.getByRole('button', { name: 'Сохранить черновик' }).click();
    await expect.poll(() => page.locator('#survey-title-error').count()).toBe(1);
    expect(await page.locator('#survey-other-errors').textContent()).toContain('вопросы');

    await page.getByLabel('Название', { exact: true }).fill('Цифровые услуги в центре');
    await page.getByLabel('Вступление').fill('Три коротких вопроса о портале «Работа России».');
    await page.getByLabel('Цель: ответов не меньше').fill('10');
    await page.getByLabel('Тип нового вопроса').selectOption('yes-no');
    await page.getByRole('button', { name: 'Добавить вопрос' }).click();
    await page.getByLabel('Текст вопроса 1').fill('Пользовались ли Вы порталом?');
    await page.getByLabel('Тип нового вопроса').selectOption('scale-5');
    await page.getByRole('button', { name: 'Добавить вопрос' }).click();
    await page.getByLabel('Текст вопроса 2').fill('Насколько легко было на портале?');
    await page.getByLabel('Показывать вопрос 2').selectOption('q1');
    await page.getByRole('group', { name: 'Ответы, при которых вопрос 2 показывается' }).getByLabel('Да').check();
    await page.getByLabel('Тип нового вопроса').selectOption('multiple');
    await page.getByRole('button', { name: 'Добавить вопрос' }).click();
    await page.getByLabel('Текст вопроса 3').fill('Что Вы делали на портале?');
    const options = page.getByRole('group', { name: 'Варианты ответа на вопрос 3' });
    await options.getByLabel('Вариант 1', { exact: true }).fill('Резюме');
    await options.getByLabel('Вариант 2', { exact: true }).fill('Заявление');
    await options.getByLabel(/Вариант «другое»/).check();
    await page.getByLabel('Тип нового вопроса').selectOption('text');
    await page.getByRole('button', { name: 'Добавить вопрос' }).click();
    await page.getByLabel('Текст вопроса 4').fill('Что улучшить?');
    await page.locator('#q3-required').uncheck();

    // The preview follows the condition: «Нет» skips the scale.
    const screen = page.locator('#preview-screen');
    await screen.getByRole('button', { name: 'Начать' }).click();
    await expect.poll(() => screen.textContent()).toContain('Вопрос 1 из 3');
    await screen.getByRole('button', { name: 'Да', exact: true }).click();
    await expect.poll(() => screen.textContent()).toContain('Насколько легко было на портале?');
    expect(await screen.textContent()).toContain('Вопрос 2 из 4');
    // The kiosk frame lays out at the kiosk's 1280 × 800 and is drawn at half size.
    expect(await screen.evaluate((el) => [(el as HTMLElement).offsetWidth, (el as HTMLElement).offsetHeight])).toEqual([1280, 800]);
    await page.getByLabel('Телефон (360 × 640)').check();
    expect(await screen.evaluate((el) => [(el as HTMLElement).offsetWidth, (el as HTMLElement).offsetHeight])).toEqual([360, 640]);
    await screen.getByRole('button', { name: 'Назад' }).click();
    await screen.getByRole('button', { name: 'Нет', exact: true }).click();
    await expect.poll(() => screen.textContent()).toContain('Что Вы делали на портале?');
    await axe(page, findings);

    await page.getByRole('button', { name: 'Опубликовать', exact: true }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Опубликована версия 1');
    await expect.poll(() => page.locator('#survey-versions').textContent()).toContain('Версия 1');
    const surveyId = new URL(page.url()).pathname.split('/')[2]!;
    expect(surveyId).toMatch(/^s-/);

    storeAnswers(surveyId, 1, [
      { q1: true, q2: 5, q3: { chosen: ['o1'], other: null }, q4: 'Удобный поиск вакансий' },
      { q1: true, q2: 4, q3: { chosen: ['o1', 'o2'], other: 'подтвердил учётную запись' } },
      { q1: false, q3: { chosen: ['o2'], other: null }, q4: 'Нужна помощь с паролем' },
      { q1: true, q2: 2, q4: 'Долго грузится' },
    ]);
    await page.getByRole('link', { name: 'Итоги', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Итоги опроса' }).waitFor();
    await expect.poll(() => page.locator('#results-progress').textContent()).toContain('4 из 10 (40 %)');
    const ease = page.locator('[data-question="q2"]');
    expect(await ease.textContent()).toContain('n = 3; среднее 3,67');
    expect(await ease.locator('tr[data-value="5"]').textContent()).toContain('33,3 %');
    expect(await ease.locator('canvas').count()).toBeGreaterThan(0);
    const texts = page.locator('[data-question="q4"]');
    await texts.getByLabel('Поиск по ответам').fill('парол');
    await expect.poll(() => texts.locator('li').allTextContents()).toEqual(['Нужна помощь с паролем']);
    await page.getByLabel('Отдел').selectOption('manturovo');
    await expect.poll(() => page.locator('#results-progress').textContent()).toContain('2 из 10');
    expect(await page.locator('#results-xlsx').getAttribute('href')).toBe(`/api/surveys/${surveyId}/results.xlsx?office=manturovo`);
    await axe(page, findings);

    // An edit after publishing: the page says answers stay with version 1; publishing makes version 2.
    await page.getByRole('link', { name: 'Конструктор' }).click();
    await page.getByRole('heading', { level: 1, name: 'Конструктор опроса' }).waitFor();
    expect(await page.locator('#survey-version-note').textContent()).toContain('ответы на версию 1 остаются при ней');
    await page.getByLabel('Текст вопроса 4').fill('Что нам улучшить на портале?');
    await page.getByRole('button', { name: 'Опубликовать версию 2' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Опубликована версия 2');
    expect(await page.locator('.notice').textContent()).toContain('Ответы на прежние версии остаются при них');

    await page.goto(`${hub.url}/surveys`);
    await expect.poll(() => page.locator(`tr[data-survey="${surveyId}"]`).textContent()).toContain('опубликован v2');
    expect(await page.locator(`tr[data-survey="${surveyId}"]`).textContent()).toContain('0 из 10');
    await page.goto(`${hub.url}/surveys/${surveyId}/results`);
    await expect.poll(() => page.locator('#results-title').textContent()).toContain('версия 2');
    await page.getByLabel('Версия').selectOption('1');
    await expect.poll(() => page.locator('#results-progress').textContent()).toContain('4 из 10');

    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
