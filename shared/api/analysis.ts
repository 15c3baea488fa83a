import { z } from '../zod.ts';
import { channelSchema, intervalSchema, periodSchema, reportOfficeSchema } from './common.ts';

/**
 * The negative-feedback monitoring of seed 001 §4.5 (hub/analysis/negative-feedback.ts): per office
 * and channel, how much feedback was negative and how many clients were satisfied, each share with
 * its n and 95 % interval, and the main topics of the negative comments.
 */
export const shareSchema = z.object({
  count: z.number().int(),
  n: z.number().int(),
  /** Per cent, null when n is 0. */
  value: z.number().nullable(),
  interval: intervalSchema.nullable(),
  small: z.boolean(),
});
export type Share = z.infer<typeof shareSchema>;

export const negativeRowSchema = z.object({
  channel: channelSchema,
  channelLabel: z.string(),
  /** Presses or answers in the period. */
  total: z.number().int(),
  negative: shareSchema,
  satisfied: shareSchema,
  unsatisfied: shareSchema,
});
export type NegativeRow = z.infer<typeof negativeRowSchema>;

export const topicCountSchema = z.object({
  topicId: z.string(),
  name: z.string(),
  /** Negative comments with this topic; a comment may have several. */
  comments: z.number().int(),
  share: shareSchema,
  /** A few comments that show it, newest first. */
  examples: z.array(z.object({ officeId: z.string(), bornAt: z.string(), text: z.string() })),
});
export type TopicCount = z.infer<typeof topicCountSchema>;

export const negativeFeedbackSchema = z.object({
  ok: z.literal(true),
  generatedAt: z.string(),
  period: periodSchema,
  offices: z.array(z.object({ office: reportOfficeSchema, rows: z.array(negativeRowSchema), total: negativeRowSchema.omit({ channel: true, channelLabel: true }) })),
  /** Every office in scope together, per channel. */
  byChannel: z.array(negativeRowSchema),
  total: negativeRowSchema.omit({ channel: true, channelLabel: true }),
  /** Negative comments read for topics, and how many had none of the known topics. */
  negativeComments: z.number().int(),
  withoutTopic: z.number().int(),
  topics: z.array(topicCountSchema),
});
export type NegativeFeedback = z.infer<typeof negativeFeedbackSchema>;
