import type { Selectable } from 'kysely';
import type { CentralSql } from '../sql/central-sql.ts';
import type { ReportArchiveTable } from '../sql/tables.ts';
import type { ReportKind } from './report-files.ts';

/**
 * The archive of generated reports (table report_archive, migration 0006): one row per kind and
 * period, naming the XLSX and CSV files under <dataDir>/reports/. Regenerating a period replaces
 * its row and files; the scheduler asks `archivedPeriods` before a run. The same statements run on
 * the hub's SQLite and on the central's PostgreSQL (hub/sql/central-sql.ts).
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

type ArchiveRow = Selectable<ReportArchiveTable>;

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

/** Every archived period of the given kinds, as `kind:periodKey`: read once, asked many times (the scheduler, a phone's answer). */
export async function archivedPeriods(sql: CentralSql, kinds: readonly ReportKind[]): Promise<ArchivedPeriods> {
  if (kinds.length === 0) return new ArchivedPeriods(new Set());
  const rows = await sql.db.selectFrom('report_archive').select(['kind', 'period_key']).where('kind', 'in', kinds).execute();
  return new ArchivedPeriods(new Set(rows.map((r) => `${r.kind}:${r.period_key}`)));
}

export class ArchivedPeriods {
  constructor(private readonly keys: ReadonlySet<string>) {}
  has(kind: ReportKind, periodKey: string): boolean {
    return this.keys.has(`${kind}:${periodKey}`);
  }
}

export async function recordArchived(sql: CentralSql, entry: Omit<ArchivedReport, 'id' | 'mailStatus' | 'mailDetail'>): Promise<ArchivedReport> {
  const row = await sql.db
    .insertInto('report_archive')
    .values({
      kind: entry.kind,
      period_key: entry.periodKey,
      period_label: entry.periodLabel,
      generated_at: entry.generatedAt,
      cause: entry.cause,
      xlsx_file: entry.xlsxFile,
      csv_file: entry.csvFile,
      mail_status: 'not-configured',
      mail_detail: null,
    })
    // Regenerating a period replaces its row: the files were just overwritten under the same names.
    .onConflict((oc) =>
      oc.columns(['kind', 'period_key']).doUpdateSet((eb) => ({
        period_label: eb.ref('excluded.period_label'),
        generated_at: eb.ref('excluded.generated_at'),
        cause: eb.ref('excluded.cause'),
        xlsx_file: eb.ref('excluded.xlsx_file'),
        csv_file: eb.ref('excluded.csv_file'),
        mail_status: 'not-configured',
        mail_detail: null,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return fromRow(row);
}

export async function recordMail(sql: CentralSql, id: number, status: MailStatus, detail: string | null): Promise<void> {
  await sql.db.updateTable('report_archive').set({ mail_status: status, mail_detail: detail }).where('id', '=', id).execute();
}

export async function listArchive(sql: CentralSql, limit = 500): Promise<ArchivedReport[]> {
  const rows = await sql.db.selectFrom('report_archive').selectAll().orderBy('generated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(fromRow);
}

export async function findArchived(sql: CentralSql, id: number): Promise<ArchivedReport | null> {
  const row = await sql.db.selectFrom('report_archive').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}
