import { channelSchema } from '../channels.ts';
import { officeKindSchema } from '../offices.ts';
import { z } from '../zod.ts';

/**
 * What the hub's JSON API sends, written once as zod schemas. The hub types each answer against
 * these (`satisfies`), the staff app (staff-app/) reads the inferred types, and a test parses the
 * real answers with them: a field renamed here fails `tsc` on both sides instead of a screen.
 * The app imports types only (`import type`), so zod never reaches its bundle.
 */
export const apiErrorSchema = z.object({ ok: z.literal(false), error: z.string(), reason: z.string() });
export type ApiError = z.infer<typeof apiErrorSchema>;

export const periodKindSchema = z.enum(['week', 'month', 'quarter', 'custom']);
export const periodSchema = z.object({ kind: periodKindSchema, key: z.string(), label: z.string(), start: z.number(), end: z.number() });
export type ApiPeriod = z.infer<typeof periodSchema>;

/** A 95 % interval of a figure: Wilson for CSAT's share, t for means, normal for NPS (shared/metrics.ts). */
export const intervalSchema = z.object({ low: z.number(), high: z.number() });
export type Interval = z.infer<typeof intervalSchema>;

export const figureSchema = z.object({ value: z.number().nullable(), n: z.number().int(), small: z.boolean(), interval: intervalSchema.nullable() });
export type ApiFigure = z.infer<typeof figureSchema>;

export const npsFigureSchema = figureSchema.extend({
  promoters: z.number().nullable(),
  passives: z.number().nullable(),
  detractors: z.number().nullable(),
});

export const panelFigureSchema = figureSchema.extend({ distribution: z.array(z.number().int()), suppressed: z.number().int() });

export const metricFiguresSchema = z.object({
  panel: panelFigureSchema,
  csat: figureSchema,
  nps: npsFigureSchema,
  ces: figureSchema,
  responses: z.number().int(),
});
export type ApiMetricFigures = z.infer<typeof metricFiguresSchema>;

export const metricSchema = z.enum(['panel', 'csat', 'nps', 'ces']);
export type Metric = z.infer<typeof metricSchema>;

export const reportOfficeSchema = z.object({ id: z.string(), name: z.string(), kind: officeKindSchema, closed: z.boolean(), hasPanel: z.boolean() });
export const panelStatusSchema = z.enum(['ok', 'no-panel', 'no-presses']);
export const surveyStatusSchema = z.enum(['ok', 'no-responses']);
export type PanelStatus = z.infer<typeof panelStatusSchema>;
export type SurveyStatus = z.infer<typeof surveyStatusSchema>;

export { channelSchema };
