import { issuedDayFromIso, issuedDayToIso, type IssuedInvitationDay } from '../../shared/protocol/forward.ts';
import type { Db } from '../db/open.ts';

/**
 * The office hub's invitation counts on their way to the central (migrations/0016): which
 * (day, channel) counts the central has not yet acknowledged, and marking them acknowledged.
 *
 * Synchronous on the office's own SQLite, not through CentralSql like the rest of the invitations
 * (invitation-store.ts): only an office forwards, an office is always on SQLite, and this runs once
 * per batch on the forwarding path, where the office hub's memory is measured against its bound
 * (docs/forwarding.md, Memory: Kysely statements here added 5–10 MB to the backlog test's peak).
 *
 * Nothing here keeps a queue of its own: the count and the count last acknowledged sit in one row,
 * so a kill -9 at any moment leaves either the old acknowledgement (the count is sent again, the
 * central keeps it once) or the new one. An acknowledgement records the count that was sent, not
 * the one held now, so an invitation issued while a batch was on the wire is sent with the next.
 */
export function createIssuedDayQueue(db: Db) {
  const unforwarded = db.prepare('SELECT day, channel, issued FROM invitation_day WHERE issued <> forwarded ORDER BY day, channel LIMIT ?');
  const acknowledge = db.prepare('UPDATE invitation_day SET forwarded = max(forwarded, @issued) WHERE day = @day AND channel = @channel');

  return {
    /** Up to `limit` counts the central has not acknowledged, oldest day first. */
    unforwarded(limit: number): IssuedInvitationDay[] {
      const rows = unforwarded.all(limit) as { day: number; channel: IssuedInvitationDay['channel']; issued: number }[];
      return rows.map((r) => ({ day: issuedDayToIso(r.day), channel: r.channel, issued: r.issued }));
    },
    /** The central acknowledged a batch carrying these counts. */
    acknowledge: db.transaction((sent: readonly IssuedInvitationDay[]) => {
      for (const s of sent) acknowledge.run({ day: issuedDayFromIso(s.day), channel: s.channel, issued: s.issued });
    }),
  };
}

export type IssuedDayQueue = ReturnType<typeof createIssuedDayQueue>;
