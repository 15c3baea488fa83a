import type { Db } from '../db/open.ts';
import type { ReportKind } from './report-files.ts';

/**
 * The archive of generated reports (table report_archive, migration 0006): one row per kind and
 * period, naming the XLSX and CSV files under <dataDir>/reports/. Regenerating a period replaces
 * its row and files; the scheduler asks `isArchived` before a run.
 */
export type ArchiveCause = 'schedule' | 'on-demand';
export type MailStatus = 'not-configured' | 'sent' | 'failed';

export interface ArchivedReport {
  id: number;
  kind: ReportKind;
  periodKey: string;
  periodLabel: string;
  generatedAt: number;
  cause: ArchiveCause;
  /** Paths relative to <dataDir>/reports. */
  xlsxFile: string;
  csvFile: string;
  mailStatus: MailStatus;
  mailDetail: string | null;
}

interface ArchiveRow {
  id: number;
  kind: ReportKind;
  period_key: string;
  period_label: string;
  generated_at: number;
  cause: ArchiveCause;
  xlsx_file: string;
  csv_file: string;
  mail_status: MailStatus;
  mail_detail: string | null;
}

const fromRow = (r: ArchiveRow): ArchivedReport => ({
  id: r.id,
  kind: r.kind,
  periodKey: r.period_key,
  periodLabel: r.period_label,
  generatedAt: r.generated_at,
  cause: r.cause,
  xlsxFile: r.xlsx_file,
  csvFile: r.csv_file,
  mailStatus: r.mail_status,
  mailDetail: r.mail_detail,
});

export function isArchived(db: Db, kind: ReportKind, periodKey: string): boolean {
  return db.prepare('SELECT 1 FROM report_archive WHERE kind = ? AND period_key = ?').get(kind, periodKey) !== undefined;
}

export function recordArchived(db: Db, entry: Omit<ArchivedReport, 'id' | 'mailStatus' | 'mailDetail'>): ArchivedReport {
  const row = db
    .prepare(
      `INSERT INTO report_archive (kind, period_key, period_label, generated_at, cause, xlsx_file, csv_file, mail_status, mail_detail)
       VALUES (@kind, @periodKey, @periodLabel, @generatedAt, @cause, @xlsxFile, @csvFile, 'not-configured', NULL)
       ON CONFLICT (kind, period_key) DO UPDATE SET period_label = excluded.period_label, generated_at = excluded.generated_at, cause = excluded.cause,
         xlsx_file = excluded.xlsx_file, csv_file = excluded.csv_file, mail_status = 'not-configured', mail_detail = NULL
       RETURNING *`,
    )
    .get(entry) as ArchiveRow;
  return fromRow(row);
}

export function recordMail(db: Db, id: number, status: MailStatus, detail: string | null): void {
  db.prepare('UPDATE report_archive SET mail_status = ?, mail_detail = ? WHERE id = ?').run(status, detail, id);
}

export function listArchive(db: Db, limit = 500): ArchivedReport[] {
  return (db.prepare('SELECT * FROM report_archive ORDER BY generated_at DESC, id DESC LIMIT ?').all(limit) as ArchiveRow[]).map(fromRow);
}

export function findArchived(db: Db, id: number): ArchivedReport | null {
  const row = db.prepare('SELECT * FROM report_archive WHERE id = ?').get(id) as ArchiveRow | undefined;
  return row ? fromRow(row) : null;
}
