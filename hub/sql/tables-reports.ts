import type { Generated } from 'kysely';

/**
 * Row types of the central's reports, alerts and analysis tables (hub/sql/tables.ts lists them all):
 * the report archive, outage notices, low-score alerts, the pain map and its measures.
 */
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

/** Outage notices (hub/mail/outage-notices.ts): one row per outage mailed and not yet cleared. */
export interface OfficeSilenceNoticeTable {
  office_id: string;
  /** The office's last delivery when the alert went out (null: it had never delivered). */
  last_sync_at: number | null;
  alerted_at: number;
}

export interface DeviceAlertNoticeTable {
  alert_key: string;
  kind: 'device-offline' | 'panel-offline' | 'disk-full';
  device_id: string;
  panel_id: string | null;
  message: string;
  alerted_at: number;
}

export interface ConfigAlertNoticeTable {
  alert_key: string;
  message: string;
  alerted_at: number;
}

/** Low-score alerts (hub/alerts/low-score-alerts.ts). */
export interface LowScoreAlertTable {
  id: Generated<number>;
  office_id: string;
  rule_key: string;
  rule_text: string;
  window_start: number;
  window_end: number;
  presses: number;
  low_presses: number;
  raised_at: number;
  mail_status: 'not-configured' | 'sent' | 'failed';
  mail_detail: string | null;
}

/** The pain map (SQLite 0023, PostgreSQL 0012): hub/pain-map/pain-store.ts. Dates are YYYY-MM-DD, Moscow. */
export interface PainTable {
  id: string;
  quarter: string;
  process: string;
  office_id: string | null;
  title: string;
  description: string;
  priority: 'high' | 'medium' | 'low';
  topic_id: string | null;
  status: 'open' | 'in-work' | 'resolved' | 'dropped';
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface PainEvidenceTable {
  id: Generated<number>;
  pain_id: string;
  kind: 'comment' | 'figure' | 'register-entry' | 'note';
  ref: string | null;
  text: string;
  added_by: string;
  added_at: number;
}

export interface MeasureTable {
  id: string;
  pain_id: string;
  office_id: string | null;
  text: string;
  owner: string;
  due_on: string;
  started_on: string;
  status: 'planned' | 'in-progress' | 'done' | 'cancelled';
  done_on: string | null;
  target: 'panel' | 'csat' | 'nps' | 'ces' | 'negative';
  review: string | null;
  reviewed_by: string | null;
  reviewed_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}
