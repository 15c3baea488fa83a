import { z } from '../zod.ts';
import { recordIdSchema } from '../records.ts';
import { INGEST_PROTOCOL, MAX_BATCH_RECORDS } from './wire.ts';

/**
 * The ingest protocol: how a device (panel driver, kiosk) hands records to its office hub, and
 * how an office hub hands them to the central. One request carries a batch; the answer names
 * every record by id, and only an answer that parses here and names an id acknowledges it.
 *
 * Bump INGEST_PROTOCOL (wire.ts, with the path and the batch bounds) when a change would make an
 * old sender misread the answer.
 */

/** Records are validated one by one on the server so each gets its own reason. */
export const ingestRequestSchema = z.strictObject({
  records: z.array(z.unknown()).min(1).max(MAX_BATCH_RECORDS),
});

/**
 * stored: new and durable now; duplicate: the same body was already durable;
 * conflict: this id is already held with a different body (the new copy went to the dead-letter list).
 */
export const ingestStatusSchema = z.enum(['stored', 'duplicate', 'conflict']);
export type IngestStatus = z.infer<typeof ingestStatusSchema>;

export const ingestResultSchema = z.strictObject({
  id: recordIdSchema,
  status: ingestStatusSchema,
});
export type IngestResult = z.infer<typeof ingestResultSchema>;

export const ingestAckSchema = z.strictObject({
  ok: z.literal(true),
  protocol: z.literal(INGEST_PROTOCOL),
  results: z.array(ingestResultSchema),
});
export type IngestAck = z.infer<typeof ingestAckSchema>;

/** 400: nothing of the batch was stored; each invalid record is named by index (and id when readable). */
export const ingestRejectionSchema = z.strictObject({
  ok: z.literal(false),
  error: z.enum(['invalid-batch', 'invalid-records']),
  reason: z.string(),
  invalid: z.array(z.strictObject({ index: z.number().int(), id: z.string().nullable(), reason: z.string() })),
});
export type IngestRejection = z.infer<typeof ingestRejectionSchema>;

export type AckParseResult =
  | { ok: true; acked: Map<string, IngestStatus> }
  | { ok: false; reason: 'not-json' | 'not-an-ack' | 'ids-missing' };

/**
 * Reads the receiver's answer to a batch. A captive portal's HTML 200, a proxy's error page or an
 * answer that leaves out an id acknowledges nothing: the sender keeps those records and retries.
 */
export function parseIngestAck(bodyText: string, sentIds: readonly string[]): AckParseResult {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  const parsed = ingestAckSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'not-an-ack' };
  const acked = new Map(parsed.data.results.map((r) => [r.id, r.status] as const));
  if (!sentIds.every((id) => acked.has(id))) return { ok: false, reason: 'ids-missing' };
  return { ok: true, acked };
}
