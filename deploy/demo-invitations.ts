import type { Db } from '../hub/db/open.ts';

/**
 * The demo central's invitation counts: what its offices would have reported issuing (migration
 * 0016, office_invitation_day), derived from the demo year's answers to per-visit invitations so
 * the dashboard's «Приглашения» shows a plausible response rate, different for each office
 * (roughly one answer in two to one in four). Returns the number of invitations counted.
 */
export function addDemoInvitationCounts(db: Db, now: number): number {
  const insert = db.prepare(`
    INSERT INTO office_invitation_day (office_id, day, channel, issued, reported_at)
    SELECT office_id, (born_at + 10800000) / 86400000, channel,
           CAST(count(*) * (2.0 + (unicode(substr(office_id, 2, 1)) % 5) * 0.45) + 0.5 AS INTEGER), @now
      FROM response
     WHERE channel IN ('visit-qr', 'email-link')
     GROUP BY 1, 2, 3
    ON CONFLICT (office_id, day, channel) DO UPDATE SET issued = max(issued, excluded.issued)`);
  return db.transaction(() => {
    insert.run({ now });
    return db.prepare('SELECT coalesce(sum(issued), 0) FROM office_invitation_day').pluck().get() as number;
  })();
}
