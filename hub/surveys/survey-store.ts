import { randomBytes } from 'node:crypto';
import type { SurveyDefinition, SurveyVersion } from '../../shared/surveys/definition.ts';
import { toInstant } from '../../shared/time.ts';
import type { Db } from '../db/open.ts';
import { keepSurveyVersion, listSurveyVersions } from '../db/survey-versions.ts';

/**
 * The CX sector's surveys on the central: a draft per survey, and publishing, which freezes the
 * draft as the next version (hub/db/survey-versions.ts). Publishing a draft equal to the newest
 * version makes no new version: answers would be split for nothing.
 */
export interface SurveySummary {
  id: string;
  title: string;
  draftChangedAt: number;
  draftChangedBy: string;
  /** The newest version, null before the first publishing. */
  latestVersion: number | null;
  /** The draft holds changes not yet published. */
  unpublished: boolean;
  answers: number;
  /** The newest version's period and target (the draft's before the first publishing). */
  period: { from: string; to: string };
  targetN: number | null;
  /** Answers to the newest version: the progress toward its target. */
  latestAnswers: number;
}

export interface SurveyDetail extends SurveySummary {
  draft: SurveyDefinition;
  versions: SurveyVersion[];
}

interface SurveyRow {
  id: string;
  draft: string;
  draft_changed_at: number;
  draft_changed_by: string;
  latest: number | null;
  latest_definition: string | null;
  answers: number;
  latest_answers: number;
}

const SELECT_SURVEYS = `SELECT s.id, s.draft, s.draft_changed_at, s.draft_changed_by,
    (SELECT max(version) FROM survey_version v WHERE v.survey_id = s.id) AS latest,
    (SELECT definition FROM survey_version v WHERE v.survey_id = s.id ORDER BY version DESC LIMIT 1) AS latest_definition,
    (SELECT count(*) FROM survey_answer a WHERE a.survey_id = s.id) AS answers,
    (SELECT count(*) FROM survey_answer a WHERE a.survey_id = s.id
      AND a.version = (SELECT max(version) FROM survey_version v WHERE v.survey_id = s.id)) AS latest_answers
  FROM survey s`;

function summaryFrom(row: SurveyRow): SurveySummary {
  const draft = JSON.parse(row.draft) as SurveyDefinition;
  const shown = row.latest_definition === null ? draft : (JSON.parse(row.latest_definition) as SurveyDefinition);
  return {
    id: row.id,
    title: draft.meta.title,
    draftChangedAt: row.draft_changed_at,
    draftChangedBy: row.draft_changed_by,
    latestVersion: row.latest,
    unpublished: row.latest_definition === null || row.latest_definition !== row.draft,
    answers: row.answers,
    period: shown.meta.period,
    targetN: shown.meta.targetN,
    latestAnswers: row.latest_answers,
  };
}

export function listSurveys(db: Db): SurveySummary[] {
  return (db.prepare(`${SELECT_SURVEYS} ORDER BY s.created_at DESC`).all() as SurveyRow[]).map(summaryFrom);
}

export function readSurvey(db: Db, id: string): SurveyDetail | null {
  const row = db.prepare(`${SELECT_SURVEYS} WHERE s.id = ?`).get(id) as SurveyRow | undefined;
  if (!row) return null;
  return { ...summaryFrom(row), draft: JSON.parse(row.draft) as SurveyDefinition, versions: listSurveyVersions(db, id) };
}

export function createSurvey(db: Db, definition: SurveyDefinition, actor: string, now: number): string {
  const id = `s-${randomBytes(5).toString('hex')}`;
  db.prepare('INSERT INTO survey (id, draft, created_at, created_by, draft_changed_at, draft_changed_by) VALUES (?, ?, ?, ?, ?, ?)').run(id, JSON.stringify(definition), now, actor, now, actor);
  return id;
}

/** false when there is no such survey. */
export function saveDraft(db: Db, id: string, definition: SurveyDefinition, actor: string, now: number): boolean {
  return db.prepare('UPDATE survey SET draft = ?, draft_changed_at = ?, draft_changed_by = ? WHERE id = ?').run(JSON.stringify(definition), now, actor, id).changes === 1;
}

export type PublishResult = { ok: true; version: SurveyVersion; created: boolean } | { ok: false; reason: 'not-found' };

/** Freezes the draft as the next version; call inside the transaction that bumps the regional revision. */
export function publishDraft(db: Db, id: string, now: number): PublishResult {
  const row = db.prepare(`${SELECT_SURVEYS} WHERE s.id = ?`).get(id) as SurveyRow | undefined;
  if (!row) return { ok: false, reason: 'not-found' };
  const definition = JSON.parse(row.draft) as SurveyDefinition;
  if (row.latest !== null && row.latest_definition === row.draft) {
    const held = listSurveyVersions(db, id).at(-1)!;
    return { ok: true, version: held, created: false };
  }
  const version: SurveyVersion = { surveyId: id, version: (row.latest ?? 0) + 1, publishedAt: toInstant(now), definition };
  keepSurveyVersion(db, version);
  return { ok: true, version, created: true };
}
