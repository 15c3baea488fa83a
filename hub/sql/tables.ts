import type { Generated } from 'kysely';

/**
 * The tables the central's stores reach through CentralSql (central-sql.ts), as both databases hold
 * them: the SQLite migrations (hub/migrations/) and the PostgreSQL ones (hub/migrations-pg/) make
 * the same columns with the same meaning. Times are epoch milliseconds UTC on both.
 *
 * A table joins this list when its store moves onto CentralSql (docs/central-postgres.md, "The rest
 * of the central"); the stores not yet moved still use the hub's better-sqlite3 handle directly.
 */
export interface Tables {
  report_archive: ReportArchiveTable;
}

export interface ReportArchiveTable {
  id: Generated<number>;
  kind: 'weekly-panel' | 'monthly' | 'register-monthly';
  period_key: string;
  period_label: string;
  generated_at: number;
  cause: 'schedule' | 'on-demand';
  xlsx_file: string;
  csv_file: string;
  mail_status: 'not-configured' | 'sent' | 'failed';
  mail_detail: string | null;
}
