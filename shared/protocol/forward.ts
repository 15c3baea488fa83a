import { z } from '../zod.ts';
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

export const forwardRequestSchema = z.strictObject({
  records: z.array(z.unknown()).max(MAX_BATCH_RECORDS),
  backlog: forwardBacklogSchema,
  /**
   * The office hub's data folder (shared/storage.ts), so /central shows an office whose disk is full.
   * Optional: office hubs older than it leave it out. A central older than it refuses the field, so
   * update the central before its offices.
   */
  storage: storageReportSchema.optional(),
});
export type ForwardRequest = z.infer<typeof forwardRequestSchema>;
