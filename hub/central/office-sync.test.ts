import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import type { StorageReport } from '../../shared/storage.ts';
import { UPSERT_OFFICE_SYNC } from './office-sync.ts';
import { seedDefaultOffices } from '../db/offices.ts';
import { createOfficeSyncStore, listOfficeSync, officeSyncValues, type SyncReport } from './office-sync.ts';

/**
 * The office hubs' forwarding status: written in the receive transaction by each database's own
 * statement (SQLite's createOfficeSyncStore, PostgreSQL's UPSERT_OFFICE_SYNC), read through
 * CentralSql. The same reports give the same rows on both.
 */
afterAll(() => removeTempDirs());

const disk = (state: StorageReport['state'], freeBytes: number | null, totalBytes: number | null): StorageReport => ({
  state,
  freeBytes,
  totalBytes,
  warnBelowBytes: 2_000_000_000,
  criticalBelowBytes: 500_000_000,
  checkedAt: null,
  writeFailedAt: null,
});

const report = (officeId: string, now: number, fields: Partial<SyncReport> = {}): SyncReport => ({
  officeId,
  keyId: `key-${officeId}`,
  now,
  oldestReceivedAt: now - 90_000,
  stored: 10,
  backlog: 5,
  backlogOldestAt: now - 600_000,
  ...fields,
});

describe.each(BOTH_DATABASES)('office status on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
    // office_sync refers to the directory (SQLite's foreign key; PostgreSQL's since 0030).
    await seedDefaultOffices(opened.sql);
  });
  afterAll(async () => {
    await opened.close();
  });
  const record = async (r: SyncReport): Promise<void> => {
    if (opened.sqlite) createOfficeSyncStore(opened.sqlite).record(r);
    else await opened.sql.db.executeQuery(CompiledQuery.raw(UPSERT_OFFICE_SYNC, officeSyncValues(r)));
  };

  it('keeps one row per office: counts add up, the rest is the last batch’s', async () => {
    await record(report('sharya', 1_000_000, { storage: disk('ok', 9_000_000_000, 32_000_000_000) }));
    await record(report('sharya', 2_000_000, { stored: 7, backlog: 0, backlogOldestAt: null, keyId: 'key-2', storage: disk('warning', 1_000_000, null) }));
    await record(report('buy', 1_500_000, { oldestReceivedAt: null, stored: 0 }));
    const rows = await listOfficeSync(opened.sql);
    expect(rows.get('sharya')).toEqual({
      officeId: 'sharya',
      lastSyncAt: 2_000_000,
      lagMs: 90_000,
      recordsReceived: 17,
      batchesReceived: 2,
      backlogReported: 0,
      backlogOldestAt: null,
      keyId: 'key-2',
      storage: { state: 'warning', freeBytes: 1_000_000, totalBytes: null },
    });
    // A status-only batch (no records): lag 0; an office that does not report its disk: storage null.
    expect(rows.get('buy')).toMatchObject({ lagMs: 0, recordsReceived: 0, batchesReceived: 1, storage: null });
    expect([...rows.keys()].sort()).toEqual(['buy', 'sharya']);
  });

  it('refuses a disk state it does not know, and stores nothing of it', async () => {
    const before = await listOfficeSync(opened.sql);
    await expect(record(report('neya', 3_000_000, { storage: disk('full' as 'ok', 0, 1) }))).rejects.toThrow();
    expect(await listOfficeSync(opened.sql)).toEqual(before);
  });
});
