import { sql as raw } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { bumpRevision, currentRevision, listOfficeReports, recordOfficeReport, supersededAt } from './revisions.ts';
import { saveRegional } from './regional-change.ts';
import { cutRegionalConfig } from './snapshot.ts';

/**
 * The central's regional revisions and the offices' reports, the same statements on the hub's SQLite
 * and on the central's PostgreSQL, each on a database migrated by its own migrations.
 */
afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('the regional revisions on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
    // A report names its office (office_config_report REFERENCES office: SQLite's, PostgreSQL's since 0030).
    await raw`INSERT INTO office (id, name, kind, address, position) VALUES ('sharya', 'Шарья', 'otdelenie', 'г. Шарья', 1), ('buy', 'Буй', 'otdel', 'г. Буй', 2)`.execute(opened.sql.db);
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('starts with none; numbers 1, 2, 3… without gaps; the newest is current; `what` is cut at 300 characters', async () => {
    const { sql } = opened;
    expect(await currentRevision(sql)).toBeNull();
    expect(await supersededAt(sql, 0)).toBeNull();
    expect(await bumpRevision(sql, { actor: 'запуск центрального сборщика', what: 'первая ревизия', now: 1000 })).toBe(1);
    expect(await bumpRevision(sql, { actor: 'admin', what: 'список услуг', now: 2000 })).toBe(2);
    expect(await bumpRevision(sql, { actor: 'cx', what: 'ж'.repeat(400), now: 3000 })).toBe(3);
    const current = await currentRevision(sql);
    expect(current).toEqual({ revision: 3, changedAt: 3000, actor: 'cx', what: 'ж'.repeat(300) });
  });

  it('changes saved at once take turns: each gets its own revision, none fails (PostgreSQL ran them together and the second hit the primary key)', async () => {
    const { sql } = opened;
    // saveRegional reads the databases it is given and the role; the hub's SQLite handle is not used.
    const central = { db: undefined as never, sql, clock: () => 5_000, config: { role: 'central' as const } };
    const before = (await currentRevision(sql))?.revision ?? 0;
    const saves = Array.from({ length: 8 }, (_, i) => saveRegional(central, { actor: 'admin', what: `правка ${i}` }, async (trx) => (await currentRevision(trx))?.revision));
    try {
      const settled = await Promise.allSettled(saves);
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
      expect((await currentRevision(sql))?.revision).toBe(before + 8);
    } finally {
      await raw`DELETE FROM config_revision WHERE revision > ${before}`.execute(sql.db);
    }
  });

  it('an office\'s pull is cut from the database with its revision: an office a change added, which no memory has loaded, is in it', async () => {
    const { sql } = opened;
    const central = { db: undefined as never, sql, clock: () => 6_000, config: { role: 'central' as const } };
    const defaults = { lowScoreAlerts: [], workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] } };
    const before = (await currentRevision(sql))?.revision ?? 0;
    try {
      await saveRegional(central, { actor: 'оболочка', what: 'новый отдел Галич' }, (trx) => raw`INSERT INTO office (id, name, kind, address, position) VALUES ('galich', 'Галич', 'otdel', 'г. Галич', 3)`.execute(trx));
      const cut = await cutRegionalConfig(sql, defaults, 'sharya', 0);
      expect(cut.revision).toBe(before + 1);
      expect(cut.snapshot).toMatchObject({ revision: before + 1, officeId: 'sharya' });
      expect(cut.snapshot!.offices.map((o) => o.id)).toEqual(['sharya', 'buy', 'galich']);
      expect(await cutRegionalConfig(sql, defaults, 'sharya', before + 1)).toEqual({ revision: before + 1, snapshot: null });
    } finally {
      await raw`DELETE FROM config_revision WHERE revision > ${before}`.execute(sql.db);
      await raw`DELETE FROM office WHERE id = 'galich'`.execute(sql.db);
    }
  });

  it('a revision is superseded when the first one after it was saved; the newest is not', async () => {
    const { sql } = opened;
    expect(await supersededAt(sql, 0)).toBe(1000);
    expect(await supersededAt(sql, 1)).toBe(2000);
    expect(await supersededAt(sql, 2)).toBe(3000);
    expect(await supersededAt(sql, 3)).toBeNull();
    expect(await supersededAt(sql, 99)).toBeNull();
  });

  it('a bump inside a transaction that rolls back leaves no revision and no gap', async () => {
    const { sql } = opened;
    await expect(
      sql.transaction(async (trx) => {
        expect(await bumpRevision(trx, { actor: 'admin', what: 'не сохранится', now: 4000 })).toBe(4);
        expect((await currentRevision(trx))?.revision).toBe(4);
        throw new Error('отказ');
      }),
    ).rejects.toThrow('отказ');
    expect((await currentRevision(sql))?.revision).toBe(3);
    expect(await sql.transaction((trx) => bumpRevision(trx, { actor: 'admin', what: 'сохранится', now: 5000 }))).toBe(4);
    expect(await currentRevision(sql)).toMatchObject({ revision: 4, changedAt: 5000, what: 'сохранится' });
  });

  it('a revision number is taken once: a second row under it is refused', async () => {
    const { sql } = opened;
    await expect(sql.db.insertInto('config_revision').values({ revision: 4, changed_at: 6000, actor: 'x', what: 'x' }).execute()).rejects.toThrow();
    expect((await currentRevision(sql))?.revision).toBe(4);
  });

  it("keeps each office's last report, replaced in place", async () => {
    const { sql } = opened;
    expect(await listOfficeReports(sql)).toEqual(new Map());
    await recordOfficeReport(sql, 'sharya', 1, 10_000);
    await recordOfficeReport(sql, 'buy', 2, 11_000);
    await recordOfficeReport(sql, 'sharya', 4, 12_000);
    expect(await listOfficeReports(sql)).toEqual(
      new Map([
        ['sharya', { officeId: 'sharya', revision: 4, reportedAt: 12_000 }],
        ['buy', { officeId: 'buy', revision: 2, reportedAt: 11_000 }],
      ]),
    );
  });
});
