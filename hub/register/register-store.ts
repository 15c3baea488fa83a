import { isRegisterWireRecord, parseRegisterWireRecord, REGISTER_RECORD_KIND, stepProblem, type RegisterEvent } from '../../shared/register.ts';
import { orderEvents } from '../../shared/register-fold.ts';
import type { IngestResult } from '../../shared/protocol/ingest.ts';
import { toInstant } from '../../shared/time.ts';
import type { Db } from '../db/open.ts';
import { createRegisterRows, type RegisterDb } from '../db/register-rows.ts';
import { createOutbox } from '../outbox/outbox.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { registerEntriesTurn } from '../sql/turns.ts';

/**
 * Where register events enter a hub's database (CentralSql: the hub's SQLite or the central's
 * PostgreSQL): typed by staff on this hub (`append`, checked against the entry's history first) or
 * forwarded by an office hub (`receive`, on the central). An office hub queues what it stores for
 * the central in the same transaction, like the ingest: `outbox` is then its SQLite handle, the
 * very connection `sql` runs over (an office hub is SQLite only), so the outbox's synchronous
 * insert commits with the register's statements.
 */
export type AppendResult =
  | { ok: true; status: 'stored' | 'duplicate'; event: RegisterEvent }
  | { ok: false; error: 'conflict' | 'step' | 'not-found'; reason: string };

export function createRegisterStore(sql: CentralSql, outbox: Db | null = null) {
  const rows = createRegisterRows();
  const queue = outbox ? createOutbox(outbox) : null;

  /**
   * One event typed on this hub. The step is checked against the events of the entry that apply
   * (the same check the fold makes), so a refused step stores nothing; a resend of the same event
   * (a form posted twice) is answered as stored. `trx`: the caller's transaction, when the event
   * must commit with the caller's own changes (a mystery shopper's visit, an entry taken into work).
   */
  async function append(typed: RegisterEvent, now: number, trx?: RegisterDb): Promise<AppendResult> {
    return trx ? appendIn(trx, typed, now) : sql.transaction((t) => appendIn(t, typed, now));
  }

  async function appendIn(db: RegisterDb, typed: RegisterEvent, now: number): Promise<AppendResult> {
    // One transaction at a time per entry (PostgreSQL; SQLite runs them alone): each re-reads the
    // entry's events to check the step and fold the entry, and two at once would each fold without
    // the other's event (both answered 201, the entry missing a step).
    await registerEntriesTurn(sql, db, [typed.entryId]);
    const held = await rows.read(db, typed.id);
    // bornAt is this hub's clock when the form was first sent: a resend of the form keeps it.
    const event = held === null ? typed : ({ ...typed, bornAt: held.bornAt } as RegisterEvent);
    if (held === null && event.step !== 'opened') {
      const history = orderEvents(await rows.events(db, event.entryId));
      if (history.length === 0) return { ok: false, error: 'not-found', reason: 'нет такой записи реестра' };
      const problem = stepProblem(history.filter((h) => h.problem === null).map((h) => h.event), event);
      if (problem !== null) return { ok: false, error: 'step', reason: problem };
    }
    const status = await rows.insert(db, event, now);
    if (status === 'conflict') return { ok: false, error: 'conflict', reason: 'событие с этим id уже записано с другим содержимым' };
    if (status === 'stored' && queue) queue.enqueue([[REGISTER_RECORD_KIND, event.id]]);
    return { ok: true, status, event: { ...event, receivedAt: toInstant(now) } };
  }

  /**
   * Forwarded events, already validated (validateRegisterRecords). Stored as they come, whatever
   * their step: the fold decides what applies, so an event that overtook its `opened` waits and
   * none is lost. A different body under a held id is a `conflict` for the caller to put in the
   * dead letters. Run inside the batch's transaction (`trx`).
   */
  async function receive(trx: RegisterDb, events: readonly RegisterEvent[], now: number): Promise<IngestResult[]> {
    const results: IngestResult[] = [];
    // In turn with the entries' other writers, as in appendIn.
    await registerEntriesTurn(sql, trx, events.map((e) => e.entryId));
    for (const event of events) {
      const receivedAt = event.receivedAt ? Date.parse(event.receivedAt) : now;
      results.push({ id: event.id, status: await rows.insert(trx, event, receivedAt) });
    }
    return results;
  }

  /** The folded entry, or null. */
  const entry = (entryId: string, db: RegisterDb = sql.db) => rows.entry(db, entryId);
  /** Every event of an entry, as stored. */
  const events = (entryId: string, db: RegisterDb = sql.db) => rows.events(db, entryId);

  return { append, receive, entry, events };
}

export type RegisterStore = ReturnType<typeof createRegisterStore>;

export interface RegisterRecordCheck {
  events: { index: number; event: RegisterEvent }[];
  invalid: { index: number; id: string | null; reason: string }[];
}

/** The register events of a forwarded batch, checked against the shared schema and the sending office. */
export function validateRegisterRecords(records: readonly unknown[], officeId: string): RegisterRecordCheck {
  const check: RegisterRecordCheck = { events: [], invalid: [] };
  records.forEach((raw, index) => {
    if (!isRegisterWireRecord(raw)) return;
    const id = typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
    const parsed = parseRegisterWireRecord(raw);
    if (!parsed.ok) check.invalid.push({ index, id, reason: parsed.reason });
    else if (parsed.event.officeId !== officeId) check.invalid.push({ index, id, reason: `запись отдела ${parsed.event.officeId}, а отправитель из отдела ${officeId}` });
    else check.events.push({ index, event: parsed.event });
  });
  return check;
}

