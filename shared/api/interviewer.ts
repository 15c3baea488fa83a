import { z } from '../zod.ts';
import { officeIdSchema } from '../offices.ts';
import { recordIdSchema, surveySummarySchema } from '../records.ts';
import { instantSchema } from '../time.ts';
import { surveyIdSchema } from '../surveys/definition.ts';
import { summaryFiguresSchema, summaryRemarksSchema } from '../surveys/summary-schema.ts';
import { INTERVIEWER_BATCH_RECORDS, INTERVIEWER_REFUSAL_KIND } from '../interviewer.ts';

/** The exit poll's API (hub/interviewer/, docs/surveys.md «Interviewer mode»); shared/interviewer.ts holds its words. */
const ok = z.literal(true);
const isoDate = z.iso.date();
const version = z.number().int().min(1).max(100_000);

export const interviewerRefusalSchema = z.strictObject({
  kind: z.literal(INTERVIEWER_REFUSAL_KIND),
  id: recordIdSchema,
  officeId: officeIdSchema,
  surveyId: surveyIdSchema,
  version,
  bornAt: instantSchema,
});

/** POST /api/interviewer/records: answers and refusals, each checked on its own (ingest-like). */
export const interviewerBatchSchema = z.strictObject({ records: z.array(z.unknown()).min(1).max(INTERVIEWER_BATCH_RECORDS) });

export const summaryPeriodSchema = z.strictObject({ from: isoDate, to: isoDate }).refine((p) => p.from <= p.to, { message: 'начало позже конца', path: ['to'] });

/** POST /api/interviewer/summaries: the form's id (born on the tablet when it was opened), what it covers, the remarks. */
export const summaryBodySchema = z.strictObject({
  id: recordIdSchema,
  surveyId: surveyIdSchema,
  version,
  period: summaryPeriodSchema,
  remarks: summaryRemarksSchema,
});
export type SummaryBody = z.infer<typeof summaryBodySchema>;

/** GET /api/interviewer/summary?survey=&version=&from=&to=: the form filled from this office's answers, and the forms sent before. */
export const interviewerSummaryResponseSchema = z.object({
  ok,
  surveyId: z.string(),
  version: z.number().int(),
  period: z.object({ from: z.string(), to: z.string() }),
  figures: summaryFiguresSchema,
  sent: z.array(surveySummarySchema),
});
export type InterviewerSummaryResponse = z.infer<typeof interviewerSummaryResponseSchema>;

/** POST /api/interviewer/summaries: the record as stored (`created` false: this id was sent before). */
export const summarySentResponseSchema = z.object({ ok, created: z.boolean(), summary: surveySummarySchema });
export type SummarySentResponse = z.infer<typeof summarySentResponseSchema>;

/** GET /api/surveys/:id/summaries?version= (central): every office's forms for the CX sector, newest first. */
export const surveySummariesResponseSchema = z.object({ ok, version: z.number().int().nullable(), summaries: z.array(surveySummarySchema) });
export type SurveySummariesResponse = z.infer<typeof surveySummariesResponseSchema>;
