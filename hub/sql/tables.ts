import type { Generated } from 'kysely';
import type { AttachmentType } from '../../shared/mystery-shopper-words.ts';
import type { Role } from '../../shared/roles.ts';
import type { DeviceKind, RecordKind } from '../../shared/records.ts';
import type { REGISTER_RECORD_KIND } from '../../shared/register.ts';
import type { LinkEventKind } from '../../shared/protocol/board.ts';

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
  office_silence_notice: OfficeSilenceNoticeTable;
  device_alert_notice: DeviceAlertNoticeTable;
  config_alert_notice: ConfigAlertNoticeTable;
  low_score_alert: LowScoreAlertTable;
  phone_campaign: PhoneCampaignTable;
  phone_call: PhoneCallTable;
  interviewer_refusal: InterviewerRefusalTable;
  pain: PainTable;
  pain_evidence: PainEvidenceTable;
  measure: MeasureTable;
  staff_user: StaffUserTable;
  staff_role: StaffRoleTable;
  staff_session: StaffSessionTable;
  setup_link: SetupLinkTable;
  ms_template: MsTemplateTable;
  ms_visit: MsVisitTable;
  ms_attachment: MsAttachmentTable;
  ms_attachment_data: MsAttachmentDataTable;
  audit_log: AuditLogTable;
  office_key: OfficeKeyTable;
  hub_request_seen: HubRequestSeenTable;
  office_sync: OfficeSyncTable;
  dead_letter: DeadLetterTable;
  setting: SettingTable;
  config_revision: ConfigRevisionTable;
  office_config_report: OfficeConfigReportTable;
  regional_config_state: RegionalConfigStateTable;
  service: ServiceTable;
  invitation_code: InvitationCodeTable;
  invitation_use: InvitationUseTable;
  register_reminder: RegisterReminderTable;
  pairing_code: PairingCodeTable;
  office: OfficeTable;
  invitation: InvitationTable;
  invitation_day: InvitationDayTable;
  register_event: RegisterEventTable;
  register_entry: RegisterEntryTable;
  survey: SurveyTable;
  survey_version: SurveyVersionTable;
  survey_offer: SurveyOfferTable;
  staff_survey_link: StaffSurveyLinkTable;
  device: DeviceTable;
  device_link: DeviceLinkTable;
  device_event: DeviceEventTable;
  device_panel: DevicePanelTable;
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

/** The phone survey's campaigns (SQLite 0022, PostgreSQL 0011); closing one deletes its numbers. */
export interface PhoneCampaignTable {
  id: string;
  title: string;
  script: string;
  created_at: number;
  created_by: string;
  closed_at: number | null;
}

/** One client to call; `phone` is null once the campaign is closed. */
export interface PhoneCallTable {
  id: Generated<number>;
  campaign_id: string;
  office_id: string;
  phone: string | null;
  service_date: string;
  status: Generated<'pending' | 'answered' | 'refused' | 'no-answer' | 'call-back'>;
  attempts: Generated<number>;
  call_back_at: number | null;
  updated_at: number | null;
  updated_by: string | null;
  response_id: string | null;
}

/** The exit poll's «отказался отвечать» taps, on an office hub (SQLite 0029, PostgreSQL 0011). */
export interface InterviewerRefusalTable {
  id: string;
  office_id: string;
  survey_id: string;
  version: number;
  born_at: number;
  received_at: number;
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

/** Staff accounts (hub/staff/users.ts). SQLite's login is COLLATE NOCASE; the stores compare lower(login). */
export interface StaffUserTable {
  id: Generated<number>;
  login: string;
  display_name: string;
  password_hash: string | null;
  password_changed_at: number | null;
  created_at: number;
  disabled_at: number | null;
  source: Generated<'local' | 'central'>;
}

/** office_id '' for a role that covers every office. */
export interface StaffRoleTable {
  user_id: number;
  role: Role;
  office_id: string;
}

/** Sessions (hub/staff/sessions.ts): only the sha256 of the cookie's id is kept. */
export interface StaffSessionTable {
  id_hash: Buffer;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

/** One-time links to set a password (hub/staff/setup-links.ts), by the sha256 of their token. */
export interface SetupLinkTable {
  token_hash: Buffer;
  user_id: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** The mystery shopper (SQLite 0028, PostgreSQL 0014): a checklist template in one version. */
export interface MsTemplateTable {
  id: string;
  family_id: string;
  version: number;
  name: string;
  goals: string;
  scenario: string;
  /** JSON [{ id, text, group, weight }] */
  criteria: string;
  content_key: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface MsVisitTable {
  id: string;
  template_id: string;
  office_id: string;
  visited_on: string;
  visited_time: string | null;
  scenario: string;
  shopper: string;
  /** JSON [{ criterionId, mark, note }] */
  marks: string;
  notes: string;
  conclusions: string;
  proposals: string;
  score: number;
  body: string;
  revision: Generated<number>;
  register_entry_id: string | null;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
  approved_by: string | null;
  approved_at: number | null;
}

export interface MsAttachmentTable {
  id: string;
  visit_id: string;
  name: string;
  type: AttachmentType;
  size: number;
  sha256: string;
  added_by: string;
  added_at: number;
}

/** The bytes apart (BLOB on SQLite, bytea on PostgreSQL; a Buffer from both). */
export interface MsAttachmentDataTable {
  attachment_id: string;
  data: Buffer;
}

/** The audit log (SQLite 0007, PostgreSQL 0001 and 0016): append-only, numbered by seq. */
export interface AuditLogTable {
  seq: Generated<number>;
  at: number;
  actor: string;
  /** One of shared/audit-actions.ts. */
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
}

/** Office hub keys (hub/central/office-keys.ts; SQLite 0003, PostgreSQL 0015): the secret as issued, HMAC needs it. */
export interface OfficeKeyTable {
  key_id: string;
  office_id: string;
  secret: string;
  created_at: number;
  revoked_at: number | null;
}

/** Signatures the central accepted (hub/central/replay-cache.ts), until their clock window ends. */
export interface HubRequestSeenTable {
  signature: string;
  expires_at: number;
}

/** Records a hub refused: the same id held with another body (hub/ingest/dead-letters.ts; SQLite 0001, PostgreSQL 0001 + 0027). */
export interface DeadLetterTable {
  seq: Generated<number>;
  record_id: string;
  kind: RecordKind | typeof REGISTER_RECORD_KIND;
  reason: string;
  body: string;
  source: string;
  received_at: number;
}

/** Each office hub's forwarding as the central last saw it (hub/central/office-sync.ts; SQLite 0003 + 0017, PostgreSQL 0001 + 0026). */
export interface OfficeSyncTable {
  office_id: string;
  last_sync_at: number;
  lag_ms: number;
  records_received: number;
  batches_received: number;
  backlog_reported: number;
  backlog_oldest_at: number | null;
  key_id: string;
  storage_state: 'ok' | 'warning' | 'critical' | null;
  storage_free_bytes: number | null;
  storage_total_bytes: number | null;
}

/** Settings staff change at run time (SQLite 0012, PostgreSQL 0017): one JSON value per key. */
export interface SettingTable {
  key: string;
  value: string;
  updated_at: number;
  updated_by: string;
}

/** Central: one row per saved regional change (hub/regional-config/revisions.ts), numbered 1, 2, 3… */
export interface ConfigRevisionTable {
  revision: number;
  changed_at: number;
  actor: string;
  what: string;
}

/** Central: the revision each office hub last said it holds. */
export interface OfficeConfigReportTable {
  office_id: string;
  revision: number;
  reported_at: number;
}

/** Office hub: the one row (id 1) of the revision applied and the last pull (hub/db/regional-config-state.ts). */
export interface RegionalConfigStateTable {
  id: number;
  revision: number | null;
  schema_version: number | null;
  changed_at: number | null;
  applied_at: number | null;
  last_pull_at: number | null;
  last_error_code: string | null;
  last_error: string | null;
  last_error_at: number | null;
}

/** The kiosk's list of services (hub/db/services.ts, SQLite 0004, PostgreSQL 0018); active 0 or 1. */
export interface ServiceTable {
  id: string;
  name: string;
  position: number;
  active: number;
}

/** Central: a short code's sha256 → the signed invitation it stands for (hub/invitations/code-store.ts; SQLite 0014, PostgreSQL 0019). */
export interface InvitationCodeTable {
  code_hash: Buffer;
  token: string;
  office_id: string;
  expires_at: number;
  registered_at: number;
}

/** Central: spent invitations, by the token's sha256 (hub/invitations/invitation-store.ts; SQLite 0008, PostgreSQL 0019). */
export interface InvitationUseTable {
  token_hash: Buffer;
  office_id: string;
  response_id: string;
  used_at: number;
}

/** Central: the register's due-date reminders that were mailed (hub/register/register-reminders.ts; SQLite 0024, PostgreSQL 0021). */
export interface RegisterReminderTable {
  entry_id: string;
  what: string;
  due_on: string;
  kind: 'before' | 'missed';
  sent_at: number;
}

/** A device's one-time pairing code, by its sha256 (hub/staff/device-pairing.ts; SQLite 0007, PostgreSQL 0021). */
export interface PairingCodeTable {
  code_hash: Buffer;
  device_id: string;
  office_id: string;
  kind: 'panel-driver' | 'kiosk';
  name: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** The office directory (hub/db/offices.ts, read from memory as ctx.offices; SQLite 0001, PostgreSQL 0020). */
export interface OfficeTable {
  id: string;
  name: string;
  kind: 'otdelenie' | 'otdel';
  address: string;
  position: number;
  closed_at: number | null;
}

/** Office hub: the invitations it issued, by the token's sha256 (hub/invitations/invitation-store.ts; SQLite 0008, PostgreSQL 0022). */
export interface InvitationTable {
  token_hash: Buffer;
  office_id: string;
  channel: 'visit-qr' | 'email-link';
  desk: string | null;
  service_id: string | null;
  issued_by: string;
  issued_at: number;
  expires_at: number;
}

/** Office hub: invitations per Moscow day and channel, kept by a trigger on invitation (hub/forward/issued-days.ts; SQLite 0016, PostgreSQL 0022). */
export interface InvitationDayTable {
  day: number;
  channel: 'visit-qr' | 'email-link';
  issued: number;
  forwarded: Generated<number>;
}

/** One register event as typed (hub/db/register-rows.ts): `body` is its canonical JSON without receivedAt. */
export interface RegisterEventTable {
  id: string;
  entry_id: string;
  office_id: string;
  step: string;
  born_at: number;
  received_at: number;
  body: string;
}

/** The fold of an entry's events; `view` its JSON (no author), `words` its folded text for the search. */
export interface RegisterEntryTable {
  id: string;
  office_id: string;
  channel: string;
  received_on: string;
  tone: string;
  status: string;
  due_on: string | null;
  remind_on: string | null;
  born_at: number;
  view: string;
  words: string;
  taken_from: string | null;
}

/** Central: a survey being built, its draft as JSON (hub/surveys/survey-store.ts; SQLite 0020, PostgreSQL 0024). */
export interface SurveyTable {
  id: string;
  draft: string;
  created_at: number;
  created_by: string;
  draft_changed_at: number;
  draft_changed_by: string;
}

/** Both roles: frozen survey versions (hub/db/survey-versions.ts, read from memory as ctx.surveyVersions; SQLite 0020, PostgreSQL 0024). */
export interface SurveyVersionTable {
  survey_id: string;
  version: number;
  published_at: number;
  definition: string;
}

/** Office hub: the version of each survey on offer (hub/db/survey-versions.ts; SQLite 0020, PostgreSQL 0024). */
export interface SurveyOfferTable {
  survey_id: string;
  version: number;
}

/** Central: the staff survey's one-time links by the token's sha256 (hub/surveys/staff-links.ts; SQLite 0021, PostgreSQL 0024). */
export interface StaffSurveyLinkTable {
  token_hash: Buffer;
  survey_id: string;
  office_id: string;
  spent: Generated<0 | 1>;
}

/** Both roles: registered devices by their token's sha256 (hub/devices/credentials.ts, read from memory as ctx.devices; SQLite 0001, PostgreSQL 0025). */
export interface DeviceTable {
  id: string;
  office_id: string;
  kind: DeviceKind;
  name: string;
  token_hash: Buffer;
  created_at: number;
  revoked_at: number | null;
}

/** Both roles: the board's link state of a device ('' panel) and its panels (hub/devices/link-store.ts; SQLite 0002, PostgreSQL 0025). */
export interface DeviceLinkTable {
  office_id: string;
  device_id: string;
  panel_id: string;
  online: 0 | 1;
  since: number;
  disconnects: number | null;
}

/** Both roles: the board's disconnect history, newest by seq, HISTORY_KEPT per device (hub/devices/link-store.ts; SQLite 0002, PostgreSQL 0025). */
export interface DeviceEventTable {
  seq: Generated<number>;
  office_id: string;
  device_id: string;
  panel_id: string;
  kind: LinkEventKind;
  at: number;
  cause: string;
}

/** Both roles: every panel of an office and the driver that last reported it (hub/devices/link-store.ts; SQLite 0002, PostgreSQL 0025). */
export interface DevicePanelTable {
  office_id: string;
  panel_id: string;
  device_id: string;
  first_seen_at: number;
}
