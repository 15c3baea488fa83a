import { describe, expect, it } from 'vitest';
import { moscowMidnight } from '../../shared/periods.ts';
import type { IssuedInvitationDay } from '../../shared/protocol/forward.ts';
import { BOTH_DATABASES, openForSuite, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { testDb } from '../../test/support/test-records.ts';
import { readOffices, seedDefaultOffices } from '../db/offices.ts';
import { invitationRates } from '../reports/invitation-rates.ts';
import { sqliteRecordSource } from '../reports/record-source.ts';
import { REGION } from '../reports/scope.ts';
import { createOfficeInvitationDayStore, upsertOfficeInvitationDays } from './office-invitation-days.ts';

/**
 * The invitation counts the office hubs report with their batches: written in the receive
 * transaction by each database's own statement (SQLite's createOfficeInvitationDayStore,
 * PostgreSQL's UPSERT_OFFICE_INVITATION_DAYS through upsertOfficeInvitationDays) from the same
 * values, read through CentralSql by the invitation rates. The same batches give the same rows on both.
 */
const NOVEMBER = { start: moscowMidnight(2026, 11, 1), end: moscowMidnight(2026, 12, 1) };
const NOW = moscowMidnight(2026, 12, 2);

describe.each(BOTH_DATABASES)('office invitation days on $name', (database) => {
  let opened!: OpenedDatabase;
  openForSuite(database, (_sql, o) => (opened = o));

  const record = async (officeId: string, days: IssuedInvitationDay[], now: number): Promise<void> => {
    const sqlite = opened.sqlite;
    if (sqlite) sqlite.transaction(() => createOfficeInvitationDayStore(sqlite).record(officeId, days, now))();
    else await opened.sql.transaction((trx) => upsertOfficeInvitationDays(trx, officeId, days, now));
  };
  const rows = () => opened.sql.db.selectFrom('office_invitation_day').selectAll().orderBy('office_id').orderBy('day').orderBy('channel').execute();

  it('keeps the greatest count reported per office, day and channel, and when it grew', async () => {
    await seedDefaultOffices(opened.sql);
    await record('sharya', [{ day: '2026-11-02', channel: 'visit-qr', issued: 5 }, { day: '2026-11-02', channel: 'email-link', issued: 2 }], NOW);
    // A resend, and a batch overtaken on the wire: nothing turns back.
    await record('sharya', [{ day: '2026-11-02', channel: 'visit-qr', issued: 5 }], NOW + 1);
    await record('sharya', [{ day: '2026-11-02', channel: 'visit-qr', issued: 3 }], NOW + 2);
    // One day twice in a batch: the greater.
    await record('sharya', [{ day: '2026-11-02', channel: 'visit-qr', issued: 9 }, { day: '2026-11-02', channel: 'visit-qr', issued: 4 }, { day: '2026-11-03', channel: 'visit-qr', issued: 1 }], NOW + 3);
    await record('buy', [{ day: '2026-11-30', channel: 'visit-qr', issued: 4 }, { day: '2026-12-01', channel: 'visit-qr', issued: 10 }], NOW + 4);
    await record('buy', [], NOW + 5);

    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    expect(await rows()).toEqual([
      { office_id: 'buy', day: day('2026-11-30'), channel: 'visit-qr', issued: 4, reported_at: NOW + 4 },
      { office_id: 'buy', day: day('2026-12-01'), channel: 'visit-qr', issued: 10, reported_at: NOW + 4 },
      { office_id: 'sharya', day: day('2026-11-02'), channel: 'email-link', issued: 2, reported_at: NOW },
      { office_id: 'sharya', day: day('2026-11-02'), channel: 'visit-qr', issued: 9, reported_at: NOW + 3 },
      { office_id: 'sharya', day: day('2026-11-03'), channel: 'visit-qr', issued: 1, reported_at: NOW + 3 },
    ]);
  });

  it('the invitation rates read the reported counts of the period, per office', async () => {
    const directory = await readOffices(opened.sql);
    const rates = await invitationRates(opened.sql, sqliteRecordSource(testDb()), directory, { role: 'central', centralUrl: null }, NOVEMBER, REGION);
    expect(rates.issuedByOffices).toBe(true);
    const issued = Object.fromEntries(rates.offices.map((o) => [o.officeId, o.issued]));
    expect(issued).toMatchObject({ sharya: 12, buy: 4 });
    expect(rates.offices.filter((o) => o.officeId !== 'sharya' && o.officeId !== 'buy').every((o) => o.issued === 0)).toBe(true);
    const sharyaOnly = await invitationRates(opened.sql, sqliteRecordSource(testDb()), directory, { role: 'central', centralUrl: null }, NOVEMBER, { officeIds: ['sharya'] });
    expect(sharyaOnly.offices.map((o) => [o.officeId, o.issued, o.answered, o.rate])).toEqual([['sharya', 12, 0, 0]]);
  });

  it('refuses a channel it does not know, and stores nothing of that batch', async () => {
    const before = await rows();
    await expect(record('neya', [{ day: '2026-11-05', channel: 'visit-qr', issued: 1 }, { day: '2026-11-05', channel: 'phone' as 'visit-qr', issued: 1 }], NOW + 6)).rejects.toThrow();
    expect(await rows()).toEqual(before);
  });
});
