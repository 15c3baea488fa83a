import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResultsResponse } from '../shared/api/surveys.ts';
import type { SurveyDefinition } from '../shared/surveys/definition.ts';
import { moscowDay } from '../shared/periods.ts';
import { sampleDefinition } from './support/sample-survey.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureKioskBuilt } from './support/kiosk-build.ts';
import { poll, takeSurvey } from './support/kiosk-harness.ts';
import { OFFICE, startPhoneStack, type PhoneStack } from './support/phone-hubs.ts';
import { staffSession, type StaffSession } from './support/staff-session.ts';

/**
 * A built survey answered on a client's phone in Chromium against a real central (issue 20): the CX
 * sector publishes a survey placed on phones; a client follows the office poster's link at 390 px,
 * answers the main survey, is offered the built one in one line, answers it one question per screen
 * (the phone's own keyboard for text), and the answer is stored once at the central with the
 * poster's channel and counted in the results per channel; axe finds no serious problem. At 320 px
 * the built survey's 0–10 scale keeps one row, and two whole rows in large print, as the main one.
 */
let stack: PhoneStack;
let browser: Browser;
let cx: StaffSession;
let surveyId: string;
const DAY = 86_400_000;

beforeAll(async () => {
  await ensureKioskBuilt();
  stack = await startPhoneStack({ env: { PUBLIC_RATE_MAX: '1000' } });
  cx = await staffSession(stack.central, 'cx-analyst', [{ role: 'cx' }]);
  const definition: SurveyDefinition = {
    ...sampleDefinition,
    meta: { ...sampleDefinition.meta, title: 'Цифровые услуги', places: ['phone-link'], offices: [OFFICE], period: { from: moscowDay(Date.now() - DAY), to: moscowDay(Date.now() + 30 * DAY) } },
  };
  const created = await cx.fetch('/api/surveys', { method: 'POST', body: JSON.stringify({ definition }) });
  surveyId = ((await created.json()) as { survey: { id: string } }).survey.id;
  expect((await cx.fetch(`/api/surveys/${surveyId}/publish`, { method: 'POST' })).status).toBe(200);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function phonePage(width: number): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 740 }, isMobile: true, hasTouch: true, locale: 'ru-RU' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

async function axe(page: Page, screen: string, findings: string[]): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
    findings.push(`${screen}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }
}

/** The 0–10 buttons on screen: their rows, and whether each label sits whole on one line inside its box. */
function measureScale(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLButtonElement>('.scale-button')].map((button) => {
      const box = button.getBoundingClientRect();
      const text = document.createRange();
      text.selectNodeContents(button);
      const glyphs = text.getBoundingClientRect();
      return {
        label: button.textContent ?? '',
        top: Math.round(box.top),
        right: box.right,
        lines: new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size,
        inside: glyphs.left >= box.left - 0.5 && glyphs.right <= box.right + 0.5,
        clipped: button.scrollWidth > button.clientWidth + 1,
      };
    }),
  );
}

/** From the poster's link through the main survey to the offer, then into the built survey's 0–10 question. */
async function toBuiltScale(page: Page, largePrint: boolean): Promise<void> {
  await page.goto(`${stack.central.url}/p/${OFFICE}`);
  if (largePrint) await page.getByRole('button', { name: 'Версия для слабовидящих' }).click();
  await takeSurvey(page, { scores: [5, 4, 5, 4, 9], service: null });
  await page.getByText('Ответите ещё на 4 вопроса?').waitFor();
  await page.getByRole('button', { name: 'Да, ответить' }).click();
  await page.locator('h1', { hasText: 'Пользовались ли Вы порталом?' }).waitFor();
  await page.getByRole('button', { name: 'Да', exact: true }).click();
  await page.locator('h1', { hasText: 'Насколько легко?' }).waitFor();
  await page.locator('.scale-button', { hasText: /^4$/ }).click();
  await page.locator('h1', { hasText: 'Порекомендуете?' }).waitFor();
}

const answersAtCentral = () => stack.central.ctx.db.prepare('SELECT survey_id, version, channel, device_id, complete, answers FROM survey_answer').all() as { answers: string }[];

describe('a built survey on the client’s phone', () => {
  it('poster link, main survey, the offer, the built survey answered: stored once at the central, counted per channel', { timeout: 120_000 }, async () => {
    const { context, page, errors } = await phonePage(390);
    const findings: string[] = [];
    await page.goto(`${stack.central.url}/p/${OFFICE}`);
    expect(new URL(page.url()).search).toBe(`?mode=phone&office=${OFFICE}&channel=qr-poster`);
    await takeSurvey(page, { scores: [5, 4, 5, 4, 9], service: null });
    await page.getByText('Ответите ещё на 4 вопроса?').waitFor();
    await axe(page, 'offer', findings);
    await page.getByRole('button', { name: 'Да, ответить' }).click();
    await page.locator('h1', { hasText: 'Пользовались ли Вы порталом?' }).waitFor();
    await axe(page, 'yes-no', findings);
    await page.getByRole('button', { name: 'Да', exact: true }).click();
    await page.locator('h1', { hasText: 'Насколько легко?' }).waitFor();
    await page.locator('.scale-button', { hasText: /^2$/ }).click();
    await page.locator('h1', { hasText: 'Порекомендуете?' }).waitFor();
    const scale = await measureScale(page);
    expect(new Set(scale.map((b) => b.top)).size, 'one row of 0–10').toBe(1);
    expect(scale.at(-1)!.right).toBeLessThanOrEqual(390);
    await axe(page, 'scale-10', findings);
    await page.locator('.scale-button', { hasText: /^8$/ }).click();
    await page.locator('h1', { hasText: 'Где?' }).waitFor();
    await page.getByRole('button', { name: 'Дома' }).click();
    await page.locator('h1', { hasText: 'Что делали?' }).waitFor();
    await page.getByRole('button', { name: 'Резюме' }).click();
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.locator('h1', { hasText: 'Что улучшить?' }).waitFor();
    // A phone writes with its own keyboard: no on-screen one, and the field asks for text.
    expect(await page.locator('.keyboard, .key').count()).toBe(0);
    expect(await page.locator('#extra-text').getAttribute('inputmode')).toBe('text');
    await page.locator('#extra-text').fill('Больше вакансий рядом с домом');
    await axe(page, 'text', findings);
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByRole('heading', { name: 'Спасибо за Ваши ответы!' }).waitFor();
    expect(await page.getByText('Ответите ещё').count()).toBe(0);

    const rows = await poll('the answer at the central', answersAtCentral, (r) => r.length === 1);
    expect(rows[0]).toMatchObject({ survey_id: surveyId, version: 1, channel: 'qr-poster', device_id: 'phone', complete: 1 });
    expect(JSON.parse(rows[0]!.answers)).toEqual({ used: true, ease: 2, nps: 8, where: 'home', what: { chosen: ['cv'], other: null }, note: 'Больше вакансий рядом с домом' });
    expect(stack.central.ctx.db.prepare("SELECT count(*) FROM response WHERE channel = 'qr-poster'").pluck().get()).toBe(1);
    // The phone's outbox let it go once acknowledged, and nothing was sent twice.
    await poll('the phone outbox empty', () => page.evaluate(() => new Promise<number>((resolve) => {
      const open = indexedDB.open('czn-kiosk');
      open.onsuccess = () => {
        const req = open.result.transaction('outbox').objectStore('outbox').count();
        req.onsuccess = () => resolve(req.result);
      };
    })), (n) => n === 0);
    expect(answersAtCentral()).toHaveLength(1);

    const results = (await (await cx.fetch(`/api/surveys/${surveyId}/results`)).json()) as SurveyResultsResponse;
    expect(results.results.respondents).toBe(1);
    expect(results.byChannel).toEqual([{ id: 'qr-poster', n: 1 }]);
    const byPoster = (await (await cx.fetch(`/api/surveys/${surveyId}/results?channel=qr-poster`)).json()) as SurveyResultsResponse;
    expect(byPoster.results.questions.find((q) => q.id === 'note')!.texts).toEqual(['Больше вакансий рядом с домом']);
    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const largePrint of [false, true]) {
    it(`at 320 px${largePrint ? ' in large print' : ''} the built survey’s 0–10 scale keeps every label whole: ${largePrint ? 'two rows, 0–5 and 6–10' : 'one row'}`, { timeout: 90_000 }, async () => {
      const { context, page } = await phonePage(320);
      await toBuiltScale(page, largePrint);
      const buttons = await measureScale(page);
      await context.close();
      expect(buttons.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      for (const b of buttons) expect(b, `«${b.label}»`).toMatchObject({ lines: 1, inside: true, clipped: false });
      const rows = [...new Set(buttons.map((b) => b.top))];
      expect(rows).toHaveLength(largePrint ? 2 : 1);
      if (largePrint) expect(buttons.filter((b) => b.top === rows[0]).map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5']);
      expect(Math.max(...buttons.map((b) => b.right))).toBeLessThanOrEqual(320);
    });
  }
});
