import { z } from '../zod.ts';
import { MAX_BATCH_RECORDS } from './ingest.ts';
import { instantSchema } from '../time.ts';

/**
 * The office → central hop: an office hub POSTs a batch of stored records to the central,
 * signed with its office key (signature.ts). The answer is the ingest protocol's ack
 * (shared/protocol/ingest.ts), signed back with the same key, so only the real central's
 * answer can make the office delete anything from its outbox.
 *
 * A batch may be empty: an idle office still reports its backlog, which is how the central tells
 * a quiet office from a silent one.
 */
export const FORWARD_PATH = '/api/forward';

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
});
export type ForwardRequest = z.infer<typeof forwardRequestSchema>;

/** The headers of a signed request; the response carries SIGNATURE back. Lower case, as Node reads them. */
export const HUB_HEADER = {
  keyId: 'x-czn-key-id',
  timestamp: 'x-czn-timestamp',
  nonce: 'x-czn-nonce',
  signature: 'x-czn-signature',
} as const;

/** A request whose timestamp is further than this from the central's clock is refused. */
export const CLOCK_WINDOW_MS = 300_000;
