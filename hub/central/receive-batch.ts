import type { FeedbackRecord } from '../../shared/records.ts';
import { type IngestAck, type IngestRejection, type IngestResult } from '../../shared/protocol/ingest.ts';
import type { Db } from '../db/open.ts';
import type { ForwardRequest } from '../../shared/protocol/forward.ts';
import type { IngestBatch } from '../ingest/ingest-batch.ts';
import { createOfficeInvitationDayStore } from './office-invitation-days.ts';
import { createOfficeSyncStore } from './office-sync.ts';
import { INGEST_PROTOCOL } from '../../shared/protocol/wire.ts';
import { isRegisterWireRecord } from '../../shared/register.ts';
import { validateIngestBatch } from '../ingest/ingest-batch.ts';
import { createRegisterStore, validateRegisterRecords } from '../register/register-store.ts';
import { createSurveyVersionLookup } from '../db/survey-versions.ts';

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
  const register = createRegisterStore(db, { forward: false });
  const surveys = createSurveyVersionLookup(db);
  // better-sqlite3 turns the ingest's own transaction into a savepoint inside this one.
  return db.transaction((request: ForwardRequest, from: { officeId: string; keyId: string }, now: number): ReceiveOutcome => {
    let outcome: ReceiveOutcome = { ok: true, ack: { ok: true, protocol: INGEST_PROTOCOL, results: [] }, stored: [] };
    if (request.records.some(isRegisterWireRecord)) {
      outcome = receiveWithRegister(request.records, from.officeId, now);
      if (!outcome.ok) return outcome;
    } else if (request.records.length > 0) {
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

  /**
   * A batch that carries register events (issue 18) beside the records: both parts are checked
   * before anything is stored, a refusal names records by their index in the whole batch, and the
   * ack lists every id in the batch's order.
   */
  function receiveWithRegister(records: readonly unknown[], officeId: string, now: number): ReceiveOutcome {
    const sender = { kind: 'office-hub', officeId } as const;
    const others = records.map((raw, index) => ({ raw, index })).filter((r) => !isRegisterWireRecord(r.raw));
    const events = validateRegisterRecords(records, officeId);
    const checked = others.length > 0 ? validateIngestBatch({ records: others.map((r) => r.raw) }, sender, surveys) : null;
    const invalid = [...events.invalid, ...(checked && !checked.ok ? checked.rejection.invalid.map((i) => ({ ...i, index: others[i.index]?.index ?? i.index })) : [])];
    if (invalid.length > 0) {
      invalid.sort((a, b) => a.index - b.index);
      return { ok: false, rejection: { ok: false, error: 'invalid-records', reason: `${invalid.length} из ${records.length} записей не приняты; пакет не сохранён`, invalid } };
    }
    const results = new Map<number, IngestResult>();
    let stored: FeedbackRecord[] = [];
    if (others.length > 0) {
      const inner = ingest({ records: others.map((r) => r.raw) }, sender);
      if (!inner.ok) return inner;
      inner.ack.results.forEach((result, i) => results.set(others[i]!.index, result));
      stored = inner.stored;
    }
    register.receive(events.events.map((e) => e.event), `office:${officeId}`, now).forEach((result, i) => results.set(events.events[i]!.index, result));
    return { ok: true, ack: { ok: true, protocol: INGEST_PROTOCOL, results: records.map((_, i) => results.get(i)!) }, stored };
  }
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
