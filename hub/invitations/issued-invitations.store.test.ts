import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { issuedDayFromIso } from '../../shared/protocol/forward.ts';
import { moscowMidnight } from '../../shared/periods.ts';
import { BOTH_DATABASES, openForSuite } from '../../test/support/both-databases.ts';
import { issuedInvitation } from '../../test/support/issued-invitations.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { countIssuedInvitations, recordIssuedInvitation, type IssuedInvitation } from './invitation-store.ts';

/**
 * Issued invitations (invitation) and their counts per Moscow day (invitation_day, kept by a trigger:
 * SQLite 0016, PostgreSQL 0022 in PL/pgSQL), the same statements on the hub's SQLite and on
 * PostgreSQL: each test runs on both, on a database migrated by its own migrations.
 */
const DEC5 = moscowMidnight(2026, 12, 5);
const hashOf = (token: string) => createHash('sha256').update(token).digest();

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('issued invitations on $name', (database) => {
  let sql!: CentralSql;
  openForSuite(database, (opened) => (sql = opened));

  let n = 0;
  const issued = (channel: IssuedInvitation['channel'], issuedAt: number, officeId = 'sharya'): IssuedInvitation => issuedInvitation(hashOf(`token-${++n}`), channel, issuedAt, officeId);
  const days = () => sql.db.selectFrom('invitation_day').select(['day', 'channel', 'issued', 'forwarded']).orderBy('day').orderBy('channel').execute();

  it('counts each invitation in its Moscow day and channel, in the statement that records it', async () => {
    await recordIssuedInvitation(sql, issued('visit-qr', DEC5)); // Moscow midnight: the 5th, though UTC still says the 4th
    await recordIssuedInvitation(sql, issued('visit-qr', DEC5 + 86_400_000 - 1)); // 23:59:59.999 Moscow: still the 5th
    await recordIssuedInvitation(sql, { ...issued('email-link', DEC5 - 1), desk: '3', serviceId: 'other' }); // the 4th
    const dec5 = issuedDayFromIso('2026-12-05');
    expect(await days()).toEqual([
      { day: dec5 - 1, channel: 'email-link', issued: 1, forwarded: 0 },
      { day: dec5, channel: 'visit-qr', issued: 2, forwarded: 0 },
    ]);
    expect(await sql.db.selectFrom('invitation').select(['desk', 'service_id', 'issued_by']).where('channel', '=', 'email-link').execute()).toEqual([{ desk: '3', service_id: 'other', issued_by: 'clerk' }]);
  });

  it('counts an office’s invitations since a moment, by channel (zeros included)', async () => {
    await recordIssuedInvitation(sql, issued('visit-qr', DEC5 + 3_600_000, 'buy'));
    expect(await countIssuedInvitations(sql, 'sharya', DEC5)).toEqual({ 'visit-qr': 2, 'email-link': 0 });
    expect(await countIssuedInvitations(sql, 'sharya', DEC5 - 1)).toEqual({ 'visit-qr': 2, 'email-link': 1 });
    expect(await countIssuedInvitations(sql, 'buy', DEC5)).toEqual({ 'visit-qr': 1, 'email-link': 0 });
    expect(await countIssuedInvitations(sql, 'neya', 0)).toEqual({ 'visit-qr': 0, 'email-link': 0 });
  });

  it('refuses a second invitation with the same token hash, and counts it nowhere', async () => {
    const once = issued('visit-qr', DEC5 + 7_200_000);
    await recordIssuedInvitation(sql, once);
    const before = await days();
    await expect(recordIssuedInvitation(sql, { ...once, issuedAt: DEC5 + 7_300_000 })).rejects.toThrow();
    expect(await days()).toEqual(before);
  });

  it('refuses an unknown channel (CHECK on both tables)', async () => {
    await expect(recordIssuedInvitation(sql, { ...issued('visit-qr', DEC5), channel: 'kiosk' as 'visit-qr' })).rejects.toThrow();
    await expect(sql.db.insertInto('invitation_day').values({ day: 1, channel: 'kiosk' as 'visit-qr', issued: 1 }).execute()).rejects.toThrow();
  });

});
