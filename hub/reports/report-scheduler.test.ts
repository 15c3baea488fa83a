import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import { listArchive } from './archive.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { loadedOfficeStore } from '../db/offices.ts';
import { moscowNov } from '../../test/support/known-answer-fixture.ts';
import { startSmtpInbox, type SmtpInbox } from '../../test/support/smtp-inbox.ts';
import { createMailer } from '../mail/mailer.ts';
import { startReportScheduler } from './report-scheduler.ts';
import { REGION } from './scope.ts';
import { sqliteRecordSource } from './record-source.ts';
import { fixtureDatabase } from '../../test/support/fixture-db.ts';

let inbox: SmtpInbox;
let smtpPort = 0;
let mails: SmtpInbox['received'] = [];

beforeAll(async () => {
  inbox = await startSmtpInbox();
  ({ port: smtpPort, received: mails } = inbox);
});
afterAll(() => inbox.close());

const logger = createLogger('t', { level: 'silent', pretty: false });

describe('the report scheduler with an injected clock', () => {
  it('on Monday 06:00 archives last week and, on a catch-up, last month; files, archive rows and e-mail', async () => {
    const { db, dir } = fixtureDatabase();
    const reportsDir = path.join(dir, 'reports');
    let now = moscowNov(30, 6);
    const mailer = createMailer({ host: '127.0.0.1', port: smtpPort, secure: false, user: null, pass: null, from: 'reports@czn.test' });
    const scheduler = startReportScheduler({ sql: sqlOverSqlite(db), records: sqliteRecordSource(db), offices: await loadedOfficeStore(sqlOverSqlite(db)), reportsDir, scope: REGION, logger, mailer, recipients: ['cx@czn.test'], clock: () => now, enabled: false });

    const archived = await scheduler.runDue();
    expect(archived.map((a) => `${a.kind}:${a.periodKey}:${a.mailStatus}`)).toEqual(['weekly-panel:2026-W48:sent', 'monthly:2026-10:sent']);
    const weekly = (await listArchive(sqlOverSqlite(db))).find((a) => a.kind === 'weekly-panel');
    expect(weekly?.xlsxFile).toBe(path.join('weekly-panel', 'weekly-panel-2026-W48.xlsx'));
    expect(existsSync(path.join(reportsDir, weekly!.csvFile))).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path.join(reportsDir, weekly!.xlsxFile)) as unknown as ArrayBuffer);
    const total = workbook.worksheets[0]!.getRow(3 + 26);
    expect([total.getCell(1).value, total.getCell(3).value]).toEqual(['Итого по области', 47]);

    expect(mails).toHaveLength(2);
    expect(mails[0]?.to).toEqual(['cx@czn.test']);
    expect(mails[0]?.raw).toContain('weekly-panel-2026-W48.xlsx');
    expect(mails[0]?.raw).toContain('weekly-panel-2026-W48.csv');

    // Nothing more is due until the next Monday; then only that week.
    expect(await scheduler.runDue()).toEqual([]);
    now = moscowNov(30, 6) + 7 * 24 * 3600_000;
    expect((await scheduler.runDue()).map((a) => a.periodKey)).toEqual(['2026-W49', '2026-11']);
    await scheduler.stop();
    mailer.close();
    db.close();
  });

  it('catches up at start; without SMTP nothing breaks; a failing SMTP is recorded, not thrown', async () => {
    const { db, dir } = fixtureDatabase();
    const scheduler = startReportScheduler({ sql: sqlOverSqlite(db), records: sqliteRecordSource(db), offices: await loadedOfficeStore(sqlOverSqlite(db)), reportsDir: path.join(dir, 'reports'), scope: REGION, logger, mailer: null, recipients: [], clock: () => moscowNov(25, 14), enabled: true });
    await expect.poll(async () => (await listArchive(sqlOverSqlite(db))).map((a) => a.periodKey).sort(), { timeout: 10_000 }).toEqual(['2026-10', '2026-W47']);
    expect((await listArchive(sqlOverSqlite(db))).every((a) => a.mailStatus === 'not-configured')).toBe(true);
    await scheduler.stop();

    const broken = createMailer({ host: '127.0.0.1', port: 1, secure: false, user: null, pass: null, from: 'reports@czn.test' });
    const failing = startReportScheduler({ sql: sqlOverSqlite(db), records: sqliteRecordSource(db), offices: await loadedOfficeStore(sqlOverSqlite(db)), reportsDir: path.join(dir, 'reports'), scope: REGION, logger, mailer: broken, recipients: ['cx@czn.test'], clock: () => moscowNov(30, 7), enabled: false });
    const [entry] = await failing.runDue();
    expect(entry).toMatchObject({ periodKey: '2026-W48', mailStatus: 'failed' });
    await failing.stop();
    broken.close();
    db.close();
  });
});
