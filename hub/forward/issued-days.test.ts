import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { issuedDayFromIso, issuedDayToIso, forwardRequestSchema } from '../../shared/protocol/forward.ts';
import { moscowMidnight } from '../../shared/periods.ts';
import { createOfficeInvitationDayStore } from '../central/office-invitation-days.ts';
import { migrate } from '../db/migrate.ts';
import { defaultMigrationsDir } from '../db/open.ts';
import { issuedInvitation } from '../../test/support/issued-invitations.ts';
import { recordIssuedInvitation } from '../invitations/invitation-store.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { createIssuedDayQueue } from './issued-days.ts';

/**
 * Invitation counts per Moscow day and channel (migration 0016): backfilled from the invitations
 * issued before it, kept by its trigger, sent until acknowledged; the central keeps the greatest.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'issued-days-'));
const migrations = path.join(dir, 'migrations');
mkdirSync(migrations);
const db = new Database(path.join(dir, 'hub.sqlite'));
const sql = sqlOverSqlite(db);
afterAll(() => db.close());

let n = 0;
async function invite(channel: 'visit-qr' | 'email-link', issuedAt: number): Promise<void> {
  await recordIssuedInvitation(sql, issuedInvitation(Buffer.from(`token-${++n}`), channel, issuedAt));
}

// 5 Dec 2026 in Moscow: 00:00 is 21:00 UTC the day before, 23:59 is 20:59 UTC.
const DEC5 = moscowMidnight(2026, 12, 5);
const days = () => db.prepare('SELECT day, channel, issued, forwarded FROM invitation_day ORDER BY day, channel').all();

describe('invitation_day (migration 0016)', () => {
  it('is backfilled from the invitations issued before the migration, by Moscow day', async () => {
    const files = readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith('.sql')).sort();
    for (const f of files.filter((f) => f < '0016')) copyFileSync(path.join(defaultMigrationsDir(), f), path.join(migrations, f));
    migrate(db, migrations);
    await invite('visit-qr', DEC5); // Moscow midnight: the 5th, though UTC still says the 4th
    await invite('visit-qr', DEC5 + 86_400_000 - 1); // 23:59:59.999 Moscow: still the 5th
    await invite('email-link', DEC5 - 1); // the 4th
    for (const f of files.filter((f) => f >= '0016')) copyFileSync(path.join(defaultMigrationsDir(), f), path.join(migrations, f));
    migrate(db, migrations);
    const dec5 = issuedDayFromIso('2026-12-05');
    expect(days()).toEqual([
      { day: dec5 - 1, channel: 'email-link', issued: 1, forwarded: 0 },
      { day: dec5, channel: 'visit-qr', issued: 2, forwarded: 0 },
    ]);
  });

  it('counts each new invitation in its transaction', async () => {
    await invite('visit-qr', DEC5 + 3_600_000);
    await invite('email-link', DEC5 + 3_600_000);
    expect(days()).toEqual([
      { day: issuedDayFromIso('2026-12-04'), channel: 'email-link', issued: 1, forwarded: 0 },
      { day: issuedDayFromIso('2026-12-05'), channel: 'email-link', issued: 1, forwarded: 0 },
      { day: issuedDayFromIso('2026-12-05'), channel: 'visit-qr', issued: 3, forwarded: 0 },
    ]);
  });

  it('sends unacknowledged counts until the central acknowledges the count that was sent', async () => {
    const queue = createIssuedDayQueue(db);
    const sent = queue.unforwarded(16);
    expect(sent).toEqual([
      { day: '2026-12-04', channel: 'email-link', issued: 1 },
      { day: '2026-12-05', channel: 'email-link', issued: 1 },
      { day: '2026-12-05', channel: 'visit-qr', issued: 3 },
    ]);
    expect(queue.unforwarded(2)).toHaveLength(2);
    expect(forwardRequestSchema.safeParse({ records: [], backlog: { count: 0, oldestReceivedAt: null }, invitationsIssued: sent }).success).toBe(true);
    // One more is issued while the batch is on the wire: the ack covers what was sent, not it.
    await invite('visit-qr', DEC5 + 7_200_000);
    queue.acknowledge(sent);
    expect(queue.unforwarded(16)).toEqual([{ day: '2026-12-05', channel: 'visit-qr', issued: 4 }]);
    // A late ack of an older batch does not turn the acknowledgement back.
    queue.acknowledge([{ day: '2026-12-05', channel: 'visit-qr', issued: 4 }]);
    queue.acknowledge([{ day: '2026-12-05', channel: 'visit-qr', issued: 2 }]);
    expect(queue.unforwarded(16)).toEqual([]);
  });

  it('at the central: a resend changes nothing, and an older count that arrives late does not win', () => {
    const store = createOfficeInvitationDayStore(db);
    const held = () => db.prepare('SELECT office_id, day, channel, issued FROM office_invitation_day ORDER BY 1, 2, 3').all();
    store.record('sharya', [{ day: '2026-12-05', channel: 'visit-qr', issued: 4 }], 1);
    store.record('sharya', [{ day: '2026-12-05', channel: 'visit-qr', issued: 4 }], 2);
    store.record('sharya', [{ day: '2026-12-05', channel: 'visit-qr', issued: 3 }], 3);
    store.record('buy', [{ day: '2026-12-05', channel: 'visit-qr', issued: 1 }], 3);
    expect(held()).toEqual([
      { office_id: 'buy', day: issuedDayFromIso('2026-12-05'), channel: 'visit-qr', issued: 1 },
      { office_id: 'sharya', day: issuedDayFromIso('2026-12-05'), channel: 'visit-qr', issued: 4 },
    ]);
    store.record('sharya', [{ day: '2026-12-05', channel: 'visit-qr', issued: 5 }], 4);
    expect(held()).toContainEqual({ office_id: 'sharya', day: issuedDayFromIso('2026-12-05'), channel: 'visit-qr', issued: 5 });
  });

  it('the wire day is the Moscow calendar date, and only a real one is accepted', () => {
    expect(issuedDayToIso(issuedDayFromIso('2026-02-28') + 1)).toBe('2026-03-01');
    const envelope = (day: string) => ({ records: [], backlog: { count: 0, oldestReceivedAt: null }, invitationsIssued: [{ day, channel: 'visit-qr', issued: 1 }] });
    expect(forwardRequestSchema.safeParse(envelope('2026-02-30')).success).toBe(false);
    expect(forwardRequestSchema.safeParse(envelope('05.12.2026')).success).toBe(false);
    expect(forwardRequestSchema.safeParse({ ...envelope('2026-12-05'), invitationsIssued: [{ day: '2026-12-05', channel: 'kiosk', issued: 1 }] }).success).toBe(false);
    expect(forwardRequestSchema.safeParse({ ...envelope('2026-12-05'), invitationsIssued: [{ day: '2026-12-05', channel: 'visit-qr', issued: -1 }] }).success).toBe(false);
  });
});
