import type { FeedbackRecord } from '../../shared/records.ts';
import { type IngestAck, type IngestRejection, type IngestResult } from '../../shared/protocol/ingest.ts';
import type { Db } from '../db/open.ts';
import type { ForwardRequest } from '../../shared/protocol/forward.ts';
import type { IngestBatch } from '../ingest/ingest-batch.ts';
import { createOfficeInvitationDayStore, upsertOfficeInvitationDays } from './office-invitation-days.ts';
import { createOfficeSyncStore, recordOfficeSyncPg } from './office-sync.ts';
import { INGEST_PROTOCOL } from '../../shared/protocol/wire.ts';
import { isRegisterWireRecord, REGISTER_RECORD_KIND } from '../../shared/register.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { validateIngestBatch } from '../ingest/ingest-batch.ts';
import { createRegisterStore, validateRegisterRecords } from '../register/register-store.ts';
import type { BulkRecordWriter } from '../records/bulk-records.ts';
import { conflictLetter, DEAD_LETTER_INSERT, insertDeadLettersPg, type DeadLetterValues } from '../ingest/dead-letters.ts';

/**
 * The central's side of one forwarded batch: the records through the shared ingest (validation,
 * per-record stored / duplicate / conflict), the office's invitation counts and its sync status, in
 * one transaction, so one fsync makes them durable and a failure leaves none. An empty batch only
 * updates the status and the counts.
 */
export type ReceiveOutcome = { ok: true; ack: IngestAck; stored: FeedbackRecord[] } | { ok: false; rejection: IngestRejection };

/**
 * `writer` null (the default): the whole batch goes into `db`. With PostgreSQL (DATABASE_URL), the
 * batch is validated whole first, then written there in one transaction (receiveOnServer), and
 * only then acknowledged.
 */
export function createBatchReceiver(db: Db, sql: CentralSql, ingest: IngestBatch, writer: BulkRecordWriter | null = null) {
  const sync = createOfficeSyncStore(db);
  const invitationDays = createOfficeInvitationDayStore(db);
  const register = createRegisterStore(sql);
  const { surveys } = ingest;
  const deadLetter = db.prepare(DEAD_LETTER_INSERT);
  // better-sqlite3 turns the ingest's own transaction into a savepoint inside this one.
  const receiveSqlite = db.transaction((request: ForwardRequest, from: { officeId: string; keyId: string }, now: number, registered: Registered | null): ReceiveOutcome => {
    let outcome: ReceiveOutcome = { ok: true, ack: { ok: true, protocol: INGEST_PROTOCOL, results: [] }, stored: [] };
    if (registered !== null) {
      outcome = receiveWithRegister(request.records, registered, from.officeId, now);
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
   * On SQLite: the register's events (CentralSql) and the rest (the hub's SQLite) in one
   * transaction on the one connection, the synchronous part nesting as a savepoint. A batch without
   * register events stays a SQLite transaction alone.
   */
  async function receiveLocal(request: ForwardRequest, from: { officeId: string; keyId: string }, now: number): Promise<ReceiveOutcome> {
    if (!request.records.some(isRegisterWireRecord)) return receiveSqlite(request, from, now, null);
    try {
      return await sql.transaction(async (trx): Promise<ReceiveOutcome> => {
        const checked = validateWhole(request.records, from.officeId);
        if (!checked.ok) return checked;
        const events = checked.events;
        const results = await register.receive(trx, events.map((e) => e.event), now);
        const outcome = receiveSqlite(request, from, now, { events, results });
        // Refused after the events were written: thrown, so that the register's part is rolled back too.
        if (!outcome.ok) throw new RefusedBatch(outcome);
        return outcome;
      });
    } catch (error) {
      if (error instanceof RefusedBatch) return error.outcome;
      throw error;
    }
  }

  if (writer === null) return async (request: ForwardRequest, from: { officeId: string; keyId: string }, now: number): Promise<ReceiveOutcome> => receiveLocal(request, from, now);

  /**
   * On the central's PostgreSQL (DATABASE_URL): the whole batch in one transaction there: its
   * records of every kind, its register events, the refused copies to the dead letters, the
   * office's invitation counts and status; then the answer.
   */
  return async function receiveOnServer(request: ForwardRequest, from: { officeId: string; keyId: string }, now: number): Promise<ReceiveOutcome> {
    const checked = validateWhole(request.records, from.officeId);
    if (!checked.ok) return checked;
    const source = `office:${from.officeId}`;
    let eventResults: IngestResult[] = [];
    const written = await writer.write(
      checked.records.map((r) => r.record),
      now,
      async (trx, written) => {
        eventResults = checked.events.length > 0 ? await register.receive(trx, checked.events.map((e) => e.event), now) : [];
        const letters: DeadLetterValues[] = written.conflicts.map((c) => conflictLetter(c, source, now));
        eventResults.forEach((result, i) => {
          const { event } = checked.events[i]!;
          if (result.status === 'conflict') letters.push([event.id, REGISTER_RECORD_KIND, 'conflict', JSON.stringify(event), source, now]);
        });
        await insertDeadLettersPg(trx, letters);
        if (request.invitationsIssued) await upsertOfficeInvitationDays(trx, from.officeId, request.invitationsIssued, now);
        await recordOfficeSyncPg(trx, {
          officeId: from.officeId,
          keyId: from.keyId,
          now,
          oldestReceivedAt: oldestReceivedAt(request.records),
          // As on SQLite: the records and the register's events newly stored.
          stored: written.stored.length + eventResults.filter((r) => r.status === 'stored').length,
          backlog: request.backlog.count,
          backlogOldestAt: request.backlog.oldestReceivedAt === null ? null : Date.parse(request.backlog.oldestReceivedAt),
          storage: request.storage ?? null,
        });
      },
    );
    const results = new Map<number, IngestResult>();
    written.results.forEach((result, i) => results.set(checked.records[i]!.index, result));
    eventResults.forEach((result, i) => results.set(checked.events[i]!.index, result));
    return { ok: true, ack: { ok: true, protocol: INGEST_PROTOCOL, results: request.records.map((_, i) => results.get(i)!) }, stored: written.stored };
  };

  /** Every record of the batch checked before any part is stored; the feedback records and the register's events, with their index. */
  function validateWhole(records: readonly unknown[], officeId: string): { ok: true; records: { index: number; record: FeedbackRecord }[]; events: RegisterEvents } | { ok: false; rejection: IngestRejection } {
    const sender = { kind: 'office-hub', officeId } as const;
    const others = records.map((raw, index) => ({ raw, index })).filter((r) => !isRegisterWireRecord(r.raw));
    const events = validateRegisterRecords(records, officeId);
    const checked = others.length > 0 ? validateIngestBatch({ records: others.map((r) => r.raw) }, sender, surveys) : null;
    const invalid = [...events.invalid, ...(checked && !checked.ok ? checked.rejection.invalid.map((i) => ({ ...i, index: others[i.index]?.index ?? i.index })) : [])];
    if (checked && !checked.ok && invalid.length === 0) return checked;
    if (invalid.length > 0) {
      invalid.sort((a, b) => a.index - b.index);
      return { ok: false, rejection: { ok: false, error: 'invalid-records', reason: `${invalid.length} из ${records.length} записей не приняты; пакет не сохранён`, invalid } };
    }
    return { ok: true, records: checked && checked.ok ? checked.records.map((record, i) => ({ index: others[i]!.index, record })) : [], events: events.events };
  }

  /**
   * A batch that carries register events (issue 18) beside the records: both parts are checked
   * before anything is stored, a refusal names records by their index in the whole batch, and the
   * ack lists every id in the batch's order.
   */
  function receiveWithRegister(records: readonly unknown[], registered: Registered, officeId: string, now: number): ReceiveOutcome {
    const sender = { kind: 'office-hub', officeId } as const;
    const others = records.map((raw, index) => ({ raw, index })).filter((r) => !isRegisterWireRecord(r.raw));
    const results = new Map<number, IngestResult>();
    let stored: FeedbackRecord[] = [];
    if (others.length > 0) {
      const inner = ingest({ records: others.map((r) => r.raw) }, sender);
      if (!inner.ok) return inner;
      inner.ack.results.forEach((result, i) => results.set(others[i]!.index, result));
      stored = inner.stored;
    }
    registered.results.forEach((result, i) => {
      const { index, event } = registered.events[i]!;
      results.set(index, result);
      // A different body under a held id goes to the dead letters.
      if (result.status === 'conflict') deadLetter.run(event.id, REGISTER_RECORD_KIND, 'conflict', JSON.stringify(event), `office:${officeId}`, now);
    });
    return { ok: true, ack: { ok: true, protocol: INGEST_PROTOCOL, results: records.map((_, i) => results.get(i)!) }, stored };
  }
}

type RegisterEvents = ReturnType<typeof validateRegisterRecords>['events'];

/** The register's events of a batch, checked, and what storing them said (in the same order). */
interface Registered {
  events: RegisterEvents;
  results: IngestResult[];
}

class RefusedBatch extends Error {
  constructor(readonly outcome: ReceiveOutcome) {
    super('batch refused');
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
