import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InterviewerSummaryResponse, SummarySentResponse, SurveySummariesResponse } from '../shared/api/interviewer.ts';
import type { PublishResponse, SurveyDetailResponse, SurveyResultsResponse } from '../shared/api/surveys.ts';
import { newRecordId } from '../shared/ids.ts';
import type { KioskConfig } from '../shared/protocol/kiosk-config.ts';
import type { SurveyAnswers } from '../shared/surveys/answer-types.ts';
import type { SurveyDefinition } from '../shared/surveys/definition.ts';
import { moscowDay } from '../shared/periods.ts';
import { sampleDefinition } from './support/sample-survey.ts';
import { waitFor, type HubProcess } from './support/forward-stack.ts';
import { logIn, startSharyaRegion, stopSharyaRegion, type LoggedIn, type RegionSetup } from './support/regional-stack.ts';
import { TEST_PASSWORD } from './support/staff-session.ts';

/**
 * The exit poll end to end, as real processes (order No. 308, 2.2): published on the central with
 * the place «опрос сотрудником на выходе», it reaches the office hub (and not its kiosk); a clerk
 * whose account was made on the central sends two visitors' answers and a refusal to the office hub,
 * then the summary form; the answers reach the central exactly once and its results count them under
 * their channel, and the CX sector reads the summary form there, once.
 */
let setup: RegionSetup;
let central: HubProcess;
let office: HubProcess;
let cx: LoggedIn;
let clerk: LoggedIn;
let surveyId = '';
const DAY = 86_400_000;
const today = moscowDay(Date.now());

beforeAll(async () => {
  ({ setup, central, office, admin: cx } = await startSharyaRegion());
}, 90_000);

afterAll(() => stopSharyaRegion({ central, office }));

function exitPoll(): SurveyDefinition {
  const d = structuredClone(sampleDefinition);
  d.meta = { ...d.meta, title: 'Опрос на выходе', period: { from: moscowDay(Date.now() - DAY), to: moscowDay(Date.now() + 30 * DAY) }, places: ['interviewer'] };
  return d;
}

const answer = (answers: SurveyAnswers) => ({ kind: 'survey-answer', id: newRecordId(), officeId: 'sharya', deviceId: 'interviewer', bornAt: new Date().toISOString(), surveyId, version: 1, channel: 'interviewer', answers, complete: true });

function rowsIn(file: string, sql: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).get();
  } finally {
    db.close();
  }
}

describe('the exit poll from the central to an office tablet and back', () => {
  it('published on the central, it reaches the office for its interviewers, not for its kiosk', { timeout: 90_000 }, async () => {
    const created = (await (await cx.fetch('/api/surveys', { method: 'POST', body: JSON.stringify({ definition: exitPoll() }) })).json()) as SurveyDetailResponse;
    surveyId = created.survey.id;
    expect(((await (await cx.fetch(`/api/surveys/${surveyId}/publish`, { method: 'POST' })).json()) as PublishResponse).version).toBe(1);

    const made = await cx.fetch('/api/admin/users', { method: 'POST', body: JSON.stringify({ login: 'clerk.sharya', displayName: 'Сотрудник Шарьи', roles: [{ role: 'staff', officeId: 'sharya' }] }) });
    const token = ((await made.json()) as { setupUrl: string }).setupUrl.split('/setup/')[1]!;
    const set = await fetch(`${central.url}/setup/${token}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ password: TEST_PASSWORD, confirm: TEST_PASSWORD }) });
    expect(set.status).toBe(303);
    clerk = await waitFor('the clerk logs in at the office', () => logIn(office.url, 'clerk.sharya'), 30_000);
    await waitFor('the survey held at the office', async () => (await clerk.fetch(`/api/interviewer/summary?survey=${surveyId}&version=1&from=${today}&to=${today}`)).status === 200, 30_000);

    const kiosk = setup.offices.get('sharya')!;
    const config = (await (await fetch(`${office.url}/api/kiosk/config`, { headers: { authorization: `Bearer ${kiosk.kioskToken}` } })).json()) as KioskConfig;
    expect(config.surveys).toEqual([]);
  });

  it('answers and a refusal from the clerk reach the central exactly once, counted under their channel; the summary form once', { timeout: 90_000 }, async () => {
    const batch = [answer({ used: true, ease: 4, nps: 9 }), { kind: 'interviewer-refusal', id: newRecordId(), officeId: 'sharya', surveyId, version: 1, bornAt: new Date().toISOString() }, answer({ used: false, where: 'office' })];
    for (const expected of ['stored', 'duplicate']) {
      const res = await clerk.fetch('/api/interviewer/records', { method: 'POST', body: JSON.stringify({ records: batch }) });
      expect(((await res.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual([expected, expected, expected]);
    }
    const form = { id: newRecordId(), surveyId, version: 1, period: { from: today, to: today }, remarks: 'Опрос шёл спокойно.' };
    const sent = (await (await clerk.fetch('/api/interviewer/summaries', { method: 'POST', body: JSON.stringify(form) })).json()) as SummarySentResponse;
    expect(sent.summary.figures).toMatchObject({ asked: 3, answered: 2, refused: 1 });
    await clerk.fetch('/api/interviewer/summaries', { method: 'POST', body: JSON.stringify(form) });

    const results = await waitFor('two exit-poll answers at the central', async () => {
      const r = (await (await cx.fetch(`/api/surveys/${surveyId}/results`)).json()) as SurveyResultsResponse;
      return r.results.respondents === 2 ? r : null;
    }, 30_000);
    expect(results.byChannel).toEqual([{ id: 'interviewer', n: 2 }]);
    const summaries = await waitFor('the summary form at the central', async () => {
      const list = (await (await cx.fetch(`/api/surveys/${surveyId}/summaries?version=1`)).json()) as SurveySummariesResponse;
      return list.summaries.length > 0 ? list.summaries : null;
    }, 30_000);
    expect(summaries).toEqual([sent.summary]);

    const officeFile = path.join(setup.offices.get('sharya')!.dataDir, 'office-sharya.sqlite');
    await waitFor('the office outbox empty', () => (rowsIn(officeFile, 'SELECT count(*) AS n FROM outbox') as { n: number }).n === 0, 20_000);
    const centralFile = path.join(setup.centralDir, 'central.sqlite');
    expect(rowsIn(centralFile, "SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM survey_answer WHERE channel = 'interviewer'")).toEqual({ rows: 2, ids: 2 });
    expect(rowsIn(centralFile, 'SELECT count(*) AS rows FROM survey_summary')).toEqual({ rows: 1 });
    // The refusal stays at the office: the form carries its count.
    expect(rowsIn(centralFile, 'SELECT count(*) AS rows FROM interviewer_refusal')).toEqual({ rows: 0 });
    const preview = (await (await clerk.fetch(`/api/interviewer/summary?survey=${surveyId}&version=1&from=${today}&to=${today}`)).json()) as InterviewerSummaryResponse;
    expect(preview.sent.map((s) => s.id)).toEqual([form.id]);
  });
});
