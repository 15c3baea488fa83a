import type { ReportArchiveTable, OfficeSilenceNoticeTable, DeviceAlertNoticeTable, ConfigAlertNoticeTable, LowScoreAlertTable, PainTable, PainEvidenceTable, MeasureTable } from './tables-reports.ts';
import type { PhoneCampaignTable, PhoneCallTable, InterviewerRefusalTable, MsTemplateTable, MsVisitTable, MsAttachmentTable, MsAttachmentDataTable, InvitationCodeTable, InvitationUseTable, InvitationTable, InvitationDayTable, OfficeInvitationDayTable, RegisterReminderTable, RegisterEventTable, RegisterEntryTable, SurveyTable, SurveyVersionTable, SurveyOfferTable, StaffSurveyLinkTable, SurveyAnswerTable, SurveySummaryTable, SurveyTallyVersionTable, SurveyTallyTotalTable, SurveyTallyQuestionTable, SurveyTallyValueTable } from './tables-channels.ts';
import type { StaffUserTable, StaffRoleTable, StaffSessionTable, SetupLinkTable, AuditLogTable, OfficeKeyTable, HubRequestSeenTable, DeadLetterTable, OfficeSyncTable, SettingTable, ConfigRevisionTable, OfficeConfigReportTable, RegionalConfigStateTable, ServiceTable, PairingCodeTable, OfficeTable, DeviceTable, DeviceLinkTable, DeviceEventTable, DevicePanelTable, HeartbeatTable } from './tables-hub.ts';

export type * from './tables-reports.ts';
export type * from './tables-channels.ts';
export type * from './tables-hub.ts';

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
  heartbeat: HeartbeatTable;
  office_invitation_day: OfficeInvitationDayTable;
  survey_answer: SurveyAnswerTable;
  survey_summary: SurveySummaryTable;
  survey_tally_version: SurveyTallyVersionTable;
  survey_tally_total: SurveyTallyTotalTable;
  survey_tally_question: SurveyTallyQuestionTable;
  survey_tally_value: SurveyTallyValueTable;
}
