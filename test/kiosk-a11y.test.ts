import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/server.ts';
import { ensureKioskBuilt } from './support/kiosk-build.ts';
import { bindKiosk, launchKioskBrowser, OFFICE, PIN, poll, registerKiosk, startFaultyProxy, startKioskHub, storedResponses, type FaultyProxy } from './support/kiosk-harness.ts';

/**
 * Accessibility in Chromium: axe-core on every screen (kiosk 1280×800 and phone 390×844 and
 * 320×640), in the ordinary view and in large print, finds no serious or critical violation; the whole survey works with the keyboard alone; text at 200 %
 * reflows without horizontal scrolling or clipped controls.
 */
/** The minimum for touch targets on the kiosk. */
const KIOSK_TARGET_PX = 64;
let hub: RunningHub;
let proxy: FaultyProxy;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  await ensureKioskBuilt();
  hub = await startKioskHub();
  proxy = await startFaultyProxy(() => hub.url);
  ({ context } = await launchKioskBrowser());
  page = context.pages()[0] ?? (await context.newPage());
}, 180_000);

afterAll(async () => {
  await context?.close();
  await proxy?.close();
  await hub?.close();
});

interface Finding {
  screen: string;
  problem: string;
}

async function audit(target: Page, screen: string, findings: Finding[], minTargetPx = 0): Promise<void> {
  const result = await new AxeBuilder({ page: target }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
    findings.push({ screen, problem: `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}` });
  }
  findings.push(...(await textAt200(target, screen)));
  if (minTargetPx > 0) {
    const small = await target.evaluate((min) => {
      const found: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('button, input, textarea')) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && (box.width < min || box.height < min)) found.push(`«${el.textContent?.trim() || el.id}» is ${Math.round(box.width)}×${Math.round(box.height)} px`);
      }
      return found;
    }, minTargetPx);
    findings.push(...small.map((problem) => ({ screen: `${screen}: touch target under ${minTargetPx} px`, problem })));
  }
}

/** Text doubled (root font size 200 %): no horizontal scroll, no control whose text is cut off. */
async function textAt200(target: Page, screen: string): Promise<Finding[]> {
  const problems = await target.evaluate(() => {
    const root = document.documentElement;
    const before = root.style.fontSize;
    root.style.fontSize = '200%';
    const found: string[] = [];
    if (root.scrollWidth > root.clientWidth + 1) found.push(`horizontal scroll: ${root.scrollWidth} > ${root.clientWidth}`);
    for (const el of document.querySelectorAll<HTMLElement>('button, input, textarea, h1, h2, p, label, dd, dt')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.right > root.clientWidth + 1) found.push(`${el.tagName} «${el.textContent?.slice(0, 30)}» sticks out to ${Math.round(box.right)}px`);
      if (el.tagName === 'BUTTON' && (el.scrollWidth > el.clientWidth + 2 || el.scrollHeight > el.clientHeight + 2)) found.push(`button «${el.textContent?.slice(0, 30)}» clips its text`);
    }
    root.style.fontSize = before;
    return found;
  });
  return problems.map((problem) => ({ screen: `${screen} at 200 %`, problem }));
}

describe('kiosk accessibility', () => {
  it('axe finds no serious or critical violation on any kiosk screen, text scales to 200 %, every target is at least 64 px', async () => {
    const findings: Finding[] = [];
    await page.goto(`${proxy.url}/kiosk/?t.idle=300&t.thanks=300`);
    await page.getByRole('heading', { name: 'Настройка киоска' }).waitFor();
    await audit(page, 'setup', findings, KIOSK_TARGET_PX);
    await bindKiosk(page, await registerKiosk(hub));
    await audit(page, 'welcome', findings, KIOSK_TARGET_PX);
    await page.getByRole('button', { name: 'Начать опрос' }).click();
    for (const [i, v] of [4, 4, 4, 4, 8].entries()) {
      await page.getByText(`Вопрос ${i + 1} из 7`).waitFor();
      await audit(page, `question ${i + 1}`, findings, KIOSK_TARGET_PX);
      await page.locator('.scale-button', { hasText: new RegExp(`^${v}$`) }).click();
    }
    await page.getByText('Вопрос 6 из 7').waitFor();
    await audit(page, 'comment with keyboard', findings, KIOSK_TARGET_PX);
    await page.getByRole('button', { name: 'Пропустить' }).click();
    await page.getByText('Вопрос 7 из 7').waitFor();
    await page.getByRole('button', { name: 'Подбор вакансий' }).click();
    await audit(page, 'service, one marked', findings, KIOSK_TARGET_PX);
    await page.getByRole('button', { name: 'Завершить опрос' }).click();
    await page.getByRole('alertdialog', { name: 'Завершить опрос?' }).waitFor();
    await audit(page, 'finish confirmation', findings, KIOSK_TARGET_PX);
    await page.getByRole('button', { name: 'Продолжить опрос' }).click();
    await page.getByRole('button', { name: 'Отправить ответы' }).click();
    await page.getByRole('heading', { name: 'Спасибо за Ваши ответы!' }).waitFor();
    await audit(page, 'thanks', findings, KIOSK_TARGET_PX);
    await page.getByRole('button', { name: 'Готово' }).click();

    // The same screens in large print («версия для слабовидящих»), switched on the welcome screen.
    await page.getByRole('button', { name: 'Версия для слабовидящих' }).click();
    await audit(page, 'large print: welcome', findings, KIOSK_TARGET_PX);
    await page.getByRole('button', { name: 'Начать опрос' }).click();
    for (const [i, v] of [4, 4, 4, 4, 8].entries()) {
      await page.getByText(`Вопрос ${i + 1} из 7`).waitFor();
      if (i === 0 || i === 4) await audit(page, `large print: question ${i + 1}`, findings, KIOSK_TARGET_PX);
      await page.locator('.scale-button', { hasText: new RegExp(`^${v}$`) }).click();
    }
    await page.getByText('Вопрос 6 из 7').waitFor();
    await audit(page, 'large print: comment with keyboard', findings, KIOSK_TARGET_PX);
    await page.getByRole('button', { name: 'Пропустить' }).click();
    await page.getByRole('button', { name: 'Профориентация' }).click();
    await audit(page, 'large print: service', findings, KIOSK_TARGET_PX);
    // At 1280×800 the send button is in view without scrolling, and no service name breaks inside a word.
    const layout = await page.evaluate(() => {
      const broken: string[] = [];
      for (const button of document.querySelectorAll('.service-list .choice')) {
        const text = button.firstChild!;
        for (const word of (text.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(text, word.index);
          range.setEnd(text, word.index + word[0].length);
          if ([...range.getClientRects()].filter((r) => r.width > 0).length > 1) broken.push(word[0]);
        }
      }
      return { sendBottom: document.querySelector('.send')!.getBoundingClientRect().bottom, height: innerHeight, broken };
    });
    expect(layout.broken).toEqual([]);
    expect(layout.sendBottom).toBeLessThanOrEqual(layout.height);
    await page.getByRole('button', { name: 'Завершить опрос' }).click();
    await audit(page, 'large print: finish confirmation', findings, KIOSK_TARGET_PX);
    await page.getByRole('button', { name: 'Завершить', exact: true }).click();
    await page.getByRole('heading', { name: 'Спасибо за Ваши ответы!' }).waitFor();
    await audit(page, 'large print: thanks', findings, KIOSK_TARGET_PX);
    await page.getByRole('button', { name: 'Готово' }).click();
    // The next client at the kiosk starts from the ordinary view.
    expect(await page.getByRole('button', { name: 'Версия для слабовидящих' }).getAttribute('aria-pressed')).toBe('false');
    expect(await page.evaluate(() => document.documentElement.dataset.view ?? 'ordinary')).toBe('ordinary');
    await page.keyboard.press('Control+Alt+KeyS');
    await page.getByRole('dialog', { name: 'Служебный вход' }).waitFor();
    await audit(page, 'PIN pad', findings, KIOSK_TARGET_PX);
    await page.getByLabel('PIN сотрудника').fill(PIN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Служебное меню киоска' }).waitFor();
    await audit(page, 'staff menu', findings, KIOSK_TARGET_PX);
    await page.getByRole('button', { name: 'Вернуться к опросу' }).click();
    expect(findings).toEqual([]);
  }, 180_000);

  it('the whole survey works with the keyboard alone', async () => {
    await page.goto(`${proxy.url}/kiosk/?t.idle=300&t.thanks=300`);
    const start = page.getByRole('button', { name: 'Начать опрос' });
    await start.waitFor();
    const before = storedResponses(hub).length;
    await tabTo(page, 'Начать опрос');
    await page.keyboard.press('Enter');
    for (const [i, v] of ['3', '4', '5', '2', '7'].entries()) {
      await page.getByText(`Вопрос ${i + 1} из 7`).waitFor();
      await tabTo(page, v);
      await page.keyboard.press(i % 2 === 0 ? 'Enter' : 'Space');
    }
    await page.getByText('Вопрос 6 из 7').waitFor();
    await tabTo(page, '', 'TEXTAREA');
    await page.keyboard.type('Клавиатурой');
    await tabTo(page, 'Далее');
    await page.keyboard.press('Enter');
    await page.getByText('Вопрос 7 из 7').waitFor();
    await tabTo(page, 'Подбор вакансий');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Отправить ответы');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Спасибо за Ваши ответы!' }).waitFor();
    const rows = await poll('the keyboard-only response', () => storedResponses(hub), (r) => r.length === before + 1);
    expect(rows.find((r) => r.comment === 'Клавиатурой')).toMatchObject({ csat1: 3, csat2: 4, csat3: 5, ces: 2, nps: 7, service_id: 'vacancies', complete: 1 });
  }, 60_000);

  it('phone mode: no serious or critical violation at 390 px, nor in large print at 320 px; text scales to 200 %', async () => {
    const findings: Finding[] = [];
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${proxy.url}/kiosk/?mode=phone&office=${OFFICE}&channel=qr-poster`);
    await phone.getByRole('button', { name: 'Начать опрос' }).waitFor();
    await audit(phone, 'phone welcome', findings);
    await phone.getByRole('button', { name: 'Начать опрос' }).click();
    await audit(phone, 'phone question 1', findings);
    for (const v of [5, 5, 5, 5]) await phone.locator('.scale-button', { hasText: new RegExp(`^${v}$`) }).click();
    await phone.getByText(/^Вопрос 5 из \d+$/).waitFor();
    await audit(phone, 'phone NPS', findings);
    await phone.locator('.scale-button', { hasText: /^10$/ }).click();
    await audit(phone, 'phone comment', findings);
    await phone.getByRole('button', { name: 'Пропустить' }).click();
    // The service question, from the list the server gives with the office's name.
    await phone.locator('h1', { hasText: 'О какой услуге Ваш отзыв?' }).waitFor();
    await audit(phone, 'phone service', findings);
    await phone.getByRole('button', { name: 'Завершить опрос' }).click();
    await audit(phone, 'phone finish confirmation', findings);
    await phone.getByRole('button', { name: 'Продолжить опрос' }).click();
    await phone.getByRole('button', { name: 'Отправить ответы' }).click();
    await phone.getByRole('heading', { name: 'Спасибо за Ваши ответы!' }).waitFor();
    await audit(phone, 'phone thanks', findings);

    // Large print on the phone: every screen again, at 320 px, the narrowest phone in use.
    await phone.setViewportSize({ width: 320, height: 640 });
    await phone.goto(`${proxy.url}/kiosk/?mode=phone&office=${OFFICE}&channel=qr-poster`);
    await phone.getByRole('button', { name: 'Версия для слабовидящих' }).click();
    await audit(phone, 'phone large print: welcome', findings);
    await phone.getByRole('button', { name: 'Начать опрос' }).click();
    await audit(phone, 'phone large print: question 1', findings);
    for (const v of [4, 4, 4, 4]) await phone.locator('.scale-button', { hasText: new RegExp(`^${v}$`) }).click();
    await phone.getByText(/^Вопрос 5 из \d+$/).waitFor();
    await audit(phone, 'phone large print: NPS', findings);
    await phone.locator('.scale-button', { hasText: /^10$/ }).click();
    await audit(phone, 'phone large print: comment', findings);
    await phone.getByRole('button', { name: 'Пропустить' }).click();
    await phone.getByRole('button', { name: 'Подбор вакансий' }).click();
    await audit(phone, 'phone large print: service', findings);
    await phone.getByRole('button', { name: 'Завершить опрос' }).click();
    await audit(phone, 'phone large print: finish confirmation', findings);
    await phone.getByRole('button', { name: 'Завершить', exact: true }).click();
    await phone.getByRole('heading', { name: 'Спасибо за Ваши ответы!' }).waitFor();
    await audit(phone, 'phone large print: thanks', findings);
    await phone.goto(`${proxy.url}/kiosk/?mode=phone&channel=qr-poster`);
    await phone.getByRole('heading', { name: 'Ссылка на опрос неполная' }).waitFor();
    await audit(phone, 'phone broken link', findings);
    await phone.close();
    expect(findings).toEqual([]);
  }, 180_000);
});

/** Presses Tab until the focused element is the named control (bounded: a trap fails the test). */
async function tabTo(target: Page, text: string, tag = 'BUTTON'): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await target.keyboard.press('Tab');
    const focused = await target.evaluate(() => ({ tag: document.activeElement?.tagName ?? '', text: document.activeElement?.textContent?.trim() ?? '' }));
    if (focused.tag === tag && (text === '' || focused.text === text)) return;
  }
  throw new Error(`could not reach «${text}» with Tab`);
}
