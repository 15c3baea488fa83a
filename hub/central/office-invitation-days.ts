import { CompiledQuery, type Kysely } from 'kysely';
import { issuedDayFromIso, type IssuedInvitationDay } from '../../shared/protocol/forward.ts';
import type { Db } from '../db/open.ts';
import type { Tables } from '../sql/tables.ts';

/**
 * The central's copy of the invitation counts office hubs report with their batches
 * (migrations/0016, PostgreSQL 0029, shared/protocol/forward.ts): one row per (office, Moscow day, channel).
 *
 * A count is absolute and only grows at the office, so the greatest one reported is the latest:
 * a resend changes nothing, and a batch that overtakes another on the wire cannot turn a count back.
 *
 * Written in the receive transaction of the batch that carried the counts, by each database's own
 * statement from the same values (officeInvitationDayValues): SQLite's below, PostgreSQL's
 * UPSERT_OFFICE_INVITATION_DAYS (below, through upsertOfficeInvitationDays).
 * Read through CentralSql (hub/reports/invitation-rates.ts).
 */
export interface OfficeInvitationDayValues {
  officeId: string;
  day: number;
  channel: IssuedInvitationDay['channel'];
  issued: number;
  now: number;
}

/**
 * One row per (day, channel) of a batch's counts, the greatest where a day and channel come twice:
 * what SQLite's row-by-row upsert leaves, and what PostgreSQL's one statement may touch only once.
 */
export function officeInvitationDayValues(officeId: string, days: readonly IssuedInvitationDay[], now: number): OfficeInvitationDayValues[] {
  const rows = new Map<string, OfficeInvitationDayValues>();
  for (const d of days) {
    const day = issuedDayFromIso(d.day);
    const key = `${day}/${d.channel}`;
    const held = rows.get(key);
    if (held === undefined || d.issued > held.issued) rows.set(key, { officeId, day, channel: d.channel, issued: d.issued, now });
  }
  return [...rows.values()];
}

export function createOfficeInvitationDayStore(db: Db) {
  const upsert = db.prepare(`INSERT INTO office_invitation_day (office_id, day, channel, issued, reported_at) VALUES (@officeId, @day, @channel, @issued, @now)
    ON CONFLICT (office_id, day, channel) DO UPDATE SET issued = excluded.issued, reported_at = excluded.reported_at WHERE excluded.issued > office_invitation_day.issued`);
  return {
    /** Run inside the transaction of the batch that carried the counts. */
    record(officeId: string, days: readonly IssuedInvitationDay[], now: number): void {
      for (const row of officeInvitationDayValues(officeId, days, now)) upsert.run(row);
    },
  };
}

/**
 * PostgreSQL's statement: all of a batch's counts in one (arrays by unnest: office ids, days,
 * channels, counts, the receive time), each (office, day, channel) once; the greatest count wins.
 */
const UPSERT_OFFICE_INVITATION_DAYS = `INSERT INTO office_invitation_day (office_id, day, channel, issued, reported_at)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[])
  ON CONFLICT (office_id, day, channel) DO UPDATE SET issued = excluded.issued, reported_at = excluded.reported_at
    WHERE excluded.issued > office_invitation_day.issued`;

/** PostgreSQL's writer: inside the PostgreSQL receive transaction of the batch that carried the counts; one statement for all of them. */
export async function upsertOfficeInvitationDays(trx: Kysely<Tables>, officeId: string, days: readonly IssuedInvitationDay[], now: number): Promise<void> {
  const rows = officeInvitationDayValues(officeId, days, now);
  if (rows.length === 0) return;
  await trx.executeQuery(
    CompiledQuery.raw(UPSERT_OFFICE_INVITATION_DAYS, [rows.map((r) => r.officeId), rows.map((r) => r.day), rows.map((r) => r.channel), rows.map((r) => r.issued), rows.map((r) => r.now)]),
  );
}
