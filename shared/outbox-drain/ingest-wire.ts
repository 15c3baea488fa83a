import type { AckParseResult, IngestStatus } from '../protocol/ingest.ts';
import { INGEST_PROTOCOL } from '../protocol/wire.ts';

/**
 * The browser's reading of the hub's answer to a batch: a hand-written copy of `parseIngestAck`
 * and of the rejection shape (shared/protocol/ingest.ts), because zod would double the bundle.
 * ingest-wire.test.ts holds both copies to the shared ones; the constants come from wire.ts.
 */
const STATUSES: readonly IngestStatus[] = ['stored', 'duplicate', 'conflict'];
const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function readIngestAck(bodyText: string, sentIds: readonly string[]): AckParseResult {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  if (!isAck(json)) return { ok: false, reason: 'not-an-ack' };
  const acked = new Map(json.results.map((r) => [r.id, r.status] as const));
  if (!sentIds.every((id) => acked.has(id))) return { ok: false, reason: 'ids-missing' };
  return { ok: true, acked };
}

interface AckShape {
  ok: true;
  protocol: number;
  results: { id: string; status: IngestStatus }[];
}

function isAck(value: unknown): value is AckShape {
  if (!isObject(value) || !onlyKeys(value, ['ok', 'protocol', 'results'])) return false;
  if (value.ok !== true || value.protocol !== INGEST_PROTOCOL || !Array.isArray(value.results)) return false;
  return value.results.every(
    (r) => isObject(r) && onlyKeys(r, ['id', 'status']) && typeof r.id === 'string' && UUID7.test(r.id) && STATUSES.includes(r.status as IngestStatus),
  );
}

/**
 * A 400 that names the records the hub refused by their index in the batch. Nothing of the batch
 * was stored; the refused ones are set aside, the rest are sent again. Anything else is not a
 * rejection (a proxy's 400 page, say) and the batch is simply retried.
 */
export function readIngestRejection(bodyText: string): { index: number; reason: string }[] | null {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return null;
  }
  if (!isObject(json) || json.ok !== false || json.error !== 'invalid-records' || !Array.isArray(json.invalid)) return null;
  const invalid = json.invalid.filter((i): i is { index: number; reason: string } => isObject(i) && Number.isInteger(i.index) && typeof i.reason === 'string');
  return invalid.length > 0 ? invalid.map((i) => ({ index: i.index, reason: i.reason })) : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((k) => keys.includes(k)) && keys.every((k) => k in value);
}
