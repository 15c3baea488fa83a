import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKioskBuilt } from './support/kiosk-build.ts';
import { countResponses, OFFICE, startPhoneStack, type PhoneStack } from './support/phone-hubs.ts';
import { staffSession } from './support/staff-session.ts';
import { bodyText, startSmtpInbox, type SmtpInbox } from './support/smtp-inbox.ts';
import { launchChromium } from './support/chromium.ts';

/**
 * The e-mailed link end to end: an employee at the office hub sends it, a local SMTP server
 * receives it, Chromium opens the link from the message on a phone-sized screen, the survey is
 * answered, and the central (not the office hub) stores exactly one response with channel
 * email-link. The client's address is kept nowhere.
 */
const CLIENT = 'klient.ivanova@example.ru';
let smtp: SmtpInbox | undefined;
let stack: PhoneStack;
let browser: Browser;
let received: SmtpInbox['received'] = [];

beforeAll(async () => {
  smtp = await startSmtpInbox();
  received = smtp.received;
  const port = smtp.port;
  await ensureKioskBuilt();
  stack = await startPhoneStack({ withOffice: true, env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'opros@czn44.test' } });
  browser = await launchChromium();
}, 200_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await smtp?.close();
});


async function poll<T>(what: string, read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('e-mailed survey link', () => {
  it('arrives with a working link that opens the phone survey and stores one answer at the central', async () => {
    const clerk = await staffSession(stack.office!, 'clerk', [{ role: 'staff', officeId: OFFICE }]);
    const sent = await clerk.fetch('/api/invitations/email', { method: 'POST', body: JSON.stringify({ email: CLIENT, desk: 'Окно 2', serviceId: null }) });
    expect(sent.status).toBe(200);

    const mail = (await poll('the message', () => received.at(-1), (m) => m !== undefined))!;
    expect(mail.to).toEqual([CLIENT]);
    const text = bodyText(mail.raw);
    expect(text).toContain('Пожалуйста, ответьте на несколько вопросов');
    const link = new RegExp(`${stack.central.url.replace(/[.]/g, '\\.')}/s/[A-Za-z0-9._-]+`).exec(text)?.[0];
    expect(link).toBeDefined();

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    await phone.goto(link!);
    expect(new URL(phone.url()).origin).toBe(stack.central.url);
    // The link names the office by id; the page shows its name and the address for a written appeal.
    await phone.getByText('Шарьинское отделение').waitFor();
    expect(await phone.getByText('лично по адресу Костромская область, Шарьинский район').isVisible()).toBe(true);
    await phone.getByRole('button', { name: 'Начать опрос' }).click();
    for (const v of [5, 4, 5, 4]) await phone.locator('.scale-button', { hasText: new RegExp(`^${v}$`) }).click();
    await phone.locator('.scale-button', { hasText: /^9$/ }).click();
    await phone.locator('#comment').fill('Спасибо за помощь');
    await phone.getByRole('button', { name: 'Далее' }).click();
    // the service question (the link names none): left unanswered
    await phone.getByRole('button', { name: 'Отправить ответы' }).click();
    await phone.getByRole('heading', { name: 'Спасибо за Ваши ответы!' }).waitFor();

    await poll('the answer at the central', () => countResponses(stack.central, "channel = 'email-link'"), (n) => n === 1);
    const row = stack.central.ctx.db.prepare("SELECT office_id, device_id, desk, nps, comment FROM response WHERE channel = 'email-link'").get();
    expect(row).toEqual({ office_id: OFFICE, device_id: 'phone', desk: 'Окно 2', nps: 9, comment: 'Спасибо за помощь' });
    expect(countResponses(stack.office!)).toBe(0);

    // The phone's outbox empties once the central has acknowledged.
    await poll(
      'an empty phone outbox',
      () => phone.evaluate(() => new Promise<number>((resolve) => {
        const open = indexedDB.open('czn-kiosk');
        open.onsuccess = () => {
          const count = open.result.transaction('outbox').objectStore('outbox').count();
          count.onsuccess = () => resolve(count.result);
        };
      })),
      (n) => n === 0,
    );

    // Opening the same link again: the clear thank-you page, not a second survey.
    await phone.goto(link!);
    await phone.getByRole('heading', { name: 'Спасибо, этот опрос уже пройден' }).waitFor();
    await context.close();
    expect(countResponses(stack.central, "channel = 'email-link'")).toBe(1);

    // The address was used to send and is stored nowhere at the office hub.
    stack.office!.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(stack.office!.ctx.config.databaseFile).includes(Buffer.from(CLIENT))).toBe(false);
  }, 120_000);

  it('a phone that opened a link already answered elsewhere is told so after the answer', async () => {
    const clerk = await staffSession(stack.office!, 'clerk', [{ role: 'staff', officeId: OFFICE }]);
    const issued = (await (await clerk.fetch('/api/invitations', { method: 'POST', body: JSON.stringify({ desk: null, serviceId: null }) })).json()) as { url: string };
    // The same link opened on two phones: both answer, only the first counts, the second is thanked.
    const contexts = [await browser.newContext({ viewport: { width: 390, height: 844 } }), await browser.newContext({ viewport: { width: 390, height: 844 } })];
    const [first, second] = await Promise.all(contexts.map((c) => c.newPage()));
    for (const page of [first!, second!]) await page.goto(issued.url);
    for (const page of [first!, second!]) {
      await page.getByRole('button', { name: 'Начать опрос' }).click();
      for (const v of [3, 3, 3, 3]) await page.locator('.scale-button', { hasText: new RegExp(`^${v}$`) }).click();
      await page.locator('.scale-button', { hasText: /^7$/ }).click();
      await page.locator('#comment').fill('Долго ждал');
      await page.getByRole('button', { name: 'Далее' }).click();
      await page.getByRole('button', { name: 'Отправить ответы' }).click();
      if (page === first) await poll('the first answer', () => countResponses(stack.central, "channel = 'visit-qr'"), (n) => n === 1);
    }
    await second!.getByRole('heading', { name: 'Спасибо, этот опрос уже пройден' }).waitFor({ timeout: 30_000 });
    for (const c of contexts) await c.close();
    expect(countResponses(stack.central, "channel = 'visit-qr'")).toBe(1);
  }, 120_000);
});
