import type { Generated } from 'kysely';
import type { AttachmentType } from '../../shared/mystery-shopper-words.ts';

/**
 * Row types of the feedback channels' own tables (hub/sql/tables.ts lists them all): the phone survey,
 * the exit poll, the mystery shopper, invitations, the register, surveys and their staff links.
 */
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

/**
 * Central: what each office hub reported it issued, by Moscow day and channel; the greatest count wins
 * (hub/central/office-invitation-days.ts writes it in the receive transaction; SQLite 0016, PostgreSQL 0029).
 */
export interface OfficeInvitationDayTable {
  office_id: string;
  day: number;
  channel: 'visit-qr' | 'email-link';
  issued: number;
  reported_at: number;
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

/** Both roles: a built survey's answer (hub/db/record-rows.ts writes it; SQLite 0020, PostgreSQL 0028). `answers` the record's answers as JSON. */
export interface SurveyAnswerTable {
  id: string;
  office_id: string;
  device_id: string;
  born_at: number;
  received_at: number;
  survey_id: string;
  version: number;
  channel: string;
  complete: 0 | 1;
  answers: string;
}

/** Both roles: an exit poll's summary form (SQLite 0029, PostgreSQL 0028); `body` the record as sent, without receivedAt. */
export interface SurveySummaryTable {
  id: string;
  office_id: string;
  born_at: number;
  received_at: number;
  survey_id: string;
  version: number;
  period_from: string;
  period_to: string;
  body: string;
}

/** The running tally's counted versions (hub/surveys/tally-store.ts; SQLite 0025, PostgreSQL 0028). */
export interface SurveyTallyVersionTable {
  survey_id: string;
  version: number;
}

/** Answers and complete answers per version × office × channel. */
export interface SurveyTallyTotalTable {
  survey_id: string;
  version: number;
  office_id: string;
  channel: string;
  respondents: number;
  complete: number;
}

/** Per question: how many answered it and the sum of a scale's numbers. */
export interface SurveyTallyQuestionTable {
  survey_id: string;
  version: number;
  office_id: string;
  channel: string;
  question_id: string;
  answered: number;
  total: number;
}

/** Per value a question's answers take: how many chose it. */
export interface SurveyTallyValueTable {
  survey_id: string;
  version: number;
  office_id: string;
  channel: string;
  question_id: string;
  value: string;
  n: number;
}
