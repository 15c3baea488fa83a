import { lowScoreRuleSchema } from '../alert-rules.ts';
import { z } from '../zod.ts';

/** The CX sector's settings: the survey's service list and the low-score alert rules. */
const ok = z.literal(true);

export const serviceSchema = z.object({ id: z.string(), name: z.string(), position: z.number().int(), active: z.boolean() });
export type Service = z.infer<typeof serviceSchema>;
export const servicesResponseSchema = z.object({ ok, services: z.array(serviceSchema) });
export type ServicesResponse = z.infer<typeof servicesResponseSchema>;

export const alertRulesResponseSchema = z.object({
  ok,
  rules: z.array(lowScoreRuleSchema),
  source: z.enum(['config', 'staff']),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type AlertRulesResponse = z.infer<typeof alertRulesResponseSchema>;
