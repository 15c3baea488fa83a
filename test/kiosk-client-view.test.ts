import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/server.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureKioskBuilt } from './support/kiosk-build.ts';
import { bindKiosk, launchKioskBrowser, OFFICE, registerKiosk, startFaultyProxy, startKioskHub, type FaultyProxy } from './support/kiosk-harness.ts';

/**
 * What the client sees and hears, measured in Chromium: the phone's 0–10 scale in one row at 320
 * and 390 px with «10» on one line; the welcome screen's count equal to the questions then asked;
 * spoken prompts only with a local Russian voice, off until the client switches them on, and both
 * view switches back off for the next client at the kiosk; the large-print choice remembered across
 * a reload on a phone and never on the kiosk.
 */
let hub: RunningHub;
let proxy: FaultyProxy;
let browser: Browser;

beforeAll(async () => {
  await ensureKioskBuilt();
  hub = await startKioskHub();
  proxy = await startFaultyProxy(() => hub.url);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await hub?.close();
});

const phoneUrl = (extra = '') => `${proxy.url}/kiosk/?mode=phone&office=${OFFICE}&channel=qr-poster${extra}`;

async function phonePage(width: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 740 }, isMobile: true, hasTouch: true, locale: 'ru-RU' });
  return { context, page: await context.newPage() };
}

/** The boxes of the 0–10 buttons: their rows, and whether each label sits on one line inside its box. */
function measureScale(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLButtonElement>('.scale-button')].map((button) => {
      const box = button.getBoundingClientRect();
      const text = document.createRange();
      text.selectNodeContents(button);
      const lines = new Set([...text.getClientRects()].map((r) => Math.round(r.top)));
      const glyphs = text.getBoundingClientRect();
      return {
        label: button.textContent ?? '',
        top: Math.round(box.top),
        left: box.left,
        right: box.right,
        width: box.width,
        lines: lines.size,
        inside: glyphs.left >= box.left - 0.5 && glyphs.right <= box.right + 0.5,
        clipped: button.scrollWidth > button.clientWidth + 1,
      };
    }),
  );
}

async function toNps(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Начать опрос' }).click();
  for (const v of [4, 4, 4, 4]) await page.locator('.scale-button', { hasText: new RegExp(`^${v}$`) }).click();
  await page.getByRole('group', { name: /порекомендуете/ }).waitFor();
}

describe('the phone’s 0–10 scale', () => {
  for (const width of [320, 390]) {
    it(`is one row of eleven buttons at ${width} px, each label on one line inside its button`, async () => {
      const { context, page } = await phonePage(width);
      await page.goto(phoneUrl());
      await toNps(page);
      const buttons = await measureScale(page);
      await context.close();
      expect(buttons.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      expect(new Set(buttons.map((b) => b.top)).size, 'rows').toBe(1);
      for (const b of buttons) {
        expect(b, `«${b.label}»`).toMatchObject({ lines: 1, inside: true, clipped: false });
        // WCAG 2.2 target size (minimum): 24 CSS px.
        expect(b.width, `«${b.label}» width`).toBeGreaterThanOrEqual(24);
      }
      expect(buttons.at(-1)!.right).toBeLessThanOrEqual(width);
      expect(buttons[0]!.left).toBeGreaterThanOrEqual(0);
    });
  }

  it('in large print at 320 px keeps every label whole: two rows, 0–5 and 6–10', async () => {
    const { context, page } = await phonePage(320);
    await page.goto(phoneUrl());
    await page.getByRole('button', { name: 'Версия для слабовидящих' }).click();
    await toNps(page);
    const buttons = await measureScale(page);
    await context.close();
    for (const b of buttons) expect(b, `«${b.label}»`).toMatchObject({ lines: 1, inside: true, clipped: false });
    const rows = [...new Set(buttons.map((b) => b.top))];
    expect(rows).toHaveLength(2);
    expect(buttons.filter((b) => b.top === rows[0]).map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5']);
  });
});

const COUNT_WORDS: Record<string, number> = { Пять: 5, Шесть: 6, Семь: 7 };

/** Reads the welcome screen's promise, then answers screen by screen, counting the screens until the thanks. */
async function promisedAndAsked(page: Page): Promise<{ promised: number; asked: number; totals: Set<number> }> {
  const lead = (await page.locator('.lead').textContent()) ?? '';
  const promised = COUNT_WORDS[lead.split(' ')[0] ?? ''] ?? Number.NaN;
  await page.getByRole('button', { name: 'Начать опрос' }).click();
  let asked = 0;
  const totals = new Set<number>();
  for (;;) {
    const thanks = page.getByRole('heading', { name: 'Спасибо за Ваши ответы!' });
    const progress = page.locator('.progress-text');
    await Promise.race([thanks.waitFor(), progress.waitFor()]);
    if (await thanks.isVisible()) break;
    const [, n, total] = /Вопрос (\d+) из (\d+)/.exec((await progress.textContent()) ?? '') ?? [];
    expect(Number(n)).toBe(asked + 1);
    totals.add(Number(total));
    asked++;
    if (await page.locator('.scale-button').count()) await page.locator('.scale-button').first().click();
    else await page.locator('.comment-entry .button, .button.send').first().click();
    await page.getByText(`Вопрос ${asked + 1} из`).or(thanks).waitFor();
  }
  return { promised, asked, totals };
}

describe('the welcome screen’s promise', () => {
  it('names as many questions as are then asked: seven with the service question, six when the link names the service', { timeout: 60_000 }, async () => {
    const { context, page } = await phonePage(390);
    await page.goto(phoneUrl());
    await page.getByText('Шарьинское отделение', { exact: false }).waitFor();
    expect(await promisedAndAsked(page)).toEqual({ promised: 7, asked: 7, totals: new Set([7]) });
    await page.goto(`${proxy.url}/kiosk/?mode=phone&office=${OFFICE}&channel=visit-qr&service=vacancies`);
    expect(await promisedAndAsked(page)).toEqual({ promised: 6, asked: 6, totals: new Set([6]) });
    await context.close();
  });
});

/** A speech engine standing in for speech-dispatcher: its voices, and every text it was asked to say. */
function fakeSpeech(voices: { name: string; lang: string; localService: boolean }[]) {
  return `(() => {
    const spoken = [];
    window.__spoken = spoken;
    const synth = new EventTarget();
    const voices = ${JSON.stringify(voices)}.map((v) => ({ ...v, default: false, voiceURI: v.name }));
    synth.getVoices = () => voices;
    synth.speak = (u) => spoken.push(u.text);
    synth.cancel = () => spoken.push('(cancel)');
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  })()`;
}

const spoken = (page: Page) => page.evaluate(() => ((window as unknown as { __spoken: string[] }).__spoken ?? []).filter((t) => t !== '(cancel)'));

describe('spoken prompts', () => {
  it('are offered only with a Russian voice on the device, never a cloud one', async () => {
    const { context, page } = await phonePage(390);
    await context.addInitScript(fakeSpeech([{ name: 'Google русский', lang: 'ru-RU', localService: false }, { name: 'English', lang: 'en-US', localService: true }]));
    await page.goto(phoneUrl());
    await page.getByRole('button', { name: 'Версия для слабовидящих' }).waitFor();
    expect(await page.getByRole('button', { name: 'Озвучивать вопросы' }).count()).toBe(0);
    await context.close();
  });

  it('are silent until the client switches them on, then read the welcome and each question; the kiosk resets both switches for the next client', async () => {
    const { context } = await launchKioskBrowser();
    await context.addInitScript(fakeSpeech([{ name: 'RHVoice Anna', lang: 'ru-RU', localService: true }]));
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${proxy.url}/kiosk/?t.idle=300&t.thanks=300`);
    await bindKiosk(page, await registerKiosk(hub, 'sharya-kiosk-voice'));
    const voice = page.getByRole('button', { name: 'Озвучивать вопросы' });
    expect(await voice.getAttribute('aria-pressed')).toBe('false');
    expect(await spoken(page)).toEqual([]);

    await voice.click();
    expect(await voice.getAttribute('aria-pressed')).toBe('true');
    // Spoken after the screen is drawn (an effect), so the text can show a moment before it is read.
    await expect.poll(async () => (await spoken(page)).at(-1)).toMatch(/^Оцените, пожалуйста, качество услуги\. Семь коротких вопросов/);
    await page.getByRole('button', { name: 'Начать опрос' }).click();
    await page.getByText('Вопрос 1 из 7').waitFor();
    await expect.poll(async () => (await spoken(page)).at(-1)).toBe(
      'Вопрос 1 из 7. Насколько услуга соответствовала Вашим ожиданиям? Выберите от 1 до 5, где 1 — совсем не соответствовала, 5 — полностью соответствовала.',
    );
    await page.locator('.scale-button', { hasText: /^5$/ }).click();
    await page.getByText('Вопрос 2 из 7').waitFor();
    await expect.poll(async () => (await spoken(page)).at(-1)).toMatch(/^Вопрос 2 из 7\. Насколько услуга была полезна для Вас\?/);

    await page.getByRole('button', { name: 'Завершить опрос' }).click();
    await page.getByRole('button', { name: 'Завершить', exact: true }).click();
    await page.getByRole('button', { name: 'Готово' }).click();
    await page.getByRole('button', { name: 'Начать опрос' }).waitFor();
    expect(await voice.getAttribute('aria-pressed')).toBe('false');
    const before = (await spoken(page)).length;
    await page.getByRole('button', { name: 'Начать опрос' }).click();
    await page.getByText('Вопрос 1 из 7').waitFor();
    expect(await spoken(page)).toHaveLength(before);
    await context.close();
  }, 60_000);
});

describe('the large-print choice', () => {
  const view = (page: Page) => page.evaluate(() => document.documentElement.dataset.view ?? 'ordinary');
  const switchOf = (page: Page) => page.getByRole('button', { name: 'Версия для слабовидящих' });

  it('is remembered on the phone across a reload and another link, until the client switches it off', async () => {
    const { context, page } = await phonePage(390);
    await page.goto(phoneUrl());
    await switchOf(page).click();
    expect(await view(page)).toBe('large');

    await page.reload();
    await switchOf(page).waitFor();
    expect(await view(page)).toBe('large');
    expect(await switchOf(page).getAttribute('aria-pressed')).toBe('true');

    // Another link opened on the same phone, and switched off there: off for the phone.
    const other = await context.newPage();
    await other.goto(`${proxy.url}/kiosk/?mode=phone&office=${OFFICE}&channel=visit-qr&service=vacancies`);
    await switchOf(other).waitFor();
    expect(await view(other)).toBe('large');
    await switchOf(other).click();
    expect(await view(other)).toBe('ordinary');
    await other.reload();
    await switchOf(other).waitFor();
    expect(await view(other)).toBe('ordinary');
    expect(await switchOf(other).getAttribute('aria-pressed')).toBe('false');
    await other.close();
    await page.reload();
    await switchOf(page).waitFor();
    expect(await view(page)).toBe('ordinary');

    // Mid-survey too: the reloaded page is in large print from its first paint.
    await switchOf(page).click();
    await page.getByRole('button', { name: 'Начать опрос' }).click();
    await page.getByText('Вопрос 1 из 7').waitFor();
    await page.reload();
    expect(await view(page)).toBe('large');
    await context.close();
  }, 60_000);

  it('is not remembered on the shared kiosk: a reload and the next client start from the ordinary view, whatever the browser holds', async () => {
    const { context } = await launchKioskBrowser();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${proxy.url}/kiosk/?t.idle=300&t.thanks=300`);
    await bindKiosk(page, await registerKiosk(hub, 'sharya-kiosk-print'));
    await switchOf(page).click();
    expect(await view(page)).toBe('large');
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);

    await page.reload();
    await switchOf(page).waitFor();
    expect(await view(page)).toBe('ordinary');

    // The next client at the welcome screen after a survey in large print.
    await switchOf(page).click();
    await page.getByRole('button', { name: 'Начать опрос' }).click();
    await page.getByText('Вопрос 1 из 7').waitFor();
    expect(await view(page)).toBe('large');
    await page.locator('.scale-button', { hasText: /^5$/ }).click();
    await page.getByText('Вопрос 2 из 7').waitFor();
    await page.getByRole('button', { name: 'Завершить опрос' }).click();
    await page.getByRole('button', { name: 'Завершить', exact: true }).click();
    await page.getByRole('button', { name: 'Готово' }).click();
    await page.getByRole('button', { name: 'Начать опрос' }).waitFor();
    expect(await view(page)).toBe('ordinary');
    expect(await switchOf(page).getAttribute('aria-pressed')).toBe('false');

    // A phone link once opened in this browser (same origin) left its choice: the kiosk ignores it.
    await page.evaluate(() => localStorage.setItem('czn-survey:large-print', '1'));
    await page.reload();
    await switchOf(page).waitFor();
    expect(await view(page)).toBe('ordinary');
    await context.close();
  }, 60_000);
});
