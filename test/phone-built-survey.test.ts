import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import { moscowDay, periodContaining } from '../shared/periods.ts';
import type { SurveyResultsResponse } from '../shared/api/surveys.ts';
import type { SurveyAnswerRecord } from '../shared/records.ts';
import type { SurveyDefinition } from '../shared/surveys/definition.ts';
import { sampleDefinition } from './support/sample-survey.ts';
import { recordArchived } from '../hub/reports/archive.ts';
import { OFFICE, startPhoneStack, type PhoneStack } from './support/phone-hubs.ts';
import { staffSession, type StaffSession } from './support/staff-session.ts';

/**
 * Built surveys answered on the client's phone, over real HTTP on a real central (issue 20): the
 * office info lists the surveys on offer on phones there; an answer is stored once and counted per
 * channel; a resend is acknowledged as a duplicate; an answer naming an unknown version, an office
 * or a place the survey is not offered at, a day outside its period or a time outside the window is
 * refused with its reason and stores nothing; the endpoint has the public endpoints' hardening.
 */
let now = Date.now();
let stack: PhoneStack;
let cx: StaffSession;
const DAY = 86_400_000;
const period = () => ({ from: moscowDay(now - DAY), to: moscowDay(now + 30 * DAY) });

const definition = (meta: Partial<SurveyDefinition['meta']> = {}): SurveyDefinition => ({
  ...sampleDefinition,
  meta: { ...sampleDefinition.meta, period: period(), places: ['kiosk-after', 'phone-link'], offices: [OFFICE, 'buy'], ...meta },
});

/** Creates (or edits) a survey through the builder's API and publishes it: returns its id. */
async function publish(def: SurveyDefinition, id?: string): Promise<string> {
  const saved = id
    ? await cx.fetch(`/api/surveys/${id}`, { method: 'PUT', body: JSON.stringify({ definition: def }) })
    : await cx.fetch('/api/surveys', { method: 'POST', body: JSON.stringify({ definition: def }) });
  expect(saved.status, await saved.clone().text()).toBeLessThan(300);
  const surveyId = ((await saved.json()) as { survey: { id: string } }).survey.id;
  const published = await cx.fetch(`/api/surveys/${surveyId}/publish`, { method: 'POST' });
  expect(published.status).toBe(200);
  return surveyId;
}

let digital: string;
let kioskOnly: string;

const answer = (over: Partial<SurveyAnswerRecord> = {}): SurveyAnswerRecord => ({
  kind: 'survey-answer',
  id: newRecordId(),
  officeId: OFFICE,
  deviceId: 'phone',
  bornAt: new Date(now).toISOString(),
  surveyId: digital,
  version: 1,
  channel: 'qr-poster',
  answers: { used: true, ease: 4, nps: 9 },
  complete: true,
  ...over,
});
/** A record made at `ms`: its id's time and its bornAt agree, as a phone makes them. */
const bornAt = (ms: number) => {
  const hex = ms.toString(16).padStart(12, '0');
  return { id: `${hex.slice(0, 8)}-${hex.slice(8)}${newRecordId().slice(13)}`, bornAt: new Date(ms).toISOString() };
};

const post = (body: unknown, central = stack.central, headers: Record<string, string> = {}) =>
  fetch(`${central.url}/api/public/survey-answers`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const stored = (where = '1 = 1') => stack.central.ctx.db.prepare(`SELECT count(*) FROM survey_answer WHERE ${where}`).pluck().get() as number;

async function refused(body: unknown, error: string, reason: RegExp): Promise<void> {
  const res = await post(body);
  const json = (await res.json()) as { ok: boolean; error: string; reason: string };
  expect(res.status, JSON.stringify(json)).toBe(400);
  expect(json).toMatchObject({ ok: false, error });
  expect(json.reason).toMatch(reason);
}

beforeAll(async () => {
  stack = await startPhoneStack({ withOffice: true, env: { PUBLIC_RATE_MAX: '1000' }, clock: () => now });
  cx = await staffSession(stack.central, 'cx-analyst', [{ role: 'cx' }]);
  digital = await publish(definition({ title: 'Цифровые услуги на телефоне' }));
  kioskOnly = await publish(definition({ title: 'Только на киоске', places: ['kiosk-after'] }));
}, 60_000);
afterAll(async () => stack?.close());

describe('the surveys a phone offers', () => {
  it('the central\'s office info lists the newest version on phones there today; another office, and an office hub, list none', async () => {
    const info = await fetch(`${stack.central.url}/api/public/offices/${OFFICE}`);
    const body = (await info.json()) as { surveys: { surveyId: string; version: number; definition: SurveyDefinition }[] };
    expect(body.surveys.map((s) => [s.surveyId, s.version])).toEqual([[digital, 1]]);
    expect(body.surveys[0]!.definition.meta).toMatchObject({ introduction: '', offices: [OFFICE], places: ['kiosk-after', 'phone-link'] });
    expect(info.headers.get('cache-control')).toBe('public, max-age=300');
    const elsewhere = (await (await fetch(`${stack.central.url}/api/public/offices/kostroma`)).json()) as { surveys: unknown[] };
    expect(elsewhere.surveys).toEqual([]);
    const atOffice = (await (await fetch(`${stack.office!.url}/api/public/offices/${OFFICE}`)).json()) as { surveys: unknown[] };
    expect(atOffice.surveys).toEqual([]);
  });
});

describe('an answer from a phone', () => {
  it('is stored once, with its channel; a resend is a duplicate; the results count it per channel', async () => {
    const a = answer({ channel: 'visit-qr' });
    const first = await post({ answer: a });
    expect(await first.json()).toEqual({ ok: true, protocol: 1, results: [{ id: a.id, status: 'stored' }] });
    const again = await post({ answer: a });
    expect(await again.json()).toEqual({ ok: true, protocol: 1, results: [{ id: a.id, status: 'duplicate' }] });
    expect((await post({ answer: answer({ channel: 'email-link' }) })).status).toBe(200);
    expect((await post({ answer: answer({ answers: { used: false } }) })).status).toBe(200);
    expect(stored(`survey_id = '${digital}'`)).toBe(3);
    expect(stack.central.ctx.db.prepare('SELECT channel, device_id, office_id FROM survey_answer WHERE id = ?').get(a.id)).toEqual({ channel: 'visit-qr', device_id: 'phone', office_id: OFFICE });

    const res = await cx.fetch(`/api/surveys/${digital}/results`);
    const results = (await res.json()) as SurveyResultsResponse;
    expect(results.results.respondents).toBe(3);
    expect(Object.fromEntries(results.byChannel.map((c) => [c.id, c.n]))).toEqual({ 'qr-poster': 1, 'visit-qr': 1, 'email-link': 1 });
    const visit = (await (await cx.fetch(`/api/surveys/${digital}/results?channel=visit-qr`)).json()) as SurveyResultsResponse;
    expect(visit.results.respondents).toBe(1);
    expect(visit.results.questions.find((q) => q.id === 'ease')!.mean).toBe(4);
  });

  it('naming an unknown version, an office or a place the survey is not offered at, or a day outside its period, is refused with the reason', async () => {
    const before = stored();
    await refused({ answer: answer({ version: 9 }) }, 'unknown-survey', new RegExp(`опрос ${digital} версии 9 здесь неизвестен`));
    await refused({ answer: answer({ surveyId: 'no-such-survey' }) }, 'unknown-survey', /здесь неизвестен/);
    await refused({ answer: answer({ officeId: 'kostroma' }) }, 'not-offered', new RegExp(`не проводится в отделе kostroma`));
    await refused({ answer: answer({ surveyId: kioskOnly }) }, 'not-offered', /не предлагается на телефоне/);
    const later = await publish(definition({ title: 'С завтрашнего дня', period: { from: moscowDay(now + 2 * DAY), to: moscowDay(now + 9 * DAY) } }));
    await refused({ answer: answer({ surveyId: later }) }, 'not-offered', /не проводился: период/);
    // The answers must fit the version: a required question skipped in a complete answer, a value out of range.
    await refused({ answer: answer({ answers: { used: true, nps: 9 } }) }, 'invalid-answer', /ease/);
    await refused({ answer: answer({ answers: { used: true, ease: 9 } }) }, 'invalid-answer', /ease/);
    expect(stored()).toBe(before);
  });

  it('from another channel or device, with a token or an unknown field, or at a closed office, is refused', async () => {
    const before = stored();
    await refused({ answer: answer({ channel: 'kiosk' }) }, 'invalid-answer', /channel/);
    await refused({ answer: answer({ channel: 'staff-link' }) }, 'invalid-answer', /channel/);
    await refused({ answer: answer({ deviceId: 'kiosk-1' }) }, 'invalid-answer', /deviceId/);
    await refused({ token: 'K7QM3XZPHA4T', answer: answer() }, 'invalid-answer', /token/);
    await refused({ answer: { ...answer(), desk: 'Окно 3' } }, 'invalid-answer', /desk/);
    await refused({ answer: answer({ officeId: 'no-such-office' }) }, 'invalid-answer', /нет открытого отдела/);
    expect(stored()).toBe(before);
  });

  it('outside the time window, with an id made at another time, or in an archived month, is refused', async () => {
    const before = stored();
    await refused({ answer: answer(bornAt(now - 2 * DAY)) }, 'invalid-answer', /старше суток/);
    await refused({ answer: answer(bornAt(now + 3600_000)) }, 'invalid-answer', /впереди часов/);
    await refused({ answer: answer({ id: bornAt(now - 3600_000).id }) }, 'invalid-answer', /идентификатор/);
    const saved = now;
    try {
      const month = periodContaining('month', now);
      now = month.start + 7 * 3600_000;
      const lastEvening = month.start - 3600_000;
      await recordArchived(stack.central.ctx.sql, { kind: 'monthly', periodKey: periodContaining('month', lastEvening).key, periodLabel: 'прошлый месяц', generatedAt: now - 3600_000, cause: 'schedule', xlsxFile: 'x.xlsx', csvFile: 'x.csv' });
      await refused({ answer: answer(bornAt(lastEvening)) }, 'invalid-answer', /отчёт за этот месяц уже сформирован/);
    } finally {
      now = saved;
    }
    expect(stored()).toBe(before);
  });

  it('a survey withdrawn from phones by a newer version takes no more answers to the older one', async () => {
    const id = await publish(definition({ title: 'Снимаем с телефонов' }));
    expect((await post({ answer: answer({ surveyId: id }) })).status).toBe(200);
    await publish(definition({ title: 'Снимаем с телефонов', places: ['kiosk-after'] }), id);
    await refused({ answer: answer({ surveyId: id, version: 1 }) }, 'not-offered', /не предлагается на телефоне/);
  });
});

describe('hardening', () => {
  it('no CORS, a body over its limit is 413, the office hub has no such endpoint, and the per-address limit counts it', async () => {
    const preflight = await fetch(`${stack.central.url}/api/public/survey-answers`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('allow')).toBe('POST');
    const posted = await post({ answer: answer() }, stack.central, { origin: 'https://evil.example' });
    for (const res of [preflight, posted]) expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const huge = await post({ answer: answer({ answers: { note: 'ж'.repeat(90_000) } }) });
    expect(huge.status).toBe(413);
    expect((await post({ answer: answer() }, stack.office!)).status).toBe(404);

    const small = await startPhoneStack({ env: { PUBLIC_RATE_MAX: '3', PUBLIC_RATE_WINDOW_SECONDS: '60' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post({ answer: answer() }, small.central)).status);
      // Nothing is published there: refused (400) until the limit, then 429.
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
    } finally {
      await small.close();
    }
  });
});
