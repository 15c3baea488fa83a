import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { startPhoneStack, type PhoneStack } from './support/phone-hubs.ts';
import { browserAs, staffSession, type StaffSession } from './support/staff-session.ts';

/**
 * The printed poster as Chromium lays it out on A4, with a long public address: it names the ЦЗН
 * and the office, and its address wraps only after a slash, never inside a word, and fits the sheet.
 */
const BASE = 'https://opros.czn-kostroma-oblast.example.ru';
let stack: PhoneStack;
let browser: Browser;
let cx: StaffSession;

beforeAll(async () => {
  stack = await startPhoneStack({ withOffice: true, env: { SURVEY_BASE_URL: BASE } });
  cx = await staffSession(stack.office!, 'cx-analyst', [{ role: 'cx' }]);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the office poster', () => {
  for (const office of ['volgorechensk', 'kostroma']) {
    it(`for ${office}: the ЦЗН's name, and an address that breaks only after a slash and stays on the sheet`, async () => {
      const context = await browserAs(browser, stack.office!.url, cx, { viewport: { width: 794, height: 1123 } });
      const page = await context.newPage();
      await page.goto(`${stack.office!.url}/posters/${office}`);
      await page.emulateMedia({ media: 'print' });
      expect(await page.textContent('.sheet')).toContain('ОГКУ «Центр занятости населения Костромской области»');
      const layout = await page.evaluate(() => {
        const url = document.querySelector<HTMLElement>('.url')!;
        // Each character's line, read from its own box: the text of every line of the printed address.
        const walker = document.createTreeWalker(url, NodeFilter.SHOW_TEXT);
        const lines = new Map<number, string>();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let i = 0; i < node.textContent!.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const top = Math.round(range.getBoundingClientRect().top);
            lines.set(top, (lines.get(top) ?? '') + node.textContent![i]);
          }
        }
        const sheet = document.querySelector<HTMLElement>('.sheet')!.getBoundingClientRect();
        const box = url.getBoundingClientRect();
        return { text: url.textContent, lines: [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t), inside: box.left >= sheet.left && box.right <= sheet.right, overflow: url.scrollWidth > url.clientWidth + 1 };
      });
      await context.close();
      expect(layout.text).toBe(`${BASE}/p/${office}`);
      expect(layout).toMatchObject({ inside: true, overflow: false });
      for (const line of layout.lines.slice(0, -1)) expect(line, JSON.stringify(layout.lines)).toMatch(/\/$/);
      expect(layout.lines.join('')).toBe(layout.text);
    });
  }
});
