import { issuedDayFromIso, type IssuedInvitationDay } from '../../shared/protocol/forward.ts';
import type { Db } from '../db/open.ts';

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
