import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { StatementOutsideTrxError, TransactionCrossedEventLoopError } from '../sql/central-sql.ts';
import { archivedPeriods, findArchived, listArchive, recordArchived, recordMail } from './archive.ts';

/**
 * The report archive's store, the same statements on the hub's SQLite and on the central's
 * PostgreSQL (hub/sql/central-sql.ts): each test runs on both, on a database migrated by its own
 * migrations.
 */
const entry = (kind: 'weekly-panel' | 'monthly' | 'register-monthly', periodKey: string, generatedAt: number) => ({
  kind,
  periodKey,
  periodLabel: `период ${periodKey}`,
  generatedAt,
  cause: 'schedule' as const,
  xlsxFile: `${kind}/${periodKey}.xlsx`,
  csvFile: `${kind}/${periodKey}.csv`,
});

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('the report archive on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('records a report, finds it by id, lists newest first, and says which periods are archived', async () => {
    const { sql } = opened;
    const weekly = await recordArchived(sql, entry('weekly-panel', '2026-W48', 1_000));
    const monthly = await recordArchived(sql, entry('monthly', '2026-11', 2_000));
    const register = await recordArchived(sql, entry('register-monthly', '2026-11', 2_000));
    expect(weekly).toEqual({ id: expect.any(Number), ...entry('weekly-panel', '2026-W48', 1_000), mailStatus: 'not-configured', mailDetail: null });
    expect(new Set([weekly.id, monthly.id, register.id]).size).toBe(3);

    expect(await findArchived(sql, monthly.id)).toEqual(monthly);
    expect(await findArchived(sql, 987_654)).toBeNull();
    // Same time: the later id first, so the order never depends on the database.
    expect((await listArchive(sql)).map((r) => r.id)).toEqual([register.id, monthly.id, weekly.id]);
    expect((await listArchive(sql, 1)).map((r) => r.id)).toEqual([register.id]);

    const periods = await archivedPeriods(sql, ['monthly', 'weekly-panel']);
    expect([periods.has('monthly', '2026-11'), periods.has('weekly-panel', '2026-W48'), periods.has('register-monthly', '2026-11'), periods.has('monthly', '2026-10')]).toEqual([true, true, false, false]);
    expect((await archivedPeriods(sql, [])).has('monthly', '2026-11')).toBe(false);
  });

  it('regenerating a period replaces its row under the same id, and resets what the mail said', async () => {
    const { sql } = opened;
    const first = await recordArchived(sql, entry('monthly', '2026-09', 5_000));
    await recordMail(sql, first.id, 'failed', 'SMTP недоступен');
    expect(await findArchived(sql, first.id)).toMatchObject({ mailStatus: 'failed', mailDetail: 'SMTP недоступен' });

    const again = await recordArchived(sql, { ...entry('monthly', '2026-09', 6_000), cause: 'on-demand', periodLabel: 'сентябрь 2026' });
    expect(again).toEqual({ ...entry('monthly', '2026-09', 6_000), id: first.id, cause: 'on-demand', periodLabel: 'сентябрь 2026', mailStatus: 'not-configured', mailDetail: null });
    await recordMail(sql, again.id, 'sent', 'получателей: 2');
    expect(await findArchived(sql, first.id)).toMatchObject({ mailStatus: 'sent', mailDetail: 'получателей: 2', generatedAt: 6_000 });
  });

  it('refuses a kind or a mail status the archive does not know, and stores nothing of it', async () => {
    const { sql } = opened;
    const before = (await listArchive(sql)).length;
    await expect(recordArchived(sql, { ...entry('monthly', '2026-08', 1), kind: 'yearly' as 'monthly' })).rejects.toThrow();
    const row = await recordArchived(sql, entry('monthly', '2026-07', 1));
    await expect(recordMail(sql, row.id, 'lost' as 'sent', null)).rejects.toThrow();
    expect(await findArchived(sql, row.id)).toMatchObject({ mailStatus: 'not-configured' });
    expect((await listArchive(sql)).length).toBe(before + 1);
  });

  it('a transaction commits all of its statements or none', async () => {
    const { sql } = opened;
    const row = (key: string) => ({ kind: 'monthly' as const, period_key: key, period_label: 'x', generated_at: 1, cause: 'schedule' as const, xlsx_file: 'a', csv_file: 'b', mail_status: 'sent' as const, mail_detail: null });
    await sql.transaction(async (trx) => {
      await trx.insertInto('report_archive').values(row('2024-01')).execute();
      await trx.insertInto('report_archive').values(row('2024-02')).execute();
    });
    const both = await archivedPeriods(sql, ['monthly']);
    expect([both.has('monthly', '2024-01'), both.has('monthly', '2024-02')]).toEqual([true, true]);
    const before = (await listArchive(sql)).length;
    await expect(
      sql.transaction(async (trx) => {
        await trx.insertInto('report_archive').values({ kind: 'monthly', period_key: '2025-01', period_label: 'x', generated_at: 1, cause: 'schedule', xlsx_file: 'a', csv_file: 'b', mail_status: 'sent', mail_detail: null }).execute();
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect((await listArchive(sql)).length).toBe(before);
  });

  it.runIf(database.name === 'sqlite')('on SQLite, a transaction that waits on a timer is rolled back, not committed', async () => {
    const { sql } = opened;
    const before = (await listArchive(sql)).length;
    await expect(
      sql.transaction(async (trx) => {
        await trx.insertInto('report_archive').values({ kind: 'monthly', period_key: '2025-02', period_label: 'x', generated_at: 1, cause: 'schedule', xlsx_file: 'a', csv_file: 'b', mail_status: 'sent', mail_detail: null }).execute();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }),
    ).rejects.toThrow(TransactionCrossedEventLoopError);
    expect((await listArchive(sql)).length).toBe(before);
  });

  it.runIf(database.name === 'sqlite')('on SQLite, a statement through sql.db inside a body is refused at once instead of waiting for the body forever', async () => {
    const { sql } = opened;
    const before = (await listArchive(sql)).length;
    const row = { kind: 'monthly', period_key: '2025-03', period_label: 'x', generated_at: 1, cause: 'schedule', xlsx_file: 'a', csv_file: 'b', mail_status: 'sent', mail_detail: null } as const;
    await expect(
      sql.transaction(async (trx) => {
        await trx.insertInto('report_archive').values(row).execute();
        await listArchive(sql); // the mistake: sql, not trx
      }),
    ).rejects.toThrow(StatementOutsideTrxError);
    await expect(sql.transaction(async () => sql.transaction(async () => undefined))).rejects.toThrow(StatementOutsideTrxError);
    expect((await listArchive(sql)).length).toBe(before);
    // Started inside a body but run after it (not awaited by it): waits for the commit and runs.
    let later: Promise<unknown> = Promise.resolve();
    await sql.transaction(async (trx) => {
      await trx.insertInto('report_archive').values({ ...row, period_key: '2025-04' }).execute();
      later = new Promise((resolve) => setImmediate(resolve)).then(() => listArchive(sql));
    });
    expect(((await later) as unknown[]).length).toBe(before + 1);
  });
});
