import { issuedDayFromIso, issuedDayToIso, type IssuedInvitationDay } from '../../shared/protocol/forward.ts';
import type { CentralSql } from '../sql/central-sql.ts';

/**
 * The office hub's invitation counts on their way to the central (SQLite migrations/0016,
 * PostgreSQL migrations-pg/0022; the same statements on both through CentralSql): which
 * (day, channel) counts the central has not yet acknowledged, and marking them acknowledged.
 *
 * Nothing here keeps a queue of its own: the count and the count last acknowledged sit in one row,
 * so a kill -9 at any moment leaves either the old acknowledgement (the count is sent again, the
 * central keeps it once) or the new one. An acknowledgement records the count that was sent, not
 * the one held now, so an invitation issued while a batch was on the wire is sent with the next.
 */
export function createIssuedDayQueue(sql: CentralSql) {
  return {
    /** Up to `limit` counts the central has not acknowledged, oldest day first. */
    async unforwarded(limit: number): Promise<IssuedInvitationDay[]> {
      const rows = await sql.db
        .selectFrom('invitation_day')
        .select(['day', 'channel', 'issued'])
        .whereRef('issued', '<>', 'forwarded')
        .orderBy('day')
        .orderBy('channel')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ day: issuedDayToIso(r.day), channel: r.channel, issued: r.issued }));
    },
    /** The central acknowledged a batch carrying these counts: forwarded only grows (a late ack of an older batch changes nothing). */
    async acknowledge(sent: readonly IssuedInvitationDay[]): Promise<void> {
      await sql.transaction(async (trx) => {
        for (const s of sent) {
          await trx
            .updateTable('invitation_day')
            .set({ forwarded: s.issued })
            .where('day', '=', issuedDayFromIso(s.day))
            .where('channel', '=', s.channel)
            .where('forwarded', '<', s.issued)
            .execute();
        }
      });
    },
  };
}

export type IssuedDayQueue = ReturnType<typeof createIssuedDayQueue>;
