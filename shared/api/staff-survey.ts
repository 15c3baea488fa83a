import { z } from '../zod.ts';
import { officeIdSchema } from '../offices.ts';
import { questionResultSchema } from './surveys.ts';

/** The staff survey's API (hub/surveys/staff-survey-routes.ts, docs/surveys.md «Опрос сотрудников»). */
const ok = z.literal(true);

/** POST /api/surveys/:id/staff-links: one link per employee of an office, to print and hand out. */
export const staffLinksBodySchema = z.strictObject({ officeId: officeIdSchema, count: z.number().int().min(1).max(500) });
export type StaffLinksBody = z.infer<typeof staffLinksBodySchema>;
/** `slips`: each link with its QR code (SVG made on the hub), to print and cut; shown once, kept nowhere. */
export const staffLinksResponseSchema = z.object({ ok, officeId: z.string(), slips: z.array(z.object({ link: z.string(), qrSvg: z.string() })) });
export type StaffLinksResponse = z.infer<typeof staffLinksResponseSchema>;

/** GET /api/surveys/:id/staff-links: printed and answered per office (a count names nobody). */
export const staffLinkCountsResponseSchema = z.object({
  ok,
  offices: z.array(z.object({ officeId: z.string(), printed: z.number().int(), answered: z.number().int() })),
});
export type StaffLinkCountsResponse = z.infer<typeof staffLinkCountsResponseSchema>;

/**
 * GET /api/surveys/:id/staff-groups: results per office for offices with at least the minimum
 * number of respondents; the others pooled as «прочие», shown only if the pool reaches it too.
 */
export const staffGroupSchema = z.object({
  /** An office id, or null for «прочие». */
  officeId: z.string().nullable(),
  label: z.string(),
  respondents: z.number().int(),
  questions: z.array(questionResultSchema),
});
export const staffGroupsResponseSchema = z.object({
  ok,
  version: z.number().int(),
  minGroup: z.number().int(),
  groups: z.array(staffGroupSchema),
  /** Respondents in groups too small to show even pooled; counted only in the region's total. */
  withheld: z.number().int(),
});
export type StaffGroupsResponse = z.infer<typeof staffGroupsResponseSchema>;
