import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import { periodContaining } from '../shared/periods.ts';
import { revokeOfficeKeys } from '../hub/central/office-keys.ts';
import { recordArchived } from '../hub/reports/archive.ts';
import { newNonce, signInvitation, type InvitationClaims } from '../hub/invitations/token.ts';
import { countResponses, OFFICE, phoneResponse, postAnswer, startPhoneStack, type PhoneStack } from './support/phone-hubs.ts';

/**
 * The central's public survey endpoints over real HTTP: single use under concurrency, idempotent
 * resend, refused tokens with their messages, links, and the hardening (no CORS, 413, 429).
 */
let now = Date.now();
let stack: PhoneStack;

const claims = (over: Partial<InvitationClaims> = {}): InvitationClaims => ({
  officeId: OFFICE,
  desk: 'Окно 3',
  serviceId: null,
  channel: 'visit-qr',
  expiresAt: now + 7 * 86_400_000,
  nonce: newNonce(),
  ...over,
});
const sign = (over: Partial<InvitationClaims> = {}) => signInvitation({ keyId: stack.key.keyId, secret: stack.key.secret }, claims(over));

beforeAll(async () => {
  stack = await startPhoneStack({ env: { PUBLIC_RATE_MAX: '1000', PUBLIC_GUESS_MAX: '1000' }, clock: () => now });
});
afterAll(async () => stack?.close());

describe('answers with a per-visit token', () => {
  it('20 concurrent submissions of one token store exactly one response', async () => {
    const token = sign();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postAnswer(stack.central, { token, response: phoneResponse({ desk: 'Окно 3' }) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: string; reason?: string } }))),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.every((a) => a.status === 409 && a.body.error === 'already-used' && a.body.reason === 'Спасибо, этот опрос уже пройден')).toBe(true);
    expect(countResponses(stack.central, "desk = 'Окно 3' AND channel = 'visit-qr'")).toBe(1);
  });

  it('a phone resending the same answer after a lost reply gets 200 duplicate; a new answer gets 409', async () => {
    const token = sign({ channel: 'email-link', desk: null });
    const response = phoneResponse({ channel: 'email-link' });
    const first = await postAnswer(stack.central, { token, response });
    expect(await first.json()).toEqual({ ok: true, protocol: 1, results: [{ id: response.id, status: 'stored' }] });
    const again = await postAnswer(stack.central, { token, response });
    expect(await again.json()).toEqual({ ok: true, protocol: 1, results: [{ id: response.id, status: 'duplicate' }] });
    const other = await postAnswer(stack.central, { token, response: phoneResponse({ channel: 'email-link' }) });
    expect(other.status).toBe(409);
    const changed = await postAnswer(stack.central, { token, response: { ...response, answers: { csat1: 1 } } });
    expect(changed.status).toBe(409);
  });

  it('refuses expired, unknown, tampered and revoked-key tokens with a clear message, storing nothing', async () => {
    const before = countResponses(stack.central);
    const expired = sign({ expiresAt: now - 1, desk: null });
    const good = sign({ desk: null });
    const tampered = good.slice(0, -3) + (good.endsWith('AAA') ? 'BBB' : 'AAA');
    const unknown = good.replace(stack.key.keyId, 'sharya.ffffffffffff');
    const cases: [string, number, RegExp][] = [
      [expired, 410, /истёк/],
      [tampered, 401, /недействительна/],
      [unknown, 401, /недействительна/],
      ['v1.nonsense', 401, /недействительна/],
    ];
    for (const [token, status, reason] of cases) {
      const res = await postAnswer(stack.central, { token, response: phoneResponse() });
      expect(res.status, token).toBe(status);
      expect(((await res.json()) as { reason: string }).reason).toMatch(reason);
      const link = await fetch(`${stack.central.url}/s/${token}`, { redirect: 'manual' });
      expect(link.status).toBe(status === 410 ? 410 : 400);
      expect(await link.text()).toMatch(reason);
    }
    expect(countResponses(stack.central)).toBe(before);
  });

  it('refuses a response that contradicts its token instead of correcting it', async () => {
    const token = sign({ desk: 'Окно 1', serviceId: 'vacancies' });
    for (const response of [
      phoneResponse({ desk: 'Окно 2', serviceId: 'vacancies' }),
      phoneResponse({ desk: 'Окно 1', serviceId: 'training' }),
      phoneResponse({ desk: 'Окно 1', serviceId: 'vacancies', channel: 'email-link' }),
      phoneResponse({ desk: 'Окно 1', serviceId: 'vacancies', deviceId: 'kiosk-1' }),
    ]) {
      const res = await postAnswer(stack.central, { token, response });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { reason: string }).reason.length).toBeGreaterThan(5);
    }
    expect((await postAnswer(stack.central, { token, response: phoneResponse({ desk: 'Окно 1', serviceId: 'vacancies' }) })).status).toBe(200);
  });

  it('the link sends an unused token to the phone survey and a used one to the thank-you page', async () => {
    const token = sign({ desk: 'Окно 7', serviceId: 'training' });
    const link = await fetch(`${stack.central.url}/s/${token}`, { redirect: 'manual' });
    expect(link.status).toBe(302);
    const target = new URL(link.headers.get('location')!, stack.central.url);
    expect(target.pathname).toBe('/kiosk/');
    expect(Object.fromEntries(target.searchParams)).toEqual({ mode: 'phone', t: token, office: OFFICE, channel: 'visit-qr', desk: 'Окно 7', service: 'training' });
    await postAnswer(stack.central, { token, response: phoneResponse({ desk: 'Окно 7', serviceId: 'training' }) });
    const used = await fetch(`${stack.central.url}/s/${token}`, { redirect: 'manual' });
    expect(used.status).toBe(409);
    expect(await used.text()).toContain('Спасибо, этот опрос уже пройден');
  });

  it('a revoked office key stops its tokens', async () => {
    const token = sign({ desk: null });
    await revokeOfficeKeys(stack.central.ctx.sql, OFFICE, now, stack.key.keyId);
    const res = await postAnswer(stack.central, { token, response: phoneResponse() });
    expect(res.status).toBe(403);
    stack.central.ctx.db.prepare('UPDATE office_key SET revoked_at = NULL WHERE key_id = ?').run(stack.key.keyId);
  });
});

describe('answers from the office poster (no token)', () => {
  it('accepts channel qr-poster for an open office, refuses other channels and unknown offices', async () => {
    const ok = await postAnswer(stack.central, { response: phoneResponse({ channel: 'qr-poster' }) });
    expect(ok.status).toBe(200);
    expect((await postAnswer(stack.central, { response: phoneResponse({ channel: 'visit-qr' }) })).status).toBe(400);
    expect((await postAnswer(stack.central, { response: phoneResponse({ channel: 'qr-poster', officeId: 'atlantis' }) })).status).toBe(400);
    const poster = await fetch(`${stack.central.url}/p/${OFFICE}`, { redirect: 'manual' });
    expect(poster.headers.get('location')).toBe(`/kiosk/?mode=phone&office=${OFFICE}&channel=qr-poster`);
    expect((await fetch(`${stack.central.url}/p/atlantis`, { redirect: 'manual' })).status).toBe(404);
  });

  it('the phone page can ask for its office\'s name and address; an unknown office is 404', async () => {
    const res = await fetch(`${stack.central.url}/api/public/offices/${OFFICE}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; office: { id: string; name: string; address: string } };
    expect(body.office.id).toBe(OFFICE);
    expect(body.office.name).toMatch(/[А-Яа-я]/);
    expect(body.office.address).toMatch(/Костромская/);
    expect(Object.keys(body.office).sort()).toEqual(['address', 'id', 'name']);
    expect((await fetch(`${stack.central.url}/api/public/offices/atlantis`)).status).toBe(404);
  });

  it('strict schema: unknown fields and malformed JSON are 400 with the reason', async () => {
    const extra = await postAnswer(stack.central, { response: phoneResponse({ channel: 'qr-poster' }), staff: true });
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as { reason: string }).reason).toMatch(/staff/);
    const junk = await fetch(`${stack.central.url}/api/public/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"response":' });
    expect(junk.status).toBe(400);
  });
});

/** A UUIDv7 made at `ms`, as a phone whose clock read `ms` would make it. */
const idAt = (ms: number) => {
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}${newRecordId().slice(13)}`;
};
const bornAt = (ms: number) => ({ id: idAt(ms), bornAt: new Date(ms).toISOString() });

describe('an anonymous answer cannot rewrite past figures or name any desk (issue 12, finding 2)', () => {
  const refusedWith = async (body: unknown, reason: RegExp) => {
    const res = await postAnswer(stack.central, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { reason: string }).reason).toMatch(reason);
  };

  it('a poster answer dated years back or ahead is refused and stores nothing', async () => {
    const before = countResponses(stack.central);
    await refusedWith({ response: phoneResponse({ channel: 'qr-poster', ...bornAt(Date.parse('2020-01-15T09:00:00.000Z')) }) }, /старше суток/);
    await refusedWith({ response: phoneResponse({ channel: 'qr-poster', ...bornAt(Date.parse('2099-06-15T09:00:00.000Z')) }) }, /впереди часов/);
    // Minutes off, as a phone's clock may be, is fine either way; hours-old is fine too (a survey finished later).
    for (const offset of [-5 * 3600_000, -60_000, 5 * 60_000]) {
      expect((await postAnswer(stack.central, { response: phoneResponse({ channel: 'qr-poster', ...bornAt(now + offset) }) })).status).toBe(200);
    }
    expect(countResponses(stack.central)).toBe(before + 3);
    expect(countResponses(stack.central, `born_at < ${Date.parse('2021-01-01')} OR born_at > ${Date.parse('2098-01-01')}`)).toBe(0);
  });

  it('an answer whose id was made at another time than its bornAt is refused, with a token too', async () => {
    await refusedWith({ response: phoneResponse({ channel: 'qr-poster', id: idAt(Date.parse('2020-01-15T09:00:00.000Z')) }) }, /идентификатор/);
    await refusedWith({ token: sign({ desk: null }), response: phoneResponse({ bornAt: '2020-01-15T09:00:00.000Z' }) }, /старше суток|идентификатор/);
  });

  it('a poster answer names no desk, and no answer names a service the office does not offer', async () => {
    await refusedWith({ response: phoneResponse({ channel: 'qr-poster', desk: 'Окно 13 (выдуманное)' }) }, /рабочее место/);
    await refusedWith({ response: phoneResponse({ channel: 'qr-poster', serviceId: 'made-up-service' }) }, /нет услуги made-up-service/);
    await refusedWith({ token: sign({ desk: null }), response: phoneResponse({ serviceId: 'made-up-service' }) }, /нет услуги/);
    expect(countResponses(stack.central, "desk = 'Окно 13 (выдуманное)' OR service_id = 'made-up-service'")).toBe(0);
    expect((await postAnswer(stack.central, { response: phoneResponse({ channel: 'qr-poster', serviceId: 'vacancies' }) })).status).toBe(200);
    // A service named by the office's signed token is the office's word (its list may differ from the central's).
    expect((await postAnswer(stack.central, { token: sign({ desk: null, serviceId: 'office-only-service' }), response: phoneResponse({ serviceId: 'office-only-service' }) })).status).toBe(200);
  });

  it('once a month\'s report is archived, no answer is dated in it any more', async () => {
    const saved = now;
    try {
      const month = periodContaining('month', now);
      // The 1st, 07:00 Moscow: last month's report (due at 06:00) is in the archive.
      now = month.start + 7 * 3600_000;
      const lastEvening = month.start - 3600_000;
      await recordArchived(stack.central.ctx.sql, { kind: 'monthly', periodKey: periodContaining('month', lastEvening).key, periodLabel: 'прошлый месяц', generatedAt: now - 3600_000, cause: 'schedule', xlsxFile: 'x.xlsx', csvFile: 'x.csv' });
      await refusedWith({ response: phoneResponse({ channel: 'qr-poster', ...bornAt(lastEvening) }) }, /отчёт за этот месяц уже сформирован/);
      expect((await postAnswer(stack.central, { response: phoneResponse({ channel: 'qr-poster', ...bornAt(now - 60_000) }) })).status).toBe(200);
    } finally {
      now = saved;
    }
  });
});

describe('hardening', () => {
  it('no CORS: a preflight is answered without approval and answers carry no Access-Control headers', async () => {
    const preflight = await fetch(`${stack.central.url}/api/public/responses`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    const post = await postAnswer(stack.central, { response: phoneResponse({ channel: 'qr-poster' }) }, { origin: 'https://evil.example' });
    for (const res of [preflight, post]) expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('a body over the limit is 413, and an address over the rate limit gets 429 with Retry-After', async () => {
    const small = await startPhoneStack({ env: { PUBLIC_RATE_MAX: '5', PUBLIC_RATE_WINDOW_SECONDS: '60', PUBLIC_MAX_BODY_BYTES: '2048' } });
    try {
      const big = await postAnswer(small.central, { response: phoneResponse({ channel: 'qr-poster', comment: 'ж'.repeat(1500) }) });
      expect(big.status).toBe(413);
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 8; i++) {
        const res = await postAnswer(small.central, { response: phoneResponse({ channel: 'qr-poster' }) });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
      expect(statuses.slice(4)).toEqual([429, 429, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(countResponses(small.central)).toBe(4);
    } finally {
      await small.close();
    }
  });
});
