import type { Kysely } from 'kysely';
import { canonicalEventBody, REGISTER_RECORD_KIND, type RegisterEvent, type RegisterWireRecord } from '../../shared/register.ts';
import { foldEntry, remindOn, type RegisterEntryView, type RegisterStatus } from '../../shared/register-fold.ts';
import { fromInstant, toInstant } from '../../shared/time.ts';
import { LAW_ONLY_CALENDAR, type WorkCalendar } from '../../shared/work-calendar.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { Tables } from '../sql/tables.ts';
import type { StoreStatus } from './record-rows.ts';
import { foldForSearch } from './search-fold.ts';

/**
 * The register's two tables (SQLite migrations 0019, 0027, 0031; PostgreSQL 0023) and the only code
 * that writes them, on both of the central's databases (CentralSql): an event is stored by id (a
 * resend with the same body is a duplicate, another body a conflict for the caller to set aside),
 * and the entry's fold is rebuilt in the same transaction. An event whose entry has not been opened
 * here yet is stored all the same and counted once `opened` comes.
 *
 * Every function takes the executor to run on: `sql.db`, or the `trx` of the caller's transaction
 * (a write must commit with the fold it changes). The office hub's outbox reads the events it
 * forwards synchronously from its own SQLite (register-wire.ts).
 *
 * The calendar is the law's alone until the Government's yearly transfers are kept in the
 * regional configuration (docs/register.md).
 */
export type RegisterDb = Kysely<Tables>;

export interface RegisterRows {
  /** Stores one event; run it inside the caller's transaction (the fold must commit with it). */
  insert(db: RegisterDb, event: RegisterEvent, receivedAt: number): Promise<StoreStatus>;
  /** Every event of an entry, as stored (with receivedAt), by birth then id. */
  events(db: RegisterDb, entryId: string): Promise<RegisterEvent[]>;
  /** The folded entry, or null when its `opened` event is not here. */
  entry(db: RegisterDb, entryId: string): Promise<RegisterEntryView | null>;
  read(db: RegisterDb, id: string): Promise<RegisterWireRecord | null>;
}

interface EventRow {
  body: string;
  received_at: number;
}

/** What the search looks in: the summary, the measures and the answer, one per line, lower case, ё as е. */
export function searchWords(view: RegisterEntryView): string {
  return foldForSearch([view.summary, view.measures.map((m) => m.text).join('\n'), view.answered?.summary ?? ''].join('\n'));
}


/** The answer or low-score alert an entry «в работе» was made from, as register_entry.taken_from. */
export const takenFromKey = (link: 'response' | 'alert', id: string | number): string => `${link}:${id}`;

function takenFromOf(view: RegisterEntryView): string | null {
  const d = view.details;
  if (d.channel !== 'comment-in-work') return null;
  if (d.responseId !== null) return takenFromKey('response', d.responseId);
  if (d.alertId !== null) return takenFromKey('alert', d.alertId);
  return null;
}

const fromRow = (row: EventRow): RegisterEvent => ({ ...(JSON.parse(row.body) as RegisterEvent), receivedAt: toInstant(row.received_at) });
const toWire = (row: EventRow): RegisterWireRecord => ({ kind: REGISTER_RECORD_KIND, ...fromRow(row) });

export function createRegisterRows(calendar: WorkCalendar = LAW_ONLY_CALENDAR): RegisterRows {
  async function events(db: RegisterDb, entryId: string): Promise<RegisterEvent[]> {
    const rows = await db.selectFrom('register_event').select(['body', 'received_at']).where('entry_id', '=', entryId).orderBy('born_at').orderBy('id').execute();
    return rows.map(fromRow);
  }

  async function refold(db: RegisterDb, entryId: string): Promise<void> {
    const view = foldEntry(await events(db, entryId), calendar);
    if (!view) return;
    const row = {
      tone: view.tone,
      status: view.status,
      due_on: view.openDue?.due ?? null,
      remind_on: view.openDue ? remindOn(view.openDue.due, calendar) : null,
      view: JSON.stringify(view),
      words: searchWords(view),
      taken_from: takenFromOf(view),
    };
    await db
      .insertInto('register_entry')
      .values({ id: view.id, office_id: view.officeId, channel: view.channel, received_on: view.receivedOn, born_at: fromInstant(view.openedAt), ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  async function insert(db: RegisterDb, event: RegisterEvent, receivedAt: number): Promise<StoreStatus> {
    const body = canonicalEventBody(event);
    const inserted = await db
      .insertInto('register_event')
      .values({ id: event.id, entry_id: event.entryId, office_id: event.officeId, step: event.step, born_at: fromInstant(event.bornAt), received_at: receivedAt, body })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
      await refold(db, event.entryId);
      return 'stored';
    }
    const held = await db.selectFrom('register_event').select('body').where('id', '=', event.id).executeTakeFirst();
    return held !== undefined && held.body === body ? 'duplicate' : 'conflict';
  }

  async function entry(db: RegisterDb, entryId: string): Promise<RegisterEntryView | null> {
    const row = await db.selectFrom('register_entry').select('view').where('id', '=', entryId).executeTakeFirst();
    return row === undefined ? null : (JSON.parse(row.view) as RegisterEntryView);
  }

  async function read(db: RegisterDb, id: string): Promise<RegisterWireRecord | null> {
    const row = await db.selectFrom('register_event').select(['body', 'received_at']).where('id', '=', id).executeTakeFirst();
    return row ? toWire(row) : null;
  }

  return { insert, events, entry, read };
}

/** Whether the register holds this entry (its `opened` event has arrived). */
export async function registerEntryExists(sql: CentralSql, entryId: string): Promise<boolean> {
  return (await sql.db.selectFrom('register_entry').select('id').where('id', '=', entryId).executeTakeFirst()) !== undefined;
}

/**
 * Which client comments and low-score alerts were taken into work (hub/register/comment-in-work.ts), and how far
 * their entries got: read by the comments feed and the alerts list beside each (register_entry.taken_from).
 */
export interface InWork {
  entryId: string;
  status: RegisterStatus;
}

/** The entries made from these answers, by answer id. */
export function inWorkByResponse(db: RegisterDb, responseIds: readonly string[]): Promise<Map<string, InWork>> {
  return inWorkBy(db, 'response', responseIds);
}

/** The entries made from these low-score alerts of this hub, by alert id. */
export function inWorkByAlert(db: RegisterDb, alertIds: readonly number[]): Promise<Map<number, InWork>> {
  return inWorkBy(db, 'alert', alertIds);
}

async function inWorkBy<K extends string | number>(db: RegisterDb, link: 'response' | 'alert', ids: readonly K[]): Promise<Map<K, InWork>> {
  const found = new Map<K, InWork>();
  const byKey = new Map(ids.map((id) => [takenFromKey(link, id), id]));
  const keys = [...byKey.keys()];
  // In chunks: SQLite's and PostgreSQL's limits on parameters.
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('register_entry')
      .select(['id', 'status', 'taken_from'])
      .where('channel', '=', 'comment-in-work')
      .where('taken_from', 'in', keys.slice(i, i + 500))
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const id = r.taken_from === null ? undefined : byKey.get(r.taken_from);
      if (id !== undefined) found.set(id, { entryId: r.id, status: r.status as RegisterStatus });
    }
  }
  return found;
}
