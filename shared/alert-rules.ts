import { z } from './zod.ts';

/**
 * Low-score alert rules (seed 000's panels, the CX sector's call): a rule fires for an office when
 * at least `minPresses` counted presses arrived within `windowMinutes`, of which at least `share`
 * scored `maxScore` or lower. One schema for the hub's configuration default and for the CX
 * sector's edits (PUT /api/alert-rules).
 */
export const lowScoreRuleSchema = z.strictObject({
  windowMinutes: z.number().int().min(1).max(24 * 60),
  minPresses: z.number().int().min(1).max(10_000),
  share: z.number().gt(0).max(1),
  maxScore: z.number().int().min(1).max(4).default(1),
});
export type LowScoreRule = z.infer<typeof lowScoreRuleSchema>;

export const MAX_LOW_SCORE_RULES = 10;
export const lowScoreRuleListSchema = z.array(lowScoreRuleSchema).max(MAX_LOW_SCORE_RULES);

export const DEFAULT_LOW_SCORE_RULES: readonly LowScoreRule[] = [{ windowMinutes: 30, minPresses: 4, share: 0.5, maxScore: 1 }];
