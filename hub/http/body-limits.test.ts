import { describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS } from '../../shared/protocol/wire.ts';
import { pressSchema, responseSchema, surveyAnswerSchema } from '../../shared/records.ts';
import { COMMENT_MAX_LENGTH } from '../../shared/surveys.ts';
import { serviceListSchema } from '../db/services.ts';
import { readHubConfig } from '../config.ts';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import { surveyDraftBodySchema } from '../../shared/api/surveys.ts';
import { MAX_SURVEY_QUESTIONS } from '../../shared/surveys/survey-words.ts';
import { MAX_CALL_LIST_ROWS } from '../phone-survey/call-list-csv.ts';
import { CALL_LIST_BODY_LIMIT, FORM_BODY_LIMIT, FORWARD_BODY_LIMIT, INGEST_BODY_LIMIT, INTERVIEWER_RECORDS_BODY_LIMIT, INTERVIEWER_SUMMARY_BODY_LIMIT, PUBLIC_SURVEY_ANSWER_BODY_LIMIT, SERVICE_LIST_BODY_LIMIT, STAFF_SURVEY_FORM_FIELDS, STAFF_SURVEY_FORM_LIMIT, SURVEY_BODY_LIMIT } from './body-limits.ts';
import { summaryBodySchema } from '../../shared/api/interviewer.ts';
import { INTERVIEWER_BATCH_BYTES } from '../../shared/interviewer.ts';
import { SUMMARY_REMARKS_MAX_LENGTH } from '../../shared/surveys/summary-schema.ts';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './request-body.ts';

/**
 * The largest body each legitimate sender can make, under the record schemas, with every text at its
 * limit in a character JSON writes as six bytes (`\u0001`): each must fit its route's limit. The
 * sizes are the ones quoted in body-limits.ts and docs/access.md.
 */
const SIX = '\u0001';
const text = (length: number) => `x${SIX.repeat(length - 2)}x`;
const bornAt = '2026-01-15T09:30:00.000Z';
const kB = (bytes: number) => Math.round(bytes / 1000);

const worstPress = () => ({
  kind: 'press', id: newRecordId(), officeId: 'o'.repeat(40), deviceId: 'd'.repeat(64), bornAt, channel: 'panel',
  panelId: 'p'.repeat(64), desk: text(60), seq: 2 ** 32, button: SIX.repeat(8), score: 5, suppressed: 'too-soon',
});
const worstResponse = () => ({
  kind: 'response', id: newRecordId(), officeId: 'o'.repeat(40), deviceId: 'd'.repeat(64), bornAt, channel: 'email-link',
  answers: { csat1: 5, csat2: 5, csat3: 5, ces: 5, nps: 10 }, comment: text(COMMENT_MAX_LENGTH), serviceId: 's'.repeat(64), desk: text(60), complete: false,
});
const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('body limits fit the largest legitimate bodies', () => {
  it('the records are legitimate: the schemas accept them', () => {
    expect(pressSchema.safeParse(worstPress()).success).toBe(true);
    expect(responseSchema.safeParse(worstResponse()).success).toBe(true);
  });

  it('a device batch: 1,000 worst-case presses (a driver), 100 worst-case responses (a kiosk)', () => {
    const driver = bytesOf({ records: Array.from({ length: MAX_BATCH_RECORDS }, worstPress) });
    const kiosk = bytesOf({ records: Array.from({ length: 100 }, worstResponse) });
    expect([kB(driver), kB(kiosk)]).toEqual([795, 677]);
    expect(Math.max(driver, kiosk)).toBeLessThanOrEqual(INGEST_BODY_LIMIT);
    expect(INGEST_BODY_LIMIT).toBe(MAX_BATCH_BYTES);
  });

  it('a forwarded batch: records cut to MAX_BATCH_BYTES, in the office hub\'s envelope with the largest backlog', () => {
    // hub/forward/sender.ts writes exactly this around the records' JSON.
    const envelope = `{"records":[],"backlog":${JSON.stringify({ count: Number.MAX_SAFE_INTEGER, oldestReceivedAt: bornAt })}}`;
    expect(MAX_BATCH_BYTES + Buffer.byteLength(envelope)).toBeLessThanOrEqual(FORWARD_BODY_LIMIT);
    // A record the office took in through its own ingest limit, with the receivedAt it adds, in that envelope.
    const receivedAt = `,"receivedAt":"${bornAt}"`;
    expect(INGEST_BODY_LIMIT - '{"records":[]}'.length + receivedAt.length + Buffer.byteLength(envelope)).toBeLessThanOrEqual(FORWARD_BODY_LIMIT);
  });

  it('a phone answer: the longest token and a worst-case response, under the default PUBLIC_MAX_BODY_BYTES', () => {
    const config = readHubConfig({ DATA_DIR: '/nonexistent' });
    if (!config.ok) throw new Error(config.message);
    const answer = bytesOf({ token: 't'.repeat(600), response: { ...worstResponse(), deviceId: 'phone' } });
    expect(kB(answer)).toBe(7);
    expect(answer).toBeLessThanOrEqual(config.value.invitations.maxBodyBytes);
  });

  it('a built survey\'s answer from a phone: every question a multiple choice with 20 options chosen and a full «другое»', () => {
    const chosen = Array.from({ length: 20 }, (_, i) => `${'o'.repeat(36)}-${String(i).padStart(3, '0')}`);
    const answers = Object.fromEntries(Array.from({ length: MAX_SURVEY_QUESTIONS }, (_, i) => [`${'q'.repeat(36)}-${String(i).padStart(3, '0')}`, { chosen, other: text(300) }]));
    const answer = { kind: 'survey-answer', id: newRecordId(), officeId: 'o'.repeat(40), deviceId: 'phone', bornAt, surveyId: 's'.repeat(64), version: 100_000, channel: 'email-link', answers, complete: false };
    expect(surveyAnswerSchema.safeParse(answer).success).toBe(true);
    const body = bytesOf({ answer });
    expect(kB(body)).toBe(136);
    expect(body).toBeLessThanOrEqual(PUBLIC_SURVEY_ANSWER_BODY_LIMIT);
  });

  it('the staff service list and the login form', () => {
    const services = { services: Array.from({ length: 50 }, (_, i) => ({ id: `${'s'.repeat(60)}-${String(i).padStart(3, '0')}`, name: text(120), active: false })) };
    expect(serviceListSchema.safeParse(services).success).toBe(true);
    expect(kB(bytesOf(services))).toBe(40);
    expect(bytesOf(services)).toBeLessThanOrEqual(SERVICE_LIST_BODY_LIMIT);
    const form = new URLSearchParams({ login: 'l'.repeat(40), password: '€'.repeat(200), next: `/${'x'.repeat(200)}` }).toString();
    expect(Buffer.byteLength(form)).toBeLessThanOrEqual(FORM_BODY_LIMIT);
  });

  it('the exit poll: the largest answer, a batch the tablet cuts at 512 KiB plus one, the summary form', () => {
    // 50 multiple-choice questions, each with 20 chosen 40-character ids and a «другое» of 300 six-byte characters.
    const ids = Array.from({ length: 20 }, (_, i) => `${'o'.repeat(38)}${String(i).padStart(2, '0')}`);
    const answers = Object.fromEntries(Array.from({ length: 50 }, (_, q) => [`${'q'.repeat(38)}${String(q).padStart(2, '0')}`, { chosen: ids, other: text(300) }]));
    const worst = { kind: 'survey-answer', id: newRecordId(), officeId: 'o'.repeat(40), deviceId: 'interviewer', bornAt, surveyId: 's'.repeat(64), version: 100_000, channel: 'interviewer', answers, complete: false };
    expect(surveyAnswerSchema.safeParse(worst).success).toBe(true);
    expect(kB(bytesOf(worst))).toBe(136);
    expect(INTERVIEWER_BATCH_BYTES + bytesOf(worst) + '{"records":[]}'.length).toBeLessThanOrEqual(INTERVIEWER_RECORDS_BODY_LIMIT);
    const form = { id: newRecordId(), surveyId: 's'.repeat(64), version: 100_000, period: { from: '2026-01-01', to: '2026-12-31' }, remarks: text(SUMMARY_REMARKS_MAX_LENGTH) };
    expect(summaryBodySchema.safeParse(form).success).toBe(true);
    expect(kB(bytesOf(form))).toBe(24);
    expect(bytesOf(form)).toBeLessThanOrEqual(INTERVIEWER_SUMMARY_BODY_LIMIT);
  });

  it('a survey at the schema\'s bounds, a full call list, and a staff survey form at its bounds', () => {
    const options = Array.from({ length: 20 }, (_, i) => ({ id: `${'o'.repeat(36)}-${String(i).padStart(3, '0')}`, label: text(120) }));
    const questions = Array.from({ length: MAX_SURVEY_QUESTIONS }, (_, i) => ({
      id: `${'q'.repeat(36)}-${String(i).padStart(3, '0')}`, text: text(300), required: false, showIf: null, type: 'multiple', options, other: true,
    }));
    const meta = { title: text(200), introduction: text(2000), period: { from: '2026-01-01', to: '2026-12-31' }, offices: 'all', places: ['kiosk-after'], targetN: 1_000_000, questionOfDay: false };
    const survey = { definition: { meta, questions } };
    expect(surveyDraftBodySchema.safeParse(survey).success).toBe(true);
    expect(bytesOf(survey)).toBeLessThanOrEqual(SURVEY_BODY_LIMIT);
    // A call list as Excel saves it: «+7 (903) 123-45-67;<the region's longest office name>;31.12.2026», every line.
    const longestOffice = DEFAULT_OFFICES.map((o) => o.name).sort((a, b) => b.length - a.length)[0]!;
    const callList = Array.from({ length: MAX_CALL_LIST_ROWS + 1 }, () => `+7 (903) 123-45-67;${longestOffice};31.12.2026`).join('\r\n');
    expect(Buffer.byteLength(callList)).toBeLessThanOrEqual(CALL_LIST_BODY_LIMIT);
    // The staff survey form: every question a multiple choice with its 20 options ticked and a
    // 300-character «другое» in Cyrillic (a text question posts less: one field of 300), percent-encoded.
    const form = new URLSearchParams();
    for (const q of questions) {
      for (const o of q.options) form.append(q.id, o.id);
      form.append(`${q.id}--other`, 'Ж'.repeat(300));
    }
    expect(Buffer.byteLength(form.toString())).toBeLessThanOrEqual(STAFF_SURVEY_FORM_LIMIT);
    expect([...form.keys()].length).toBeLessThanOrEqual(STAFF_SURVEY_FORM_FIELDS);
  });

  it('none of them nests deeper than the depth limit', () => {
    const heartbeat = { records: [{ kind: 'heartbeat', panels: [{ errors: { 'read-error': 1 } }] }] };
    expect(jsonNestsDeeperThan(Buffer.from(JSON.stringify(heartbeat)), 6)).toBe(false);
    expect(6).toBeLessThan(MAX_JSON_DEPTH);
  });
});
