import { z } from '../zod.ts';
import { intervalSchema } from './common.ts';
import { MEASURE_STATUSES, PAIN_STATUSES, PRIORITIES, TARGETS } from '../pain-map-words.ts';

export type { Target } from '../pain-map-words.ts';

/**
 * The pain map and its corrective measures (issue 19, seed 001 §4.6): what the staff app sends
 * (inputs, validated by the central with these schemas) and what it reads back.
 */
const quarterKey = z.string().regex(/^\d{4}-Q[1-4]$/, 'квартал в виде 2026-Q4');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в виде ГГГГ-ММ-ДД').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'такой даты нет');
const text = (max: number, what: string) => z.string().trim().min(1, `${what}: не заполнено`).max(max, `${what}: не длиннее ${max} знаков`);
const officeId = z.string().trim().min(1).max(40).nullable();

export const painInputSchema = z.strictObject({
  quarter: quarterKey,
  process: text(200, 'процесс'),
  officeId,
  title: text(300, 'проблема'),
  description: z.string().trim().max(4000, 'описание: не длиннее 4000 знаков').default(''),
  priority: z.enum(PRIORITIES),
  topicId: z.string().trim().max(40).nullable().default(null),
});
export type PainInput = z.infer<typeof painInputSchema>;

// Written out, not painInputSchema.partial(): zod applies a field's default inside .partial(), so
// a patch of the status alone would have wiped the description and the topic.
export const painPatchSchema = z.strictObject({
  quarter: quarterKey.optional(),
  process: text(200, 'процесс').optional(),
  officeId: officeId.optional(),
  title: text(300, 'проблема').optional(),
  description: z.string().trim().max(4000, 'описание: не длиннее 4000 знаков').optional(),
  priority: z.enum(PRIORITIES).optional(),
  topicId: z.string().trim().max(40).nullable().optional(),
  status: z.enum(PAIN_STATUSES).optional(),
});
export type PainPatch = z.infer<typeof painPatchSchema>;

export const evidenceInputSchema = z.strictObject({
  kind: z.enum(['comment', 'figure', 'register-entry', 'note']),
  ref: z.string().trim().max(80).nullable().default(null),
  text: text(2000, 'текст'),
});
export type EvidenceInput = z.infer<typeof evidenceInputSchema>;

export const measureInputSchema = z.strictObject({
  officeId,
  text: text(2000, 'мероприятие'),
  owner: text(200, 'ответственный'),
  dueOn: day,
  startedOn: day,
  target: z.enum(TARGETS),
});
export type MeasureInput = z.infer<typeof measureInputSchema>;

export const measurePatchSchema = z.strictObject({
  text: text(2000, 'мероприятие').optional(),
  owner: text(200, 'ответственный').optional(),
  dueOn: day.optional(),
  startedOn: day.optional(),
  target: z.enum(TARGETS).optional(),
  status: z.enum(MEASURE_STATUSES).optional(),
  doneOn: day.nullable().optional(),
});
export type MeasurePatch = z.infer<typeof measurePatchSchema>;

export const reviewInputSchema = z.strictObject({ review: text(2000, 'заключение') });

export const effectSchema = z.object({
  target: z.enum(TARGETS),
  /** The periods compared, as Moscow dates, both days included. */
  before: z.object({ from: z.string(), to: z.string(), value: z.number().nullable(), n: z.number().int() }),
  after: z.object({ from: z.string(), to: z.string(), value: z.number().nullable(), n: z.number().int() }),
  difference: z.number().nullable(),
  interval: intervalSchema.nullable(),
  verdict: z.enum(['improved', 'worse', 'no-change', 'too-few']),
  words: z.string(),
  sentence: z.string(),
});
export type Effect = z.infer<typeof effectSchema>;

export const measureSchema = z.object({
  id: z.string(),
  painId: z.string(),
  officeId: z.string().nullable(),
  officeName: z.string(),
  text: z.string(),
  owner: z.string(),
  dueOn: z.string(),
  startedOn: z.string(),
  status: z.enum(MEASURE_STATUSES),
  doneOn: z.string().nullable(),
  target: z.enum(TARGETS),
  overdue: z.boolean(),
  review: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  /** For a measure done: its figure before and after; null otherwise. */
  effect: effectSchema.nullable(),
});
export type Measure = z.infer<typeof measureSchema>;

export const painSchema = z.object({
  id: z.string(),
  quarter: z.string(),
  process: z.string(),
  officeId: z.string().nullable(),
  officeName: z.string(),
  title: z.string(),
  description: z.string(),
  priority: z.enum(PRIORITIES),
  topicId: z.string().nullable(),
  status: z.enum(PAIN_STATUSES),
  createdBy: z.string(),
  createdAt: z.string(),
  evidence: z.array(z.object({ id: z.number().int(), kind: z.string(), ref: z.string().nullable(), text: z.string(), addedBy: z.string(), addedAt: z.string() })),
  measures: z.array(measureSchema),
});
export type Pain = z.infer<typeof painSchema>;

export const painMapResponseSchema = z.object({
  ok: z.literal(true),
  quarter: z.string(),
  quarterLabel: z.string(),
  /** Whether this user may add and change pains and measures (the CX sector, the admin). */
  mayEdit: z.boolean(),
  /** Whether this user records the director's review. */
  mayReview: z.boolean(),
  pains: z.array(painSchema),
  /** Measures past their date and not done, across every quarter in the user's scope. */
  overdue: z.array(measureSchema),
});
export type PainMapResponse = z.infer<typeof painMapResponseSchema>;
