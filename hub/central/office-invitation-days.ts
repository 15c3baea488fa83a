import { issuedDayFromIso, type IssuedInvitationDay } from '../../shared/protocol/forward.ts';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Db } from '../db/open.ts';
import type { Tables } from '../sql/tables.ts';

/**
 * The central's copy of the invitation counts office hubs report with their batches
 * (migrations/0015, shared/protocol/forward.ts): one row per (office, Moscow day, channel).
 *
 * A count is absolute and only grows at the office, so the greatest one reported is the latest:
 * a resend changes nothing, and a batch that overtakes another on the wire cannot turn a count back.
 */
export function createOfficeInvitationDayStore(db: Db) {
  const upsert = db.prepare(`INSERT INTO office_invitation_day (office_id, day, channel, issued, reported_at) VALUES (@officeId, @day, @channel, @issued, @now)
    ON CONFLICT (office_id, day, channel) DO UPDATE SET issued = excluded.issued, reported_at = excluded.reported_at WHERE excluded.issued > office_invitation_day.issued`);
  return {
    /** Run inside the transaction of the batch that carried the counts. */
    record(officeId: string, days: readonly IssuedInvitationDay[], now: number): void {
      for (const d of days) upsert.run({ officeId, day: issuedDayFromIso(d.day), channel: d.channel, issued: d.issued, now });
    },
  };
}

/** PostgreSQL's: all of a batch's counts in one statement, the same rule (the greatest count reported wins). */
const UPSERT_OFFICE_INVITATION_DAYS = `INSERT INTO office_invitation_day (office_id, day, channel, issued, reported_at)
  SELECT $1, day, channel, issued, $5 FROM unnest($2::bigint[], $3::text[], $4::bigint[]) AS t(day, channel, issued)
  ON CONFLICT (office_id, day, channel) DO UPDATE SET issued = excluded.issued, reported_at = excluded.reported_at
  WHERE excluded.issued > office_invitation_day.issued`;

export async function recordOfficeInvitationDaysPg(trx: Kysely<Tables>, officeId: string, days: readonly IssuedInvitationDay[], now: number): Promise<void> {
  // One row per (day, channel), the greatest count: PostgreSQL refuses to update one row twice in a statement.
  const greatest = new Map<string, { day: number; channel: string; issued: number }>();
  for (const d of days) {
    const day = issuedDayFromIso(d.day);
    const was = greatest.get(`${day}/${d.channel}`);
    if (!was || d.issued > was.issued) greatest.set(`${day}/${d.channel}`, { day, channel: d.channel, issued: d.issued });
  }
  if (greatest.size === 0) return;
  const rows = [...greatest.values()];
  await trx.executeQuery(CompiledQuery.raw(UPSERT_OFFICE_INVITATION_DAYS, [officeId, rows.map((r) => r.day), rows.map((r) => r.channel), rows.map((r) => r.issued), now]));
}
