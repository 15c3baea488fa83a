import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Period } from '../../shared/periods.ts';
import type { Logger } from '../../shared/logger.ts';
import type { OfficeStore } from '../db/offices.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { recordArchived, recordMail, type ArchiveCause, type ArchivedReport } from './archive.ts';
import { sendFailureText, type Mailer } from '../mail/mailer.ts';
import { CONTENT_TYPE, REPORT_KIND_LABEL, reportFileName, renderReport, reportTable, type FigureReportKind, type ReportKind } from './report-files.ts';
import type { ReportTable } from './report-table.ts';
import type { RecordSource } from '../records/record-source.ts';
import type { ReportScope } from './scope.ts';

/**
 * Generates one report into the archive: both files written (to a temporary name, then renamed,
 * so a reader never sees half a file), the archive row recorded, then the e-mail attempted.
 * The mail comes last: a failed send leaves the report archived and says why in the archive.
 */
export interface ArchiveDeps {
  /** Where the archive's rows are (hub/sql/central-sql.ts). */
  sql: CentralSql;
  /** Where the figures' presses and responses are (the hub's SQLite, or the central's PostgreSQL). */
  records: RecordSource;
  /** The office directory (ctx.offices), listed at each report: an office renamed since start is named anew. */
  offices: Pick<OfficeStore, 'list'>;
  /** <dataDir>/reports */
  reportsDir: string;
  scope: ReportScope;
  logger: Logger;
  mailer: Mailer | null;
  recipients: readonly string[];
  /** Reports built outside hub/reports (the register's monthly report, on the central), by kind. */
  moreTables?: MoreReportTables;
}

export type MoreReportTables = Partial<Record<Exclude<ReportKind, FigureReportKind>, (period: Period, now: number) => ReportTable | Promise<ReportTable>>>;

async function tableFor(deps: ArchiveDeps, kind: ReportKind, period: Period, now: number): Promise<ReportTable> {
  if (kind === 'weekly-panel' || kind === 'monthly') return reportTable(deps.sql, deps.records, deps.offices.list(), kind, period, deps.scope, now);
  const build = deps.moreTables?.[kind];
  if (!build) throw new Error(`the report ${kind} is not built on this hub`);
  return build(period, now);
}

export const reportsDirOf = (dataDir: string): string => path.join(dataDir, 'reports');

function writeAtomically(file: string, content: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

export async function archiveReport(deps: ArchiveDeps, kind: ReportKind, period: Period, cause: ArchiveCause, now: number): Promise<ArchivedReport> {
  const table = await tableFor(deps, kind, period, now);
  const xlsx = await renderReport(table, 'xlsx', now);
  const csv = await renderReport(table, 'csv', now);
  const xlsxFile = path.join(kind, reportFileName(kind, period.key, 'xlsx'));
  const csvFile = path.join(kind, reportFileName(kind, period.key, 'csv'));
  writeAtomically(path.join(deps.reportsDir, xlsxFile), xlsx);
  writeAtomically(path.join(deps.reportsDir, csvFile), csv);
  const entry = await recordArchived(deps.sql, { kind, periodKey: period.key, periodLabel: period.label, generatedAt: now, cause, xlsxFile, csvFile });
  deps.logger.info({ kind, period: period.key, cause }, 'report archived');

  if (!deps.mailer || deps.recipients.length === 0) return entry;
  const sent = await deps.mailer.send({
    to: deps.recipients,
    subject: `${REPORT_KIND_LABEL[kind]}: ${period.label}`,
    text: `${table.title}.\n${table.subtitle}\n\nВо вложении таблица в форматах XLSX и CSV.\nПисьмо сформировано автоматически системой обратной связи ЦЗН Костромской области.`,
    attachments: [
      { filename: path.basename(xlsxFile), content: xlsx, contentType: CONTENT_TYPE.xlsx },
      { filename: path.basename(csvFile), content: csv, contentType: CONTENT_TYPE.csv },
    ],
  });
  if (sent.ok) await recordMail(deps.sql, entry.id, 'sent', `получателей: ${deps.recipients.length}`);
  else {
    await recordMail(deps.sql, entry.id, 'failed', sendFailureText(sent));
    deps.logger.warn({ kind, period: period.key, reason: sendFailureText(sent) }, 'report e-mail failed');
  }
  return { ...entry, mailStatus: sent.ok ? 'sent' : 'failed', mailDetail: sent.ok ? `получателей: ${deps.recipients.length}` : sendFailureText(sent) };
}
