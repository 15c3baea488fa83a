import { z } from './zod.ts';
import { officeIdSchema } from './offices.ts';
import { describeIssues, recordIdSchema, stableStringify, wellFormed } from './records.ts';
import { instantSchema } from './time.ts';
import { isDayKey, daysBetween } from './work-calendar.ts';
import { MAX_EXTENSION_DAYS } from './appeal-deadlines.ts';

/**
 * The register of appeals (order No. 308: «ежедневный реестр обращений»), as records.
 *
 * An entry is typed by a person, where that person works (an office hub, possibly offline, or the
 * central), and then followed: registered, extended, redirected, measures recorded, answered,
 * closed. Each of those steps is its own record — a register event with a UUIDv7 id born where it
 * was typed — so an entry travels up exactly like presses and answers: idempotent by id, a
 * different body under the same id is a conflict, and nothing is ever overwritten in place. The
 * entry as the screens show it is the fold of its events in the order they were born.
 *
 * Personal data (the author's name, address and contacts) lives only in `author` of the `opened`
 * event, so one field decides who may see it and what an export leaves out.
 */
export const registerChannelSchema = z.enum(['book-of-reviews', 'hotline', 'written-appeal', 'social-poll', 'open-resource', 'comment-in-work', 'mystery-shopper']);
export type RegisterChannel = z.infer<typeof registerChannelSchema>;


export const toneSchema = z.enum(['negative', 'neutral', 'positive', 'suggestion']);
export type Tone = z.infer<typeof toneSchema>;

export const dayKeySchema = z.string().refine(isDayKey, 'дата ГГГГ-ММ-ДД');
const text = (max: number) => z.string().trim().min(1).max(max).overwrite(wellFormed);
const topicIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'код темы: латиница, цифры, дефис');

export const authorSchema = z.strictObject({
  name: text(200).nullable(),
  address: text(500).nullable(),
  contacts: text(200).nullable(),
});
export type Author = z.infer<typeof authorSchema>;

/** What only some channels have. */
export const detailsSchema = z.discriminatedUnion('channel', [
  z.strictObject({ channel: z.literal('book-of-reviews') }),
  z.strictObject({ channel: z.literal('hotline'), calledAt: instantSchema, callbackDue: z.boolean() }),
  z.strictObject({ channel: z.literal('written-appeal'), incomingNumber: text(60).nullable() }),
  z.strictObject({ channel: z.literal('social-poll'), link: z.url().max(500), platform: text(60), question: text(500), results: text(2000) }),
  z.strictObject({ channel: z.literal('open-resource'), link: z.url().max(500), platform: text(60) }),
  z.strictObject({ channel: z.literal('comment-in-work'), responseId: recordIdSchema.nullable(), alertId: z.number().int().positive().nullable() }),
  // A visit of the «тайный» client (order No. 308, 2.3), opened on the central by the visit's first save.
  z.strictObject({ channel: z.literal('mystery-shopper'), visitId: recordIdSchema }),
]);

const eventBase = {
  id: recordIdSchema,
  /** The entry: the id of its `opened` event. */
  entryId: recordIdSchema,
  officeId: officeIdSchema,
  bornAt: instantSchema,
  /** The login of the person who typed it. */
  by: z.string().min(1).max(40),
  receivedAt: instantSchema.optional(),
};

export const registerEventSchema = z.discriminatedUnion('step', [
  z.strictObject({
    ...eventBase,
    step: z.literal('opened'),
    receivedOn: dayKeySchema,
    details: detailsSchema,
    summary: text(4000),
    tone: toneSchema,
    topics: z.array(topicIdSchema).max(10),
    author: authorSchema.nullable(),
    /** The author asked for or is owed a written answer (left an address, called for a call-back). */
    answerOwed: z.boolean(),
  }),
  z.strictObject({ ...eventBase, step: z.literal('registered'), registeredOn: dayKeySchema, number: text(60) }),
  z.strictObject({ ...eventBase, step: z.literal('extended'), decidedOn: dayKeySchema, days: z.number().int().min(1).max(MAX_EXTENSION_DAYS), noticeSentOn: dayKeySchema }),
  z.strictObject({ ...eventBase, step: z.literal('redirected'), on: dayKeySchema, to: text(300) }),
  z.strictObject({ ...eventBase, step: z.literal('measures'), text: text(4000) }),
  z.strictObject({ ...eventBase, step: z.literal('answered'), on: dayKeySchema, summary: text(4000) }),
  z.strictObject({ ...eventBase, step: z.literal('reclassified'), tone: toneSchema, topics: z.array(topicIdSchema).max(10) }),
  z.strictObject({ ...eventBase, step: z.literal('closed') }),
]);
export type RegisterEvent = z.infer<typeof registerEventSchema>;
export type RegisterStep = RegisterEvent['step'];

/** Steps that only written appeals take (59-ФЗ). */
const APPEAL_ONLY: ReadonlySet<RegisterStep> = new Set(['registered', 'extended', 'redirected']);

/**
 * Whether `next` may follow the entry's events so far; the reason in Russian when it may not.
 * Checked where the event is typed, and again where it is received: an event that arrives
 * before its entry's `opened` (sent from another hub) waits, it is not refused.
 */
export function stepProblem(history: readonly RegisterEvent[], next: RegisterEvent): string | null {
  const opened = history.find((e) => e.step === 'opened');
  if (next.step === 'opened') return opened ? 'запись уже открыта' : next.id === next.entryId ? null : 'entryId: у открывающей записи он равен id';
  if (!opened || opened.step !== 'opened') return 'нет открывающей записи';
  if (history.some((e) => e.step === 'closed')) return 'запись закрыта';
  if (APPEAL_ONLY.has(next.step) && opened.details.channel !== 'written-appeal') return 'этот шаг только для письменных обращений (59-ФЗ)';
  const registered = history.find((e) => e.step === 'registered');
  if (next.step === 'registered') {
    if (registered) return 'обращение уже зарегистрировано';
    if (daysBetween(opened.receivedOn, next.registeredOn) < 0) return 'registeredOn: регистрация раньше поступления';
  }
  if ((next.step === 'extended' || next.step === 'redirected') && !registered) return 'сначала регистрация обращения';
  if (next.step === 'extended' && history.some((e) => e.step === 'extended')) return 'срок продлевается только один раз (59-ФЗ ст. 12 ч. 2)';
  if (next.step === 'answered' && history.some((e) => e.step === 'answered')) return 'ответ уже записан';
  return null;
}

/** The form two copies of one event are compared in (receivedAt is the receiving hub's clock). */
export const canonicalEventBody = (event: RegisterEvent): string => stableStringify(event, 'receivedAt');

/**
 * On the office → central hop a register event travels in the batch's `records` beside presses
 * and answers, marked with this kind (the events themselves carry none). A central older than
 * this refuses the kind as invalid, which sets the event aside in the office's forward dead
 * letters (to be sent again after the update), so update the central before its offices.
 */
export const REGISTER_RECORD_KIND = 'register-event';
export type RegisterWireRecord = { kind: typeof REGISTER_RECORD_KIND } & RegisterEvent;

export const isRegisterWireRecord = (raw: unknown): boolean =>
  typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === REGISTER_RECORD_KIND;

export function parseRegisterWireRecord(raw: unknown): { ok: true; event: RegisterEvent } | { ok: false; reason: string } {
  if (!isRegisterWireRecord(raw)) return { ok: false, reason: `kind: ожидалось ${REGISTER_RECORD_KIND}` };
  const { kind: _kind, ...event } = raw as Record<string, unknown>;
  const parsed = registerEventSchema.safeParse(event);
  return parsed.success ? { ok: true, event: parsed.data } : { ok: false, reason: describeIssues(parsed.error) };
}
