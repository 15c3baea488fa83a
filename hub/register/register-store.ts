import { isRegisterWireRecord, parseRegisterWireRecord, REGISTER_RECORD_KIND, stepProblem, type RegisterEvent } from '../../shared/register.ts';
import { orderEvents } from '../../shared/register-fold.ts';
import type { IngestResult } from '../../shared/protocol/ingest.ts';
import { toInstant } from '../../shared/time.ts';
import type { Db } from '../db/open.ts';
import { createRegisterRows } from '../db/register-rows.ts';
import { createOutbox } from '../outbox/outbox.ts';

/**
 * Where register events enter a hub's database: typed by staff on this hub (`append`, checked
 * against the entry's history first) or forwarded by an office hub (`receive`, on the central).
 * An office hub queues what it stores for the central in the same transaction, like the ingest.
 */
export type AppendResult =
  | { ok: true; status: 'stored' | 'duplicate'; event: RegisterEvent }
  | { ok: false; error: 'conflict' | 'step' | 'not-found'; reason: string };

export function createRegisterStore(db: Db, options: { forward: boolean }) {
  const rows = createRegisterRows(db);
  const outbox = createOutbox(db);
  const deadLetter = db.prepare('INSERT INTO dead_letter (record_id, kind, reason, body, source, received_at) VALUES (?, ?, ?, ?, ?, ?)');

  /**
   * One event typed on this hub. The step is checked against the events of the entry that apply
   * (the same check the fold makes), so a refused step stores nothing; a resend of the same event
   * (a form posted twice) is answered as stored.
   */
  const append = db.transaction((typed: RegisterEvent, now: number): AppendResult => {
    const held = rows.read(typed.id);
    // bornAt is this hub's clock when the form was first sent: a resend of the form keeps it.
    const event = held === null ? typed : ({ ...typed, bornAt: held.bornAt } as RegisterEvent);
    if (held === null && event.step !== 'opened') {
      const history = orderEvents(rows.events(event.entryId));
      if (history.length === 0) return { ok: false, error: 'not-found', reason: 'нет такой записи реестра' };
      const problem = stepProblem(history.filter((h) => h.problem === null).map((h) => h.event), event);
      if (problem !== null) return { ok: false, error: 'step', reason: problem };
    }
    const status = rows.insert(event, now);
    if (status === 'conflict') return { ok: false, error: 'conflict', reason: 'событие с этим id уже записано с другим содержимым' };
    if (status === 'stored' && options.forward) outbox.enqueue([[REGISTER_RECORD_KIND, event.id]]);
    return { ok: true, status, event: { ...event, receivedAt: toInstant(now) } };
  });

  /**
   * Forwarded events, already validated (validateRegisterRecords). Stored as they come, whatever
   * their step: the fold decides what applies, so an event that overtook its `opened` waits and
   * none is lost. A different body under a held id goes to the dead letters. Run inside the
   * batch's transaction.
   */
  function receive(events: readonly RegisterEvent[], source: string, now: number): IngestResult[] {
    return events.map((event) => {
      const receivedAt = event.receivedAt ? Date.parse(event.receivedAt) : now;
      const status = rows.insert(event, receivedAt);
      if (status === 'conflict') deadLetter.run(event.id, REGISTER_RECORD_KIND, 'conflict', JSON.stringify(event), source, now);
      return { id: event.id, status };
    });
  }

  return { append, receive, rows };
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

