import { COMMENT_MAX_LENGTH } from '../../../shared/surveys.ts';
import type { SurveyResponse } from '../../../shared/records.ts';

/**
 * The browser's check of a response before it is queued: a hand-written copy of `responseSchema`
 * (shared/records.ts). zod itself would add about 31 kB gzipped to a 30 kB budget, so the kiosk
 * does not ship it; the hub still validates every record with zod, and response-check.test.ts
 * holds this copy to the schema on valid and invalid cases. Where they differ, this one is stricter
 * (it wants the comment already trimmed and no receivedAt), never looser.
 */
/** What is wrong with a response: the first field that fails, by name (counted, never shown to a client). */
export type ResponseProblem = { reason: 'not-an-object' } | { reason: 'extra-field'; field: string } | { reason: 'invalid-field'; field: string };
export type ResponseCheck = { ok: true; value: SurveyResponse } | ({ ok: false } & ResponseProblem);

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const OFFICE = /^[a-z][a-z0-9-]{1,39}$/;
const DEVICE = /^[A-Za-z0-9._:-]{1,64}$/;
const SERVICE = /^[a-z0-9-]{1,64}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CHANNELS = ['kiosk', 'qr-poster', 'visit-qr', 'email-link'];
const KEYS = ['kind', 'id', 'officeId', 'deviceId', 'bornAt', 'channel', 'answers', 'comment', 'serviceId', 'desk', 'complete'];
const SCALES: Record<string, [number, number]> = { csat1: [1, 5], csat2: [1, 5], csat3: [1, 5], ces: [1, 5], nps: [0, 10] };

export function checkResponse(input: unknown): ResponseCheck {
  const problem = firstProblem(input);
  return problem === null ? { ok: true, value: input as SurveyResponse } : { ok: false, ...problem };
}

function firstProblem(input: unknown): ResponseProblem | null {
  if (!isObject(input)) return { reason: 'not-an-object' };
  const extra = Object.keys(input).find((k) => !KEYS.includes(k));
  if (extra) return { reason: 'extra-field', field: extra };
  const field = invalidField(input);
  return field === null ? null : { reason: 'invalid-field', field };
}

/** The first field whose value the schema would refuse, or null. */
function invalidField(r: Record<string, unknown>): string | null {
  if (r.kind !== 'response') return 'kind';
  if (typeof r.id !== 'string' || !UUID7.test(r.id)) return 'id';
  if (typeof r.officeId !== 'string' || !OFFICE.test(r.officeId)) return 'officeId';
  if (typeof r.deviceId !== 'string' || !DEVICE.test(r.deviceId)) return 'deviceId';
  if (typeof r.bornAt !== 'string' || !INSTANT.test(r.bornAt) || Number.isNaN(Date.parse(r.bornAt))) return 'bornAt';
  if (typeof r.channel !== 'string' || !CHANNELS.includes(r.channel)) return 'channel';
  if (!isObject(r.answers)) return 'answers';
  for (const [key, value] of Object.entries(r.answers)) {
    const range = SCALES[key];
    if (!range) return `answers.${key}`;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < range[0] || value > range[1]) return `answers.${key}`;
  }
  if (r.comment !== null && (typeof r.comment !== 'string' || r.comment !== r.comment.trim() || r.comment.length < 1 || r.comment.length > COMMENT_MAX_LENGTH)) return 'comment';
  if (r.serviceId !== null && (typeof r.serviceId !== 'string' || !SERVICE.test(r.serviceId))) return 'serviceId';
  if (r.desk !== null && (typeof r.desk !== 'string' || r.desk !== r.desk.trim() || r.desk.length < 1 || r.desk.length > 60)) return 'desk';
  if (typeof r.complete !== 'boolean') return 'complete';
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
