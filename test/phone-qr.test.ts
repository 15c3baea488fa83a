import { createServer } from 'node:net';
import * as jsqrModule from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrPng } from '../hub/invitations/qr.ts';
import { countResponses, OFFICE, phoneResponse, postAnswer, startPhoneStack, type PhoneStack } from './support/phone-hubs.ts';
import { browserAs, staffSession, type StaffSession } from './support/staff-session.ts';
import { launchChromium } from './support/chromium.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';

/**
 * QR codes read back from what is actually rendered: the poster page and the invite page's slip,
 * screenshotted in Chromium and decoded with jsQR, must give the right address, and that address
 * must lead to the survey. The office hub issues; the central accepts. Without a short code the
 * slip carries the QR code alone and stays within its frame at 1280 px and in print.
 */
let stack: PhoneStack;
let browser: Browser;
let clerk: StaffSession;
let cx: StaffSession;

// jsqr is CommonJS: Node's ESM loader hands over module.exports, whose `default` is the function.
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsqrExports = jsqrModule.default as unknown as JsQr & { default?: JsQr };
const jsQR: JsQr = jsqrExports.default ?? jsqrExports;

function decode(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}

beforeAll(async () => {
  await ensureStaffAppBuilt();
  stack = await startPhoneStack({ withOffice: true });
  clerk = await staffSession(stack.office!, 'clerk', [{ role: 'staff', officeId: OFFICE }]);
  cx = await staffSession(stack.office!, 'cx-analyst', [{ role: 'cx' }]);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function pageAs(session: StaffSession) {
  return browserAs(browser, stack.office!.url, session, { viewport: { width: 800, height: 1130 }, deviceScaleFactor: 2 });
}

describe('QR codes', () => {
  it('the poster, rendered and decoded, gives the office short URL at the survey base, which opens the poster survey', async () => {
    const context = await pageAs(cx);
    const page = await context.newPage();
    await page.goto(`${stack.office!.url}/posters/${OFFICE}`);
    const decoded = decode(await page.locator('#poster-qr').screenshot());
    expect(decoded).toBe(`${stack.central.url}/p/${OFFICE}`);
    expect(await page.textContent('.url')).toBe(decoded);
    // The print button works under the hub's CSP (no inline script).
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await page.click('#print');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await context.close();
    const followed = await fetch(decoded!, { redirect: 'manual' });
    expect(followed.headers.get('location')).toBe(`/kiosk/?mode=phone&office=${OFFICE}&channel=qr-poster`);
    const listing = await pageAs(cx);
    const list = await listing.newPage();
    await list.goto(`${stack.office!.url}/admin/posters`);
    expect(await list.getByRole('link', { name: 'Открыть плакат «Шарьинское отделение»' }).getAttribute('href')).toBe(`/posters/${OFFICE}`);
    await listing.close();
  });

  it('the slip shown on the invite page, decoded, gives a working one-time link bound to the desk and service', async () => {
    const context = await pageAs(clerk);
    const page = await context.newPage();
    await page.goto(`${stack.office!.url}/invite`);
    await page.fill('input[name=desk]', 'Окно 4');
    await page.selectOption('select[name=serviceId]', 'vacancies');
    await page.click('button[data-action=show]');
    await page.locator('#slip-qr svg').waitFor();
    const decoded = decode(await page.locator('#slip-qr').screenshot());
    const slipUrl = await page.textContent('#slip-url');
    await context.close();
    // The short link (test/phone-short-code.test.ts): the printed address is the decoded one.
    expect(decoded).toMatch(new RegExp(`^${stack.central.url}/s/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`));
    expect(slipUrl).toBe(decoded);
    const token = decoded!.slice(`${stack.central.url}/s/`.length).replace(/-/g, '');
    const link = await fetch(decoded!, { redirect: 'manual' });
    expect(link.status).toBe(302);
    const target = new URL(link.headers.get('location')!, stack.central.url);
    expect(Object.fromEntries(target.searchParams)).toMatchObject({ mode: 'phone', t: token, office: OFFICE, channel: 'visit-qr', desk: 'Окно 4', service: 'vacancies' });
    const answer = await postAnswer(stack.central, { token, response: phoneResponse({ desk: 'Окно 4', serviceId: 'vacancies' }) });
    expect(answer.status).toBe(200);
    expect(countResponses(stack.central, "channel = 'visit-qr' AND desk = 'Окно 4'")).toBe(1);
    // The office hub kept the hash of what it issued, who issued it, and never the token.
    const issued = stack.office!.ctx.db.prepare('SELECT issued_by, channel, desk, service_id, length(token_hash) AS len FROM invitation').all();
    expect(issued).toEqual([{ issued_by: 'clerk', channel: 'visit-qr', desk: 'Окно 4', service_id: 'vacancies', len: 32 }]);
  });

  it('the QR image of an API-issued link decodes to that link', async () => {
    const res = await clerk.fetch('/api/invitations', { method: 'POST', body: JSON.stringify({ desk: null, serviceId: null }) });
    const { url, qrSvg } = (await res.json()) as { url: string; qrSvg: string };
    expect(qrSvg).toContain('<svg');
    expect(decode(await qrPng(url))).toBe(url);
  });

  it('without SMTP the page says so once, calmly, and offers no e-mail button; the API refuses, and checks the address', async () => {
    const context = await pageAs(clerk);
    const page = await context.newPage();
    await page.goto(`${stack.office!.url}/invite`);
    await page.getByText('Отправка ссылок по e-mail выключена').waitFor();
    expect(await page.locator('button[data-action=email]').count()).toBe(0);
    expect(await page.locator('[role=alert]').count()).toBe(0);
    // Said once: after «Понятно» the note stays away on this computer.
    await page.getByRole('button', { name: 'Понятно, больше не показывать' }).click();
    await page.reload();
    await page.getByRole('button', { name: 'Показать QR-код' }).waitFor();
    expect(await page.getByText('Отправка ссылок по e-mail выключена').count()).toBe(0);
    await context.close();
    const noSmtp = await clerk.fetch('/api/invitations/email', { method: 'POST', body: JSON.stringify({ email: 'a@example.ru' }) });
    expect(noSmtp.status).toBe(409);
    const badAddress = await clerk.fetch('/api/invitations/email', { method: 'POST', body: JSON.stringify({ email: 'не адрес' }) });
    expect(badAddress.status).toBe(400);
  });

  it('an employee of another office may not invite in this office’s name; the staff home lists the invite page', async () => {
    const stranger = await staffSession(stack.office!, 'buy-clerk', [{ role: 'staff', officeId: 'buy' }]);
    const res = await stranger.fetch('/api/invitations', { method: 'POST', body: '{}' });
    expect(res.status).toBe(403);
    const context = await pageAs(clerk);
    const home = await context.newPage();
    await home.goto(`${stack.office!.url}/staff`);
    expect(await home.locator('main').getByRole('link', { name: /Пригласить к опросу/ }).getAttribute('href')).toBe('/invite');
    await context.close();
  });

  it('without a short code the slip prints the QR code alone and fits, at 1280 px and in print; the long link is one click away on screen', { timeout: 60_000 }, async () => {
    // A central address that refuses at once: the office hub cannot register a short code and gives the long link.
    const refusing = createServer();
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const port = (refusing.address() as { port: number }).port;
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
    const down = await startPhoneStack({ withOffice: true, env: { CENTRAL_URL: `http://127.0.0.1:${port}`, INVITATION_CODE_TIMEOUT_MS: '300' } });
    try {
      const clerkDown = await staffSession(down.office!, 'clerk', [{ role: 'staff', officeId: OFFICE }]);
      const context = await browserAs(browser, down.office!.url, clerkDown, { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 2 });
      const page = await context.newPage();
      await page.goto(`${down.office!.url}/invite`);
      await page.click('button[data-action=show]');
      await page.locator('#slip-qr svg').waitFor();
      const slip = page.locator('#slip');
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const widest = () => slip.evaluate((el) => Math.max(...[...el.querySelectorAll('*')].map((c) => c.getBoundingClientRect().right)) - el.getBoundingClientRect().right);
      expect(await overflow()).toBeLessThanOrEqual(0);
      expect(await widest()).toBeLessThanOrEqual(0);
      expect(await slip.getByText('Наведите камеру телефона на код.').count()).toBe(1);
      // The whole link, folded, for the staff member: it wraps inside the slip, and is the one in the QR code.
      await slip.getByText('Ссылка полностью').click();
      const decoded = decode(await page.locator('#slip-qr').screenshot());
      const long = await page.locator('#slip-url').textContent();
      expect(long).toBe(decoded);
      expect(long!.length).toBeGreaterThan(200);
      expect(await overflow()).toBeLessThanOrEqual(0);
      expect(await widest()).toBeLessThanOrEqual(0);
      // On paper: the QR code and the words, no address and no staff note; nothing past the page.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#slip-url').isVisible()).toBe(false);
      expect(await slip.getByText('Короткий адрес сейчас получить не удалось').isVisible()).toBe(false);
      expect(await page.locator('#slip-qr svg').isVisible()).toBe(true);
      expect(await overflow()).toBeLessThanOrEqual(0);
      expect(await widest()).toBeLessThanOrEqual(0);
      await context.close();
    } finally {
      await down.close();
    }
  });
});
