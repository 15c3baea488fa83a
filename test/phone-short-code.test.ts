import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueOfficeKey } from '../hub/central/office-keys.ts';
import { registerInvitationCode } from '../hub/invitations/code-registration.ts';
import { newShortCode, shortCodeHash } from '../hub/invitations/short-code.ts';
import { newNonce, signInvitation } from '../hub/invitations/token.ts';
import { countResponses, OFFICE, phoneResponse, postAnswer, startPhoneStack, type PhoneStack } from './support/phone-hubs.ts';
import { staffSession, type StaffSession } from './support/staff-session.ts';

/**
 * Short invitation links over real HTTP: an office hub issues, the central registers and resolves.
 * The code resolves (any case, with or without hyphens), binds the answer like the token, is
 * single-use together with the token it stands for, expires with it, and guessing is throttled per
 * address. When the central cannot be reached the slip still gets a working (long) link. Client
 * addresses are set with X-Forwarded-For, which the hub trusts from the loopback proxy.
 */
let now = Date.now();
let stack: PhoneStack;
let clerk: StaffSession;
const CODE_URL = /\/s\/([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})$/;

beforeAll(async () => {
  stack = await startPhoneStack({ withOffice: true, clock: () => now, env: { PUBLIC_RATE_MAX: '1000', PUBLIC_GUESS_MAX: '4' } });
  clerk = await staffSession(stack.office!, 'clerk', [{ role: 'staff', officeId: OFFICE }]);
}, 60_000);
afterAll(async () => stack?.close());

let address = 0;
/** A fresh client address per use, so one test's refusals do not count against the next. */
const client = () => ({ 'x-forwarded-for': `198.51.100.${++address}` });

async function invite(visit: { desk: string | null; serviceId: string | null }): Promise<{ url: string; code: string; expiresAt: number }> {
  const res = await clerk.fetch('/api/invitations', { method: 'POST', body: JSON.stringify(visit) });
  expect(res.status).toBe(200);
  return (await res.json()) as { url: string; code: string; expiresAt: number };
}

const open = (url: string, headers: Record<string, string> = client()) => fetch(url, { redirect: 'manual', headers });

describe('short invitation links', () => {
  it('are short: a typeable address and a QR code of a third of the modules', async () => {
    const { url, code } = await invite({ desk: 'Окно 4', serviceId: 'vacancies' });
    expect(url).toBe(`${stack.central.url}/s/${code}`);
    expect(url).toMatch(CODE_URL);
    expect(url.length).toBeLessThan(stack.central.url.length + 18);
    // What the slip carried before: the signed token itself (about 230 characters with this desk).
    const stored = stack.central.ctx.db.prepare('SELECT token FROM invitation_code').pluck().all() as string[];
    const long = `${stack.central.url}/s/${stored.at(-1)}`;
    expect(long.length).toBeGreaterThan(200);
    const modules = (text: string) => QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size;
    expect(modules(url)).toBeLessThanOrEqual(33);
    expect(modules(long)).toBeGreaterThanOrEqual(57);
  });

  it('resolve as typed (any case, hyphens or none) to the phone survey with the code, never the token, in the address', async () => {
    const { url, code } = await invite({ desk: 'Окно 4', serviceId: 'vacancies' });
    const plain = code.replace(/-/g, '');
    for (const typed of [url, `${stack.central.url}/s/${plain.toLowerCase()}`]) {
      const res = await open(typed);
      expect(res.status, typed).toBe(302);
      const target = new URL(res.headers.get('location')!, stack.central.url);
      expect(Object.fromEntries(target.searchParams)).toEqual({ mode: 'phone', t: plain, office: OFFICE, channel: 'visit-qr', desk: 'Окно 4', service: 'vacancies' });
    }
    expect(stack.central.ctx.db.prepare('SELECT count(*) FROM invitation_code WHERE code_hash = ?').pluck().get(shortCodeHash(plain))).toBe(1);
  });

  it('take one answer bound to the desk and service, and the token behind the code is spent with it', async () => {
    const { url, code } = await invite({ desk: 'Окно 5', serviceId: null });
    const plain = code.replace(/-/g, '');
    const wrongDesk = await postAnswer(stack.central, { token: plain, response: phoneResponse({ desk: 'Окно 6' }) }, client());
    expect(wrongDesk.status).toBe(400);
    const response = phoneResponse({ desk: 'Окно 5' });
    expect((await postAnswer(stack.central, { token: plain, response }, client())).status).toBe(200);
    expect(await (await postAnswer(stack.central, { token: plain, response }, client())).json()).toMatchObject({ results: [{ id: response.id, status: 'duplicate' }] });
    expect((await postAnswer(stack.central, { token: plain, response: phoneResponse({ desk: 'Окно 5' }) }, client())).status).toBe(409);
    // The long token the code stands for is the same invitation: spent too.
    const token = stack.central.ctx.db.prepare('SELECT token FROM invitation_code WHERE code_hash = ?').pluck().get(shortCodeHash(plain)) as string;
    expect((await postAnswer(stack.central, { token, response: phoneResponse({ desk: 'Окно 5' }) }, client())).status).toBe(409);
    const again = await open(url);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Спасибо, этот опрос уже пройден');
    expect(countResponses(stack.central, "desk = 'Окно 5'")).toBe(1);
  });

  it('expire with their invitation: the link says so, the answer is refused', async () => {
    const { url, code, expiresAt } = await invite({ desk: null, serviceId: null });
    const saved = now;
    now = expiresAt + 1;
    try {
      const link = await open(url);
      expect(link.status).toBe(410);
      expect(await link.text()).toMatch(/истёк/);
      const answer = await postAnswer(stack.central, { token: code.replace(/-/g, ''), response: phoneResponse() }, client());
      expect(answer.status).toBe(410);
    } finally {
      now = saved;
    }
  });

  it('an unknown code is refused plainly, and an address that keeps guessing is stopped, valid codes included, while others are not', async () => {
    const guesser = client();
    const guess = () => `${stack.central.url}/s/${newShortCode()}`;
    const first = await open(guess(), guesser);
    expect(first.status).toBe(404);
    expect(await first.text()).toContain('Код приглашения не найден');
    const answer = await postAnswer(stack.central, { token: newShortCode(), response: phoneResponse() }, guesser);
    expect(answer.status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await open(guess(), guesser)).status).toBe(404);
    const stopped = await open(guess(), guesser);
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get('retry-after'))).toBeGreaterThan(0);
    // A person who opened a link gets a page, the phone app JSON.
    expect(stopped.headers.get('content-type')).toMatch(/html/);
    expect(await stopped.text()).toContain('Слишком много неверных ссылок или кодов');
    const { url } = await invite({ desk: null, serviceId: null });
    expect((await open(url, guesser)).status).toBe(429);
    expect((await postAnswer(stack.central, { token: newShortCode(), response: phoneResponse() }, guesser)).status).toBe(429);
    // Good links do not count: another address opens its own link many times over.
    const visitor = client();
    for (let i = 0; i < 6; i++) expect((await open(url, visitor)).status).toBe(302);
  });

  it('the central takes a code only from the office that signed the invitation, and never repoints a code', async () => {
    const buyKey = await issueOfficeKey(stack.central.ctx.sql, stack.central.ctx.offices.find('buy'), now);
    if (!buyKey.ok) throw new Error(buyKey.reason);
    const sharyaToken = signInvitation(
      { keyId: stack.key.keyId, secret: stack.key.secret },
      { officeId: OFFICE, desk: null, serviceId: null, channel: 'visit-qr', expiresAt: now + 86_400_000, nonce: newNonce() },
    );
    const target = (key: { keyId: string; secret: string }) => ({ centralUrl: stack.central.url, key, clock: () => now, timeoutMs: 5000 });
    const code = newShortCode();
    const hash = shortCodeHash(code).toString('hex');
    expect(await registerInvitationCode(target({ keyId: buyKey.value.keyId, secret: buyKey.value.secret }), { codeHash: hash, token: sharyaToken })).toMatchObject({ ok: false, reason: expect.stringMatching(/403/) });
    const sharya = target({ keyId: stack.key.keyId, secret: stack.key.secret });
    expect(await registerInvitationCode(sharya, { codeHash: hash, token: sharyaToken })).toEqual({ ok: true });
    expect(await registerInvitationCode(sharya, { codeHash: hash, token: sharyaToken })).toEqual({ ok: true });
    const otherToken = signInvitation({ keyId: stack.key.keyId, secret: stack.key.secret }, { officeId: OFFICE, desk: 'Окно 1', serviceId: null, channel: 'visit-qr', expiresAt: now + 86_400_000, nonce: newNonce() });
    expect(await registerInvitationCode(sharya, { codeHash: hash, token: otherToken })).toMatchObject({ ok: false, reason: expect.stringMatching(/409/) });
    expect(await registerInvitationCode(sharya, { codeHash: hash, token: 'v1.sharya.000000000000.e30.AAAA' })).toMatchObject({ ok: false, reason: expect.stringMatching(/400/) });
    const unsigned = await fetch(`${stack.central.url}/api/forward/invitation-codes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ codeHash: hash, token: otherToken }) });
    expect(unsigned.status).toBe(401);
  });
});

describe('without the central', () => {
  let silent: Server;
  let down: PhoneStack;

  beforeAll(async () => {
    // A central that accepts the connection and never answers: the office waits its budget, then gives the long link.
    silent = createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    down = await startPhoneStack({ withOffice: true, env: { CENTRAL_URL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, INVITATION_CODE_TIMEOUT_MS: '300' } });
  }, 60_000);
  afterAll(async () => {
    await down?.close();
    silent?.close();
  });

  it('the slip gets the signed long link, which works at the central as before', async () => {
    const clerkDown = await staffSession(down.office!, 'clerk', [{ role: 'staff', officeId: OFFICE }]);
    const res = await clerkDown.fetch('/api/invitations', { method: 'POST', body: JSON.stringify({ desk: null, serviceId: null }) });
    const issued = (await res.json()) as { url: string; code: string | null };
    expect(issued.code).toBeNull();
    expect(issued.url).toMatch(new RegExp(`^${down.central.url}/s/v1\\.`));
    expect((await fetch(issued.url, { redirect: 'manual' })).status).toBe(302);
    const token = issued.url.slice(`${down.central.url}/s/`.length);
    expect((await postAnswer(down.central, { token, response: phoneResponse() })).status).toBe(200);
  });
});
