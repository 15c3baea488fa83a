import { canonicalEventBody, REGISTER_RECORD_KIND, type RegisterEvent, type RegisterWireRecord } from '../../shared/register.ts';
import { foldEntry, remindOn, type RegisterEntryView, type RegisterStatus } from '../../shared/register-fold.ts';
import { fromInstant, toInstant } from '../../shared/time.ts';
import { LAW_ONLY_CALENDAR, type WorkCalendar } from '../../shared/work-calendar.ts';
import type { Db } from './open.ts';
import type { StoreStatus } from './record-rows.ts';

/**
 * The register's two tables (migrations/0019_register.sql) and the only code that writes them:
 * an event is stored by id (a resend with the same body is a duplicate, another body a conflict
 * for the caller to set aside), and the entry's fold is rebuilt in the same transaction. An event
 * whose entry has not been opened here yet is stored all the same and counted once `opened` comes.
 *
 * The calendar is the law's alone until the Government's yearly transfers are kept in the
 * regional configuration (docs/register.md).
 */
export interface RegisterRows {
  /** Stores one event; run it inside the caller's transaction (the fold must commit with it). */
  insert(event: RegisterEvent, receivedAt: number): StoreStatus;
  /** Every event of an entry, as stored (with receivedAt). */
  events(entryId: string): RegisterEvent[];
  /** The folded entry, or null when its `opened` event is not here. */
  entry(entryId: string): RegisterEntryView | null;
  /** Events for the outbox, in their wire form; absent ids are absent from the map. */
  readMany(ids: readonly string[]): Map<string, RegisterWireRecord>;
  read(id: string): RegisterWireRecord | null;
}

interface EventRow {
  body: string;
  received_at: number;
}

export function createRegisterRows(db: Db, calendar: WorkCalendar = LAW_ONLY_CALENDAR): RegisterRows {
  const insertEvent = db.prepare(`INSERT INTO register_event (id, entry_id, office_id, step, born_at, received_at, body)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
  const selectBody = db.prepare('SELECT body, received_at FROM register_event WHERE id = ?');
  const selectMany = db.prepare('SELECT body, received_at FROM register_event WHERE id IN (SELECT value FROM json_each(?))');
  const selectEntryEvents = db.prepare('SELECT body, received_at FROM register_event WHERE entry_id = ? ORDER BY born_at, id');
  const upsertEntry = db.prepare(`INSERT INTO register_entry (id, office_id, channel, received_on, tone, status, due_on, remind_on, born_at, view)
    VALUES (@id, @officeId, @channel, @receivedOn, @tone, @status, @dueOn, @remindOn, @bornAt, @view)
    ON CONFLICT (id) DO UPDATE SET tone = excluded.tone, status = excluded.status, due_on = excluded.due_on, remind_on = excluded.remind_on, view = excluded.view`);
  const selectView = db.prepare('SELECT view FROM register_entry WHERE id = ?').pluck();

  const fromRow = (row: EventRow): RegisterEvent => ({ ...(JSON.parse(row.body) as RegisterEvent), receivedAt: toInstant(row.received_at) });

  function events(entryId: string): RegisterEvent[] {
    return (selectEntryEvents.all(entryId) as EventRow[]).map(fromRow);
  }

  function refold(entryId: string): void {
    const view = foldEntry(events(entryId), calendar);
    if (!view) return;
    upsertEntry.run({
      id: view.id,
      officeId: view.officeId,
      channel: view.channel,
      receivedOn: view.receivedOn,
      tone: view.tone,
      status: view.status,
      dueOn: view.openDue?.due ?? null,
      remindOn: view.openDue ? remindOn(view.openDue.due, calendar) : null,
      bornAt: fromInstant(view.openedAt),
      view: JSON.stringify(view),
    });
  }

  function insert(event: RegisterEvent, receivedAt: number): StoreStatus {
    const body = canonicalEventBody(event);
    const changes = insertEvent.run(event.id, event.entryId, event.officeId, event.step, fromInstant(event.bornAt), receivedAt, body).changes;
    if (changes === 1) {
      refold(event.entryId);
      return 'stored';
    }
    const held = selectBody.get(event.id) as EventRow | undefined;
    return held !== undefined && held.body === body ? 'duplicate' : 'conflict';
  }

  function entry(entryId: string): RegisterEntryView | null {
    const view = selectView.get(entryId) as string | undefined;
    return view === undefined ? null : (JSON.parse(view) as RegisterEntryView);
  }

  const toWire = (row: EventRow): RegisterWireRecord => ({ kind: REGISTER_RECORD_KIND, ...fromRow(row) });

  function readMany(ids: readonly string[]): Map<string, RegisterWireRecord> {
    const found = new Map<string, RegisterWireRecord>();
    if (ids.length === 0) return found;
    for (const row of selectMany.all(JSON.stringify(ids)) as EventRow[]) {
      const record = toWire(row);
      found.set(record.id, record);
    }
    return found;
  }

  function read(id: string): RegisterWireRecord | null {
    const row = selectBody.get(id) as EventRow | undefined;
    return row ? toWire(row) : null;
  }

  return { insert, events, entry, readMany, read };
}

/**
 * Which client comments and low-score alerts were taken into work (hub/register/comment-in-work.ts), and how far
 * their entries got: read by the comments feed and the alerts list beside each. The link lives in the entry's folded view.
 */
export interface InWork {
  entryId: string;
  status: RegisterStatus;
}

/** The entries made from these answers, by answer id (register_entry keeps the link in its folded view). */
export function inWorkByResponse(db: Db, responseIds: readonly string[]): Map<string, InWork> {
  return inWorkBy(db, 'responseId', responseIds);
}

/** The entries made from these low-score alerts of this hub, by alert id. */
export function inWorkByAlert(db: Db, alertIds: readonly number[]): Map<number, InWork> {
  return inWorkBy(db, 'alertId', alertIds);
}

function inWorkBy<K extends string | number>(db: Db, link: 'responseId' | 'alertId', ids: readonly K[]): Map<K, InWork> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT id, status, json_extract(view, '$.details.${link}') AS link FROM register_entry
        WHERE channel = 'comment-in-work' AND json_extract(view, '$.details.${link}') IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as { id: string; status: RegisterStatus; link: K }[];
  return new Map(rows.map((r) => [r.link, { entryId: r.id, status: r.status }]));
}

