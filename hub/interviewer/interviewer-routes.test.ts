import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interviewerSummaryResponseSchema, summarySentResponseSchema, surveySummariesResponseSchema, type InterviewerSummaryResponse, type SummarySentResponse } from '../../shared/api/interviewer.ts';
import { newRecordId } from '../../shared/ids.ts';
import type { InterviewerRefusal } from '../../shared/interviewer.ts';
import { createLogger } from '../../shared/logger.ts';
import type { SurveyAnswerRecord } from '../../shared/records.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import { moscowDay } from '../../shared/periods.ts';
import { sampleDefinition } from '../../test/support/sample-survey.ts';
import { staffSession, type StaffSession } from '../../test/support/staff-session.ts';
import { readHubConfig } from '../config.ts';
import { keepSurveyVersion, replaceSurveyOffers } from '../db/survey-versions.ts';
import { startHub, type RunningHub } from '../server.ts';

/**
 * The exit poll's routes on a real office hub over HTTP: a clerk's answers and refusals stored once
 * (resent: duplicate) and queued once for the central, with no login beside them; answers to a
 * survey that is not this office's exit poll, or to a version the hub does not hold, refused with a
 * reason and nothing stored; the session, CSRF and office rules; the summary form filled from the
 * answers, stored once by its id, and taken once by the central, which lists it for the CX sector.
 */
let office: RunningHub;
let central: RunningHub;
let clerk: StaffSession;
const DAY = 86_400_000;
const today = moscowDay(Date.now());
const period = { from: moscowDay(Date.now() - DAY), to: moscowDay(Date.now() + 30 * DAY) };

const exitPoll: SurveyDefinition = { ...structuredClone(sampleDefinition), meta: { ...sampleDefinition.meta, title: 'Опрос на выходе', period, places: ['interviewer'] } };
const kioskOnly: SurveyDefinition = { ...structuredClone(sampleDefinition), meta: { ...sampleDefinition.meta, period, places: ['kiosk-after'] } };
const buyOnly: SurveyDefinition = { ...structuredClone(exitPoll), meta: { ...exitPoll.meta, offices: ['buy'] } };

async function start(role: 'office' | 'central'): Promise<RunningHub> {
  const env: Record<string, string> = { ROLE: role, DATA_DIR: mkdtempSync(path.join(tmpdir(), `hub-interviewer-${role}-`)), PORT: '0', SCHEDULED_REPORTS: 'false' };
  if (role === 'office') env.OFFICE_ID = 'sharya';
  const config = readHubConfig(env);
  if (!config.ok) throw new Error(config.message);
  const hub = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  for (const [surveyId, definition] of [['exit', exitPoll], ['kiosk-only', kioskOnly], ['buy-only', buyOnly]] as const) {
    await keepSurveyVersion(hub.ctx.sql, { surveyId, version: 1, publishedAt: new Date().toISOString(), definition });
  }
  if (role === 'office') await replaceSurveyOffers(hub.ctx.sql, ['exit', 'kiosk-only', 'buy-only'].map((surveyId) => ({ surveyId, version: 1 })));
  await hub.ctx.surveyVersions.load(hub.ctx.sql);
  return hub;
}

beforeAll(async () => {
  office = await start('office');
  central = await start('central');
  clerk = await staffSession(office, 'clerk.sharya', [{ role: 'staff', officeId: 'sharya' }]);
}, 60_000);
afterAll(async () => {
  await office?.close();
  await central?.close();
});

function answer(answers: SurveyAnswers, over: Partial<SurveyAnswerRecord> = {}): SurveyAnswerRecord {
  return { kind: 'survey-answer', id: newRecordId(), officeId: 'sharya', deviceId: 'interviewer', bornAt: new Date().toISOString(), surveyId: 'exit', version: 1, channel: 'interviewer', answers, complete: true, ...over };
}
const refusal = (over: Partial<InterviewerRefusal> = {}): InterviewerRefusal => ({ kind: 'interviewer-refusal', id: newRecordId(), officeId: 'sharya', surveyId: 'exit', version: 1, bornAt: new Date().toISOString(), ...over });

async function post(session: StaffSession, records: unknown[], init: RequestInit = {}) {
  const res = await session.fetch('/api/interviewer/records', { method: 'POST', body: JSON.stringify({ records }), ...init });
  return { status: res.status, body: (await res.json()) as { results?: { id: string; status: string }[]; invalid?: { index: number; reason: string }[]; error?: string } };
}
const count = (sql: string, ...args: unknown[]) => office.ctx.db.prepare(sql).pluck().get(...args) as number;

describe('the exit poll on the office hub', () => {
  const first = answer({ used: true, ease: 4, nps: 9, where: 'office' });
  const second = answer({ used: false, nps: 6, note: 'Долго ждал' }, { complete: false });
  const tap = refusal();

  it('stores a clerk’s answers and refusals once, queues the answers once for the central, names no interviewer', async () => {
    const sent = await post(clerk, [first, tap, second]);
    expect(sent.status).toBe(200);
    expect(sent.body.results).toEqual([first, tap, second].map((r) => ({ id: r.id, status: 'stored' })));
    const again = await post(clerk, [first, tap, second]);
    expect(again.body.results?.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);

    const rows = office.ctx.db.prepare("SELECT * FROM survey_answer WHERE channel = 'interviewer' ORDER BY born_at").all() as Record<string, unknown>[];
    expect(rows.map((r) => [r.id, r.device_id, r.office_id])).toEqual([
      [first.id, 'interviewer', 'sharya'],
      [second.id, 'interviewer', 'sharya'],
    ]);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain('clerk');
    expect(count("SELECT count(*) FROM outbox WHERE kind = 'survey-answer'")).toBe(2);
    expect(count('SELECT count(*) FROM interviewer_refusal')).toBe(1);
  });

  it('refuses, with a reason per item and nothing stored, what is not this office’s exit poll or not held here', async () => {
    const good = answer({ used: false });
    const refused = await post(clerk, [good, answer({ used: false }, { surveyId: 'kiosk-only' }), answer({ used: false }, { surveyId: 'buy-only' }), answer({ used: false }, { version: 9 }), answer({ used: false }, { channel: 'kiosk' }), refusal({ version: 9 })]);
    expect(refused.status).toBe(400);
    expect(refused.body.invalid?.map((i) => [i.index, i.reason])).toEqual([
      [1, 'опрос kiosk-only не проводится как опрос на выходе'],
      [2, 'опрос buy-only не проводится в отделе sharya'],
      [3, 'опрос exit версии 9 здесь неизвестен'],
      [4, expect.stringContaining('только ответы канала interviewer')],
      [5, 'опрос exit версии 9 здесь неизвестен'],
    ]);
    expect(count('SELECT count(*) FROM survey_answer WHERE id = ?', good.id)).toBe(0);
    const wrong = await post(clerk, [answer({ used: true })]);
    expect(wrong.body.invalid?.[0]?.reason).toContain('обязательный вопрос ease без ответа');
  });

  it('takes only a logged-in interviewer of this office, with the CSRF header', async () => {
    const noCsrf = await fetch(`${office.url}/api/interviewer/records`, { method: 'POST', headers: { cookie: clerk.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ records: [answer({ used: false })] }) });
    expect([noCsrf.status, ((await noCsrf.json()) as { error: string }).error]).toEqual([403, 'csrf']);
    const anonymous = await fetch(`${office.url}/api/interviewer/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    const elsewhere = await staffSession(office, 'clerk.buy', [{ role: 'staff', officeId: 'buy' }]);
    expect((await post(elsewhere, [answer({ used: false })])).status).toBe(403);
    const director = await staffSession(office, 'director', [{ role: 'director' }]);
    expect((await post(director, [answer({ used: false })])).status).toBe(403);
    const cx = await staffSession(office, 'cx.visitor', [{ role: 'cx' }]);
    expect((await post(cx, [answer({ used: false })])).body.results?.[0]?.status).toBe('stored');
  });

  it('fills the summary form from the office’s exit-poll answers and refusals', async () => {
    const res = await clerk.fetch(`/api/interviewer/summary?survey=exit&version=1&from=${today}&to=${today}`);
    // The answer is what the staff app's types say (shared/api/interviewer.ts), strictly.
    const body = interviewerSummaryResponseSchema.parse(await res.json());
    // first, second and the cx visitor's { used: false }; one refusal.
    expect(body.figures).toMatchObject({ asked: 4, answered: 3, complete: 2, refused: 1 });
    const q = Object.fromEntries(body.figures.questions.map((x) => [x.id, x]));
    expect(q.used).toEqual({ id: 'used', n: 3, counts: { yes: 1, no: 2 }, mean: null });
    expect(q.nps).toMatchObject({ n: 2, mean: 7.5, counts: expect.objectContaining({ '9': 1, '6': 1, '0': 0 }) });
    expect(q.note).toEqual({ id: 'note', n: 1, counts: {}, mean: null });
    const yesterday = (await (await clerk.fetch(`/api/interviewer/summary?survey=exit&version=1&from=${period.from}&to=${period.from}`)).json()) as InterviewerSummaryResponse;
    expect(yesterday.figures.asked).toBe(0);
    expect((await clerk.fetch(`/api/interviewer/summary?survey=kiosk-only&version=1&from=${today}&to=${today}`)).status).toBe(404);
    expect((await clerk.fetch(`/api/interviewer/summary?survey=exit&version=1&from=${today}&to=${period.from}`)).status).toBe(400);
  });

  it('stores the summary form once by its id and the central takes it once', async () => {
    const id = newRecordId();
    const form = { id, surveyId: 'exit', version: 1, period: { from: today, to: today }, remarks: 'Посетители торопились; двое просили перезвонить.' };
    const created = await clerk.fetch('/api/interviewer/summaries', { method: 'POST', body: JSON.stringify(form) });
    const sent = summarySentResponseSchema.parse(await created.json());
    expect([created.status, sent.created]).toEqual([201, true]);
    expect(sent.summary).toMatchObject({ id, officeId: 'sharya', filledBy: 'clerk.sharya', figures: { asked: 4, refused: 1 }, remarks: form.remarks });
    // The tablet lost the answer and sends again, after one more answer: the form stays as it was.
    await post(clerk, [answer({ used: false })]);
    const resent = await clerk.fetch('/api/interviewer/summaries', { method: 'POST', body: JSON.stringify(form) });
    expect([resent.status, ((await resent.json()) as SummarySentResponse).summary]).toEqual([200, sent.summary]);
    expect(count('SELECT count(*) FROM survey_summary')).toBe(1);
    expect(count("SELECT count(*) FROM outbox WHERE kind = 'survey-summary'")).toBe(1);
    const listed = (await (await clerk.fetch(`/api/interviewer/summary?survey=exit&version=1&from=${today}&to=${today}`)).json()) as InterviewerSummaryResponse;
    expect(listed.sent.map((s) => s.id)).toEqual([id]);

    const bad = await clerk.fetch('/api/interviewer/summaries', { method: 'POST', body: JSON.stringify({ ...form, id: newRecordId(), period: { from: today, to: period.from } }) });
    expect([bad.status, ((await bad.json()) as { fields: Record<string, string> }).fields]).toEqual([400, { 'period.to': 'начало позже конца' }]);

    // The office hub forwards the stored record as it is; the central keeps it once and lists it.
    const forwarded = JSON.parse(JSON.stringify(sent.summary)) as unknown;
    const take = () => central.ctx.ingest({ records: [forwarded] }, { kind: 'office-hub', officeId: 'sharya' });
    expect(take()).toMatchObject({ ok: true, ack: { results: [{ id, status: 'stored' }] } });
    expect(take()).toMatchObject({ ok: true, ack: { results: [{ id, status: 'duplicate' }] } });
    expect(central.ctx.ingest({ records: [forwarded] }, { kind: 'device', deviceId: 'interviewer', officeId: 'sharya' })).toMatchObject({ ok: false });
    const cx = await staffSession(central, 'cx', [{ role: 'cx' }]);
    const list = surveySummariesResponseSchema.parse(await (await cx.fetch('/api/surveys/exit/summaries?version=1')).json());
    expect(list.summaries).toEqual([sent.summary]);
  });
});
