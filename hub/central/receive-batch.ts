import type { FeedbackRecord } from '../../shared/records.ts';
import { type IngestAck, type IngestRejection } from '../../shared/protocol/ingest.ts';
import type { Db } from '../db/open.ts';
import type { ForwardRequest } from '../../shared/protocol/forward.ts';
import type { IngestBatch } from '../ingest/ingest-batch.ts';
import { createOfficeInvitationDayStore } from './office-invitation-days.ts';
import { createOfficeSyncStore } from './office-sync.ts';
import { INGEST_PROTOCOL } from '../../shared/protocol/wire.ts';

/**
 * The central's side of one forwarded batch: the records through the shared ingest (validation,
 * per-record stored / duplicate / conflict), the office's invitation counts and its sync status, in
 * one transaction, so one fsync makes them durable and a failure leaves none. An empty batch only
 * updates the status and the counts.
 */
export type ReceiveOutcome = { ok: true; ack: IngestAck; stored: FeedbackRecord[] } | { ok: false; rejection: IngestRejection };

export function createBatchReceiver(db: Db, ingest: IngestBatch) {
  const sync = createOfficeSyncStore(db);
  const invitationDays = createOfficeInvitationDayStore(db);
  // better-sqlite3 turns the ingest's own transaction into a savepoint inside this one.
  return db.transaction((request: ForwardRequest, from: { officeId: string; keyId: string }, now: number): ReceiveOutcome => {
    let outcome: ReceiveOutcome = { ok: true, ack: { ok: true, protocol: INGEST_PROTOCOL, results: [] }, stored: [] };
    if (request.records.length > 0) {
      outcome = ingest({ records: request.records }, { kind: 'office-hub', officeId: from.officeId });
      if (!outcome.ok) return outcome;
    }
    if (request.invitationsIssued) invitationDays.record(from.officeId, request.invitationsIssued, now);
    sync.record({
      officeId: from.officeId,
      keyId: from.keyId,
      now,
      oldestReceivedAt: oldestReceivedAt(request.records),
      stored: outcome.ack.results.filter((r) => r.status === 'stored').length,
      backlog: request.backlog.count,
      backlogOldestAt: request.backlog.oldestReceivedAt === null ? null : Date.parse(request.backlog.oldestReceivedAt),
      storage: request.storage ?? null,
    });
    return outcome;
  });
}

// The records have passed the ingest's validation by now, so receivedAt is a valid instant or absent.
function oldestReceivedAt(records: readonly unknown[]): number | null {
  let oldest: number | null = null;
  for (const record of records) {
    const at = (record as { receivedAt?: unknown }).receivedAt;
    if (typeof at !== 'string') continue;
    const ms = Date.parse(at);
    if (oldest === null || ms < oldest) oldest = ms;
  }
  return oldest;
}
