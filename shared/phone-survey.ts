import { z } from './zod.ts';
import { answersSchema } from './records.ts';
import { officeIdSchema } from './offices.ts';
import { COMMENT_MAX_LENGTH } from './surveys.ts';
import { wellFormed } from './text.ts';
import { CALL_STATUSES, normaliseDate, normalisePhone } from './phone-survey-words.ts';

export { CALL_STATUS_LABEL, CALL_STATUSES, type CallStatus } from './phone-survey-words.ts';

/**
 * The phone survey (order No. 308, 1.2): the CX sector's campaigns, their call lists and what an
 * operator records for a call. One description for the hub's checks and the staff app's forms.
 */

export const callListRowSchema = z.strictObject({
  phone: z.string().transform((v, ctx) => normalisePhone(v) ?? (ctx.addIssue({ code: 'custom', message: `«${v}» — ожидается российский номер: 10 цифр после +7 или 8` }), z.NEVER)),
  officeId: officeIdSchema,
  serviceDate: z.string().transform((v, ctx) => normaliseDate(v) ?? (ctx.addIssue({ code: 'custom', message: `«${v}» — ожидается дата ДД.ММ.ГГГГ` }), z.NEVER)),
});
export type CallListRow = z.infer<typeof callListRowSchema>;

export const campaignBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'укажите название').max(200).overwrite(wellFormed),
  /** What the operator says: the greeting, who calls and why, and the questions in order. */
  script: z.string().trim().max(5000).overwrite(wellFormed),
});
export type CampaignBody = z.infer<typeof campaignBodySchema>;

/** What the operator records after a call. An answered call carries the client's answers. */
export const callOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('answered'),
    answers: answersSchema.refine((a) => Object.keys(a).length > 0, 'нет ни одной оценки: отметьте ответы клиента'),
    comment: z.string().trim().max(COMMENT_MAX_LENGTH).overwrite(wellFormed).nullable(),
  }),
  z.strictObject({ status: z.literal('refused') }),
  z.strictObject({ status: z.literal('no-answer') }),
  z.strictObject({ status: z.literal('call-back'), callBackAt: z.iso.datetime({ offset: true }) }),
]);
export type CallOutcome = z.infer<typeof callOutcomeSchema>;

const ok = z.literal(true);
export const campaignSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  script: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  closedAt: z.string().nullable(),
  counts: z.record(z.enum(CALL_STATUSES), z.number().int()),
  total: z.number().int(),
});
export type CampaignSummary = z.infer<typeof campaignSummarySchema>;
export const campaignListResponseSchema = z.object({ ok, campaigns: z.array(campaignSummarySchema) });
export type CampaignListResponse = z.infer<typeof campaignListResponseSchema>;

export const phoneCallSchema = z.object({
  id: z.number().int(),
  officeId: z.string(),
  /** null once the campaign is closed: numbers are deleted then. */
  phone: z.string().nullable(),
  serviceDate: z.string(),
  status: z.enum(CALL_STATUSES),
  attempts: z.number().int(),
  callBackAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type PhoneCall = z.infer<typeof phoneCallSchema>;
export const callQueueResponseSchema = z.object({ ok, campaign: campaignSummarySchema, calls: z.array(phoneCallSchema) });
export type CallQueueResponse = z.infer<typeof callQueueResponseSchema>;

export const importResponseSchema = z.object({ ok, added: z.number().int(), alreadyListed: z.number().int(), encoding: z.string() });
export type ImportResponse = z.infer<typeof importResponseSchema>;
