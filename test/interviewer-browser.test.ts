import { AxeBuilder } from '@axe-core/playwright';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHubConfig } from '../hub/config.ts';
import { keepSurveyVersion, replaceSurveyOffers } from '../hub/db/survey-versions.ts';
import { startHub, type RunningHub } from '../hub/server.ts';
import { createLogger } from '../shared/logger.ts';
import type { SurveyDefinition } from '../shared/surveys/definition.ts';
import { moscowDay } from '../shared/periods.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';
import { browserAs, staffSession } from './support/staff-session.ts';

/**
 * The exit poll in Chromium on a phone-sized screen (390 × 844), against a real office hub: a clerk
 * logs in, takes two visitors and one refusal with the hub reachable; the hub stops (the office
 * Wi-Fi drops), a third visitor is taken, the page is reloaded (it comes from its service worker's
 * copy, the answer from IndexedDB), the hub comes back on the same address and all three answers
 * are stored there once; then the clerk fills and sends the summary form. axe finds no serious or
 * critical problem on the list, a question, the thank-you screen and the summary form.
 */
const DAY = 86_400_000;
const definition: SurveyDefinition = {
  meta: {
    title: 'Вопрос на выходе',
    introduction: 'Здравствуйте! Центр занятости проводит короткий опрос: три вопроса, анонимно.',
    period: { from: moscowDay(Date.now() - DAY), to: moscowDay(Date.now() + 30 * DAY) },
    offices: 'all',
    places: ['interviewer'],
    targetN: 50,
    questionOfDay: false,
  },
  questions: [
    { id: 'waited', type: 'yes-no', text: 'Долго ли Вы ждали приёма?', required: true, showIf: null },
    { id: 'polite', type: 'scale-5', text: 'Насколько вежливо Вас обслужили?', required: true, showIf: null, minLabel: 'грубо', maxLabel: 'очень вежливо' },
    { id: 'why', type: 'single', text: 'Зачем Вы приходили?', required: false, showIf: null, options: [{ id: 'job', label: 'Поиск работы' }, { id: 'benefit', label: 'Пособие' }] },
    { id: 'wish', type: 'text', text: 'Что нам улучшить?', required: false, showIf: null },
  ],
};

let dataDir: string;
let port = 0;
let hub: RunningHub | null = null;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function startOfficeHub(): Promise<RunningHub> {
  const config = readHubConfig({ ROLE: 'office', OFFICE_ID: 'sharya', DATA_DIR: dataDir, PORT: String(port), SCHEDULED_REPORTS: 'false' });
  if (!config.ok) throw new Error(config.message);
  const started = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  port = started.port;
  return started;
}

const db = () => hub!.ctx.db;
const answersAtHub = () => db().prepare("SELECT id, answers, complete FROM survey_answer WHERE channel = 'interviewer' ORDER BY born_at").all() as { id: string; answers: string; complete: number }[];

async function axe(findings: string[], where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
    findings.push(`${where}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }
}

const tap = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' }).click();
const question = (text: string) => page.getByRole('heading', { level: 2, name: text }).waitFor();
const status = () => page.locator('#interviewer-link');

beforeAll(async () => {
  await ensureStaffAppBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'interviewer-browser-'));
  hub = await startOfficeHub();
  await keepSurveyVersion(hub.ctx.sql, { surveyId: 'exit-poll', version: 1, publishedAt: new Date().toISOString(), definition });
  await replaceSurveyOffers(hub.ctx.sql, [{ surveyId: 'exit-poll', version: 1 }]);
  await hub.ctx.surveyVersions.load(hub.ctx.sql);
  const clerk = await staffSession(hub, 'clerk.sharya', [{ role: 'staff', officeId: 'sharya' }]);
  browser = await launchChromium();
  context = await browserAs(browser, hub.url, clerk, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  page = await context.newPage();
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await hub?.close();
});

describe('the exit poll on a phone', () => {
  it('two visitors online, a third with the hub stopped and a reload, all stored once; then the summary form', { timeout: 300_000 }, async () => {
    const findings: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const url = hub!.url;

    await page.goto(`${url}/staff`);
    await page.getByRole('link', { name: 'Опрос на выходе' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Опрос на выходе' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Вопрос на выходе' }).waitFor();
    await expect.poll(() => status().textContent()).toBe('Все ответы переданы на хаб отдела.');
    // The service worker holds the page and its scripts before the Wi-Fi drops.
    await page.waitForFunction(async () => {
      const keys = (await (await caches.open('czn-interviewer-page-v1')).keys()).map((r) => new URL(r.url).pathname);
      return keys.includes('/interviewer') && keys.some((k) => k.includes('interviewer-screen'));
    });
    await axe(findings, 'list');

    // Visitor 1: every question, a word under the last one.
    await tap('Опрашивать посетителей');
    await question('Долго ли Вы ждали приёма?');
    await page.getByText('Что сказать посетителю').waitFor();
    await axe(findings, 'question');
    await tap('Нет');
    await question('Насколько вежливо Вас обслужили?');
    await tap('5');
    await question('Зачем Вы приходили?');
    await tap('Поиск работы');
    await question('Что нам улучшить?');
    await page.getByLabel('Ответ посетителя (коротко, его словами)').fill('Больше окон приёма');
    await tap('Далее');
    await page.getByRole('heading', { name: 'Ответ сохранён' }).waitFor();
    await axe(findings, 'saved');

    // A visitor who says no, then visitor 2 skipping the optional questions.
    await tap('Следующий посетитель');
    await tap('Отказался отвечать');
    await page.getByRole('heading', { name: 'Отказ учтён' }).waitFor();
    await tap('Следующий посетитель');
    await tap('Да');
    await tap('3');
    await tap('Пропустить');
    await tap('Пропустить');
    await page.getByRole('heading', { name: 'Ответ сохранён' }).waitFor();
    await page.getByText('Сегодня на этом устройстве: ответов 2, отказов 1.').waitFor();
    await expect.poll(() => answersAtHub().length, { timeout: 30_000 }).toBe(2);
    await expect.poll(() => status().textContent(), { timeout: 30_000 }).toBe('Все ответы переданы на хаб отдела.');

    // The hub goes away; visitor 3 is taken all the same, then the page is reloaded.
    await hub!.close();
    hub = null;
    await tap('Следующий посетитель');
    await tap('Да');
    await tap('4');
    await tap('Пособие');
    await tap('Пропустить');
    await page.getByRole('heading', { name: 'Ответ сохранён' }).waitFor();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toContain('Нет связи с хабом. Сохранено на этом устройстве и ждёт отправки: 1.');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Опрос на выходе' }).waitFor();
    await page.getByText('Сегодня на этом устройстве: ответов 3, отказов 1.').waitFor();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toContain('ждёт отправки: 1');

    // The hub comes back on its address: the answer goes by itself, once.
    hub = await startOfficeHub();
    await expect.poll(() => status().textContent(), { timeout: 90_000 }).toBe('Все ответы переданы на хаб отдела.');
    const stored = answersAtHub();
    expect(stored.map((r) => JSON.parse(r.answers) as unknown)).toEqual([{ waited: false, polite: 5, why: 'job', wish: 'Больше окон приёма' }, { waited: true, polite: 3 }, { waited: true, polite: 4, why: 'benefit' }]);
    expect(new Set(stored.map((r) => r.id)).size).toBe(3);
    expect(db().prepare("SELECT count(*) FROM outbox WHERE kind = 'survey-answer'").pluck().get()).toBe(3);
    expect(db().prepare('SELECT count(*) FROM interviewer_refusal').pluck().get()).toBe(1);

    // The summary form, filled from the office's answers, with the clerk's remarks.
    await tap('Итоговая форма');
    await page.getByRole('heading', { level: 2, name: 'Итоговая форма опроса на выходе' }).waitFor();
    const totals = page.locator('.summary-totals');
    await expect.poll(() => totals.textContent()).toContain('Предложено пройти опрос4');
    expect(await totals.textContent()).toContain('Ответили3');
    expect(await totals.textContent()).toContain('Отказались отвечать1');
    const polite = page.locator('.summary-question', { hasText: 'Насколько вежливо' });
    expect(await polite.textContent()).toContain('Ответили: 3; среднее 4,00');
    await axe(findings, 'summary');
    await page.getByLabel('Замечания сотрудника').fill('Утром очередь, посетители торопились.');
    await tap('Отправить в сектор клиентского опыта');
    await page.getByText(/Итоговая форма отправлена в сектор клиентского опыта/).waitFor();
    const summaries = db().prepare('SELECT body FROM survey_summary').pluck().all() as string[];
    expect(summaries).toHaveLength(1);
    expect(JSON.parse(summaries[0]!)).toMatchObject({ filledBy: 'clerk.sharya', remarks: 'Утром очередь, посетители торопились.', figures: { asked: 4, answered: 3, refused: 1 } });
    expect(db().prepare("SELECT count(*) FROM outbox WHERE kind = 'survey-summary'").pluck().get()).toBe(1);

    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
  });
});
