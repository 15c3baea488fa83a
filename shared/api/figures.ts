import { lowScoreRuleSchema } from '../alert-rules.ts';
import { answersSchema } from '../records.ts';
import { z } from '../zod.ts';
import { channelSchema, metricFiguresSchema, panelStatusSchema, periodSchema, reportOfficeSchema, surveyStatusSchema } from './common.ts';

/** The CX dashboard's answers: /api/figures and what hangs off it (hub/reports/api-routes.ts). */
const ok = z.literal(true);

export const figuresResponseSchema = z.object({
  ok,
  generatedAt: z.string(),
  period: periodSchema,
  regionWide: z.boolean(),
  offices: z.array(z.object({ office: reportOfficeSchema, panelStatus: panelStatusSchema, surveyStatus: surveyStatusSchema, figures: metricFiguresSchema })),
  total: z.object({ label: z.string(), panelStatus: panelStatusSchema, surveyStatus: surveyStatusSchema, figures: metricFiguresSchema }),
});
export type FiguresResponse = z.infer<typeof figuresResponseSchema>;
export type OfficeFigureRow = FiguresResponse['offices'][number];

export const drillRowSchema = z.object({ key: z.string(), label: z.string(), figures: metricFiguresSchema });
export type DrillRow = z.infer<typeof drillRowSchema>;

export const drillResponseSchema = z.object({
  ok,
  generatedAt: z.string(),
  period: periodSchema,
  office: reportOfficeSchema,
  panelStatus: panelStatusSchema,
  surveyStatus: surveyStatusSchema,
  figures: metricFiguresSchema,
  byDesk: z.array(drillRowSchema),
  byService: z.array(drillRowSchema),
  byChannel: z.array(drillRowSchema),
});
export type DrillResponse = z.infer<typeof drillResponseSchema>;

export const trendSeriesSchema = z.object({ officeId: z.string().nullable(), label: z.string(), points: z.array(metricFiguresSchema) });
export type TrendSeries = z.infer<typeof trendSeriesSchema>;

export const trendResponseSchema = z.object({
  ok,
  generatedAt: z.string(),
  bucket: z.enum(['week', 'month']),
  periods: z.array(periodSchema.pick({ key: true, label: true, start: true, end: true })),
  offices: z.array(trendSeriesSchema),
  total: trendSeriesSchema,
});
export type TrendResponse = z.infer<typeof trendResponseSchema>;

/** A comment or an alert taken into work: the register entry it became (issue 18) and how far it got. */
const inWorkSchema = z.object({ entryId: z.string(), status: z.enum(['new', 'registered', 'measures', 'redirected', 'answered', 'closed']) }).nullable();

export const commentEntrySchema = z.object({
  id: z.string(),
  officeId: z.string(),
  officeName: z.string(),
  bornAt: z.string(),
  channel: channelSchema,
  channelLabel: z.string(),
  serviceId: z.string().nullable(),
  serviceName: z.string().nullable(),
  desk: z.string().nullable(),
  comment: z.string(),
  answers: answersSchema,
  complete: z.boolean(),
  /** Any CSAT answer ≤ 3 or NPS ≤ 6: marked «низкие оценки» (a fact of the scores, not the text's tone). */
  negative: z.boolean(),
  /** Taken into work: the register entry it became (issue 18) and how far it got. */
  inWork: inWorkSchema,
});
export type CommentEntry = z.infer<typeof commentEntrySchema>;

export const commentsResponseSchema = z.object({ ok, period: periodSchema, total: z.number().int(), entries: z.array(commentEntrySchema), next: z.string().nullable() });
export type CommentsResponse = z.infer<typeof commentsResponseSchema>;

export const mailStatusSchema = z.enum(['not-configured', 'sent', 'failed']);

export const alertEntrySchema = z.object({
  id: z.number().int(),
  officeId: z.string(),
  officeName: z.string(),
  ruleKey: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  presses: z.number().int(),
  lowPresses: z.number().int(),
  raisedAt: z.string(),
  mailStatus: mailStatusSchema,
  mailDetail: z.string().nullable(),
  inWork: inWorkSchema,
});
export const alertsResponseSchema = z.object({ ok, period: periodSchema, rules: z.array(lowScoreRuleSchema), alerts: z.array(alertEntrySchema) });
export type AlertsResponse = z.infer<typeof alertsResponseSchema>;

export const archiveEntrySchema = z.object({
  id: z.number().int(),
  kind: z.enum(['weekly-panel', 'monthly', 'register-monthly']),
  kindLabel: z.string(),
  periodKey: z.string(),
  periodLabel: z.string(),
  generatedAt: z.string(),
  cause: z.enum(['schedule', 'on-demand']),
  mailStatus: mailStatusSchema,
  mailDetail: z.string().nullable(),
  xlsxUrl: z.string(),
  csvUrl: z.string(),
});
export const archiveResponseSchema = z.object({ ok, reports: z.array(archiveEntrySchema) });
export type ArchiveResponse = z.infer<typeof archiveResponseSchema>;

/** The panel average by Moscow weekday (1 = Monday) × hour: counted presses of the period. */
export const heatmapCellSchema = z.object({ weekday: z.number().int().min(1).max(7), hour: z.number().int().min(0).max(23), n: z.number().int(), value: z.number().nullable() });
export const heatmapResponseSchema = z.object({ ok, period: periodSchema, officeId: z.string().nullable(), cells: z.array(heatmapCellSchema), n: z.number().int() });
export type HeatmapResponse = z.infer<typeof heatmapResponseSchema>;
export type HeatmapCell = z.infer<typeof heatmapCellSchema>;

/**
 * Invitations issued vs answered per office. Each number is null where this hub does not hold it:
 * an office hub records what it issued, the server phones answer at (normally the central) records
 * the answers; the rate is shown where both are held. The central holds the issued counts too, as
 * the office hubs report them with their forwarded batches (`issuedByOffices`).
 */
export const invitationRateRowSchema = z.object({
  officeId: z.string(),
  officeName: z.string(),
  issued: z.number().int().nullable(),
  answered: z.number().int().nullable(),
  /** answered / issued × 100, null unless both are held and issued > 0. */
  rate: z.number().nullable(),
});
export const invitationRatesResponseSchema = z.object({
  ok,
  period: periodSchema,
  issuedHere: z.boolean(),
  /** The issued counts are the office hubs' daily reports (the central), a few minutes behind at most while they forward. */
  issuedByOffices: z.boolean(),
  answeredHere: z.boolean(),
  offices: z.array(invitationRateRowSchema),
});
export type InvitationRatesResponse = z.infer<typeof invitationRatesResponseSchema>;
