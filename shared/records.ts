import { z } from './zod.ts';
import { officeIdSchema } from './offices.ts';
import { instantSchema } from './time.ts';
import { COMMENT_MAX_LENGTH } from './surveys.ts';
import { storageReportSchema } from './storage.ts';
import { wellFormed } from './text.ts';
import { surveyIdSchema } from './surveys/definition.ts';
import { surveyAnswersSchema } from './surveys/answer-values.ts';
import { summaryFiguresSchema, summaryRemarksSchema } from './surveys/summary-schema.ts';

export { wellFormed };

/**
 * The records that travel device → hub → central. The same schemas validate at every boundary:
 * the driver's and the kiosk's outboxes, the hub's ingest endpoint and the central's receiver.
 *
 * Identity: `id` is a UUIDv7 made by the device at the moment the press or response is born
 * (time-ordered, no coordination). Every hop stores by id, so a resend is harmless; the same id
 * with a different body is a conflict, never an overwrite.
 *
 * Fields are `nullable`, not optional, so a record has exactly one canonical form. The one
 * exception is `receivedAt`: the device does not know it, the first hub sets it. (A heartbeat's
 * `storage` is optional too, so heartbeats of drivers older than it are still taken.)
 */
export const recordIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'UUIDv7 в нижнем регистре');
export type RecordId = z.infer<typeof recordIdSchema>;

/** Device ids and panel ids are chosen at registration; kept printable so logs stay readable. */
export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'латиница, цифры и . _ : -, до 64 знаков');
export const panelIdSchema = deviceIdSchema;

export const deskSchema = z.string().trim().min(1).max(60).overwrite(wellFormed);

const recordBase = {
  id: recordIdSchema,
  officeId: officeIdSchema,
  deviceId: deviceIdSchema,
  bornAt: instantSchema,
  receivedAt: instantSchema.optional(),
};

/** Why a press is kept but not counted. `too-soon`: within the misuse interval of the last counted press. */
export const suppressionSchema = z.enum(['too-soon']);
export type Suppression = z.infer<typeof suppressionSchema>;

export const pressSchema = z.strictObject({
  kind: z.literal('press'),
  ...recordBase,
  channel: z.literal('panel'),
  panelId: panelIdSchema,
  desk: deskSchema.nullable(),
  /** The panel's own sequence number (framed protocol); null for panels that send bare characters. */
  seq: z.number().int().min(0).max(2 ** 32).nullable(),
  /** What the panel sent, before mapping: kept so a wrong button map can be corrected later. */
  button: z.string().min(1).max(8).overwrite(wellFormed),
  score: z.number().int().min(1).max(5),
  suppressed: suppressionSchema.nullable(),
});
export type Press = z.infer<typeof pressSchema>;

const score1to5 = z.number().int().min(1).max(5);
export const answersSchema = z.strictObject({
  csat1: score1to5.optional(),
  csat2: score1to5.optional(),
  csat3: score1to5.optional(),
  ces: score1to5.optional(),
  nps: z.number().int().min(0).max(10).optional(),
});
export type Answers = z.infer<typeof answersSchema>;

export const surveyChannelSchema = z.enum(['kiosk', 'qr-poster', 'visit-qr', 'email-link', 'phone-call']);
export type SurveyChannel = z.infer<typeof surveyChannelSchema>;
/**
 * A built survey's answers come by the same channels, and two more: the staff survey's one-time
 * link, answered only on the central and never tied to a person, and `interviewer`, the exit poll
 * (order No. 308, 2.2) where office staff tap in a visitor's answers (docs/surveys.md).
 */
export const builtSurveyChannelSchema = z.enum([...surveyChannelSchema.options, 'staff-link', 'interviewer']);
export type BuiltSurveyChannel = z.infer<typeof builtSurveyChannelSchema>;

export const serviceIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);

export const responseSchema = z.strictObject({
  kind: z.literal('response'),
  ...recordBase,
  channel: surveyChannelSchema,
  answers: answersSchema,
  comment: z.string().trim().min(1).max(COMMENT_MAX_LENGTH).overwrite(wellFormed).nullable(),
  serviceId: serviceIdSchema.nullable(),
  desk: deskSchema.nullable(),
  /** false: the client left early; the questions answered still count (a partial response). */
  complete: z.boolean(),
});
export type SurveyResponse = z.infer<typeof responseSchema>;

const errorCountsSchema = z.record(z.string().regex(/^[a-z0-9-]{1,40}$/), z.number().int().min(0));

export const panelStatusSchema = z.strictObject({
  panelId: panelIdSchema,
  port: z.string().max(200),
  protocol: z.string().max(40),
  desk: deskSchema.nullable(),
  online: z.boolean(),
  lastPressAt: instantSchema.nullable(),
  lastHeartbeatAt: instantSchema.nullable(),
  disconnects: z.number().int().min(0),
  errors: errorCountsSchema,
});
export type PanelStatus = z.infer<typeof panelStatusSchema>;

/** The kinds of device that hold a key of their own and send records to an office hub. */
export const deviceKindSchema = z.enum(['panel-driver', 'kiosk']);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

/** A device's periodic report of its own health, shown on the АХО board. */
export const heartbeatSchema = z.strictObject({
  kind: z.literal('heartbeat'),
  ...recordBase,
  deviceKind: deviceKindSchema,
  version: z.string().min(1).max(40),
  /** Records born on the device and not yet acknowledged by the hub. */
  backlog: z.number().int().min(0),
  lastSyncAt: instantSchema.nullable(),
  errors: errorCountsSchema,
  panels: z.array(panelStatusSchema).max(64),
  /** The device's data folder (shared/storage.ts); absent from devices that do not report it yet. */
  storage: storageReportSchema.optional(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/**
 * An answer to a survey the CX sector built (issue 20), born on the device with its id like a
 * response. It names the survey and the frozen version it answered; every hop checks it against
 * that version (shared/surveys/answer-check.ts) and refuses one naming a version it does not hold.
 */
export const surveyAnswerSchema = z.strictObject({
  kind: z.literal('survey-answer'),
  ...recordBase,
  surveyId: surveyIdSchema,
  version: z.number().int().min(1).max(100_000),
  channel: builtSurveyChannelSchema,
  answers: surveyAnswersSchema,
  /** false: the client left early; the questions answered still count. */
  complete: z.boolean(),
});
export type SurveyAnswerRecord = z.infer<typeof surveyAnswerSchema>;

const isoDate = z.iso.date();

/**
 * The exit poll's summary form («итоговая форма», order No. 308, 2.2) of one office for one survey
 * version over Moscow days `period`: figures worked out by the office hub from the answers its
 * interviewers took (shared/surveys/summary-figures.ts), the «отказался отвечать» count, and the
 * remarks of `filledBy` (the login of the employee who sent it: the form is their report, while no
 * answer names its interviewer). The id is born on the tablet when the form is opened; the office
 * hub stores it once and forwards it like any record; the CX sector reads it on the results page.
 */
export const surveySummarySchema = z.strictObject({
  kind: z.literal('survey-summary'),
  ...recordBase,
  surveyId: surveyIdSchema,
  version: z.number().int().min(1).max(100_000),
  period: z.strictObject({ from: isoDate, to: isoDate }).refine((p) => p.from <= p.to, { message: 'начало позже конца' }),
  filledBy: z.string().min(1).max(40),
  figures: summaryFiguresSchema,
  /** Empty remarks are null. */
  remarks: summaryRemarksSchema.min(1).nullable(),
});
export type SurveySummaryRecord = z.infer<typeof surveySummarySchema>;

export const recordSchema = z.discriminatedUnion('kind', [pressSchema, responseSchema, heartbeatSchema, surveyAnswerSchema, surveySummarySchema]);
export type FeedbackRecord = z.infer<typeof recordSchema>;
export type RecordKind = FeedbackRecord['kind'];

/**
 * The form two copies of one record are compared in. `receivedAt` is left out: it is the
 * receiving hub's clock, not part of what the device said.
 */
export function canonicalBody(record: FeedbackRecord): string {
  return stableStringify(record, 'receivedAt');
}

/**
 * JSON with object keys in code-unit order and undefined members left out, so two copies of a
 * record compare equal whatever order their keys came in (records.test.ts pins the output); the
 * loops are plain because every resend a hub receives is compared this way.
 */
export function stableStringify(value: unknown, skipKey?: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? '';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + stableStringify(value[i]);
    return out + ']';
  }
  const object = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` does.
  const keys = Object.keys(object).sort();
  let out = '{';
  for (const key of keys) {
    const member = object[key];
    if (member === undefined || key === skipKey) continue;
    out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + stableStringify(member);
  }
  return out + '}';
}

/** Human-readable reason from a zod error: the path and the message of each issue. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(запись)'}: ${issue.message}`)
    .join('; ');
}
