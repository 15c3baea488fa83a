import { z } from '../zod.ts';
import { surveyChannelSchema } from '../records.ts';
import { instantSchema } from '../time.ts';
import { MAX_BATCH_RECORDS } from './wire.ts';
import { storageReportSchema } from '../storage.ts';

/**
 * The office → central hop: an office hub POSTs a batch of stored records to FORWARD_PATH on the
 * central (wire.ts), signed with its office key (forward-signature.ts, headers HUB_HEADER). The
 * answer is the ingest protocol's ack (ingest.ts), signed back with the same key, so only the
 * real central's answer can make the office delete anything from its outbox.
 *
 * A batch may be empty: an idle office still reports its backlog, which is how the central tells
 * a quiet office from a silent one.
 */
export const forwardBacklogSchema = z.strictObject({
  /** Records still in the office's outbox once this batch is acknowledged. */
  count: z.number().int().min(0),
  /** receivedAt of the oldest of them, null when none are left. */
  oldestReceivedAt: instantSchema.nullable(),
});
export type ForwardBacklog = z.infer<typeof forwardBacklogSchema>;

/**
 * How many per-visit invitations the office issued on one Moscow calendar day through one channel,
 * counted from its first invitation ever: an absolute count, not a delta, so a resend (after a
 * lost ack or a kill -9) says the same thing again and the central keeps it once per (office, day,
 * channel). Counts only grow, so the central keeps the greatest it was told and batches that
 * overtake each other on the wire cannot turn a count back. The office is the key's, never a field.
 */
export const issuedInvitationDaySchema = z.strictObject({
  /** YYYY-MM-DD, the Moscow calendar day the invitations were issued on. */
  day: z.iso.date(),
  channel: surveyChannelSchema.extract(['visit-qr', 'email-link']),
  issued: z.number().int().min(0),
});
export type IssuedInvitationDay = z.infer<typeof issuedInvitationDaySchema>;

const DAY_MS = 86_400_000;
/**
 * The wire's YYYY-MM-DD ↔ the day number both hubs store: (instant + UTC+3) / day, the fixed
 * Moscow arithmetic of shared/periods.ts that the press_day rollup uses too.
 */
export const issuedDayToIso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const issuedDayFromIso = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** Counts an office sends with one batch at most; more wait for the next batch. */
export const MAX_ISSUED_DAYS_PER_BATCH = 64;

export const forwardRequestSchema = z.strictObject({
  records: z.array(z.unknown()).max(MAX_BATCH_RECORDS),
  backlog: forwardBacklogSchema,
  /**
   * Invitation counts that changed since the central last acknowledged them (issue 14): present
   * only when there are some, so a batch without them is the format older centrals know. Added
   * without a protocol bump: a central that refuses the field answers `invalid-batch`, which stores
   * nothing and leaves the batch queued, so upgrade the central before its offices.
   */
  invitationsIssued: z.array(issuedInvitationDaySchema).max(MAX_ISSUED_DAYS_PER_BATCH).optional(),
  /**
   * The office hub's data folder (shared/storage.ts), so /central shows an office whose disk is full.
   * Optional: office hubs older than it leave it out. A central older than it refuses the field, so
   * update the central before its offices.
   */
  storage: storageReportSchema.optional(),
});
export type ForwardRequest = z.infer<typeof forwardRequestSchema>;
