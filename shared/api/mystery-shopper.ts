import { z } from '../zod.ts';
import { ATTACHMENT_TYPES, MARKS } from '../mystery-shopper-words.ts';
import { intervalSchema, periodSchema } from './common.ts';

/**
 * What the mystery shopper's routes answer (order No. 308, 2.3; hub/mystery-shopper/): templates,
 * visits, their files, the scores and the «справка». The shopper's pseudonym is in a visit only for
 * the CX sector, the admin and the director (`shopper` null otherwise), and never in the справка.
 */
export const criterionSchema = z.object({ id: z.string(), text: z.string(), group: z.string(), weight: z.number().int() });
export type Criterion = z.infer<typeof criterionSchema>;

export const templateSchema = z.object({
  id: z.string(),
  familyId: z.string(),
  version: z.number().int(),
  name: z.string(),
  goals: z.string(),
  scenario: z.string(),
  criteria: z.array(criterionSchema),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Visits scored against this version: from the first, the version is frozen. */
  visits: z.number().int(),
  /** The family's newest version's id (this one's, when it is the newest). */
  newestId: z.string(),
});
export type Template = z.infer<typeof templateSchema>;

export const templateListResponseSchema = z.object({ ok: z.literal(true), templates: z.array(templateSchema), mayEdit: z.boolean() });
export type TemplateListResponse = z.infer<typeof templateListResponseSchema>;
export const templateResponseSchema = z.object({ ok: z.literal(true), template: templateSchema });
export type TemplateResponse = z.infer<typeof templateResponseSchema>;

/** stored: new; duplicate: a resend of what is held; updated: changed in place; copied: a new version; unchanged: the same content again. */
export const templateSavedResponseSchema = z.object({ ok: z.literal(true), id: z.string(), familyId: z.string(), version: z.number().int(), status: z.enum(['stored', 'duplicate', 'updated', 'copied', 'unchanged']) });
export type TemplateSavedResponse = z.infer<typeof templateSavedResponseSchema>;

export const visitStateSchema = z.enum(['draft', 'approved']);

export const visitRowSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  familyId: z.string(),
  templateName: z.string(),
  templateVersion: z.number().int(),
  officeId: z.string(),
  officeName: z.string(),
  visitedOn: z.string(),
  visitedTime: z.string().nullable(),
  score: z.number(),
  state: visitStateSchema,
  attachments: z.number().int(),
});
export type VisitRow = z.infer<typeof visitRowSchema>;

export const officeScoreSchema = z.object({ officeId: z.string(), officeName: z.string(), n: z.number().int(), mean: z.number(), interval: intervalSchema.nullable() });
export type ApiOfficeScore = z.infer<typeof officeScoreSchema>;

export const visitListResponseSchema = z.object({
  ok: z.literal(true),
  period: periodSchema,
  rows: z.array(visitRowSchema),
  /** Per office over the approved visits listed, lowest first. */
  officeScores: z.array(officeScoreSchema),
  mayEdit: z.boolean(),
});
export type VisitListResponse = z.infer<typeof visitListResponseSchema>;

export const attachmentSchema = z.object({ id: z.string(), name: z.string(), type: z.enum(ATTACHMENT_TYPES), size: z.number().int(), addedBy: z.string(), addedAt: z.number() });
export type Attachment = z.infer<typeof attachmentSchema>;

export const visitMarkSchema = z.object({ criterionId: z.string(), mark: z.enum(MARKS), note: z.string() });

export const visitSchema = visitRowSchema.extend({
  scenario: z.string(),
  /** The pseudonym: null for a reader who may not know it (an office head). */
  shopper: z.string().nullable(),
  marks: z.array(visitMarkSchema),
  notes: z.string(),
  conclusions: z.string(),
  proposals: z.string(),
  template: templateSchema,
  revision: z.number().int(),
  /** Who typed and approved it: null for an office head, as the shopper may be the analyst. */
  createdBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  approvedAt: z.number().nullable(),
  registerEntryId: z.string().nullable(),
  /** The files: null for a reader who may not open them (an office head). */
  files: z.array(attachmentSchema).nullable(),
});
export type Visit = z.infer<typeof visitSchema>;

export const visitResponseSchema = z.object({ ok: z.literal(true), visit: visitSchema, mayEdit: z.boolean() });
export type VisitResponse = z.infer<typeof visitResponseSchema>;

export const visitSavedResponseSchema = z.object({
  ok: z.literal(true),
  id: z.string(),
  status: z.enum(['stored', 'duplicate', 'updated', 'unchanged', 'approved']),
  score: z.number(),
  revision: z.number().int(),
  registerEntryId: z.string().nullable(),
});
export type VisitSavedResponse = z.infer<typeof visitSavedResponseSchema>;

export const attachmentSavedResponseSchema = z.object({ ok: z.literal(true), status: z.enum(['stored', 'duplicate']), file: attachmentSchema });
export type AttachmentSavedResponse = z.infer<typeof attachmentSavedResponseSchema>;

/** A refusal naming the fields (by their path in the form's content), which the forms show beside each. */
export interface MysteryRefusal {
  ok: false;
  error: string;
  reason: string;
  fields: Record<string, string>;
}

export const reportCriterionSchema = z.object({
  criterionId: z.string(),
  text: z.string(),
  group: z.string(),
  weight: z.number().int(),
  n: z.number().int(),
  met: z.number().int(),
  partly: z.number().int(),
  missed: z.number().int(),
  na: z.number().int(),
  share: z.number().nullable(),
});
export type ReportCriterion = z.infer<typeof reportCriterionSchema>;

export const reportVisitSchema = z.object({
  id: z.string(),
  visitedOn: z.string(),
  visitedTime: z.string().nullable(),
  officeName: z.string(),
  templateVersion: z.number().int(),
  score: z.number(),
  scenario: z.string(),
  notes: z.string(),
  conclusions: z.string(),
  proposals: z.string(),
  /** The criteria not fully met, with the shopper's note. */
  shortfalls: z.array(z.object({ text: z.string(), mark: z.enum(MARKS), note: z.string() })),
});
export type ReportVisit = z.infer<typeof reportVisitSchema>;

/** The «справка о проведённом мероприятии»: approved visits of one template in a period (and office). */
export const reportResponseSchema = z.object({
  ok: z.literal(true),
  period: periodSchema,
  template: z.object({ familyId: z.string(), name: z.string(), goals: z.string(), scenario: z.string(), versions: z.array(z.number().int()) }),
  office: z.object({ id: z.string(), name: z.string() }).nullable(),
  visits: z.array(reportVisitSchema),
  officeScores: z.array(officeScoreSchema),
  /** Every criterion of the template's versions, weakest first. */
  criteria: z.array(reportCriterionSchema),
  /** Visits of the period not yet approved, left out. */
  draftsLeftOut: z.number().int(),
  generatedAt: z.number(),
  preparedBy: z.string(),
});
export type ReportResponse = z.infer<typeof reportResponseSchema>;
