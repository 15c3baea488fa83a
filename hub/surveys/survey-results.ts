import type { SurveyResults } from '../../shared/api/surveys.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyVersion } from '../../shared/surveys/definition.ts';
import type { Db } from '../db/open.ts';
import { listSurveyVersions } from '../db/survey-versions.ts';
import { STAFF_SURVEY_MIN_GROUP } from '../../shared/surveys/staff-survey-template.ts';
import { tallyQuestions } from './tally.ts';

/**
 * The results of one version of a survey, for the whole region or one office and one channel.
 * Always one version: a later version may have changed a question's wording or options, and
 * pooling them would count answers to different questions as one.
 */
export interface ResultsFilter {
  version: number | null;
  officeId: string | null;
  channel: string | null;
}

export interface AnswerCount {
  id: string;
  n: number;
}

/** One stored answer as the raw-answers sheet lists it. */
export interface AnswerRow {
  id: string;
  officeId: string;
  channel: string;
  bornAt: number;
  complete: boolean;
  answers: SurveyAnswers;
}

export type ResultsOutcome =
  | { ok: true; results: SurveyResults; versions: number[]; chosen: SurveyVersion; rows: AnswerRow[]; byOffice: AnswerCount[]; byChannel: AnswerCount[] }
  | { ok: false; reason: 'not-found' | 'no-version' | 'small-group' };

export function readSurveyResults(db: Db, surveyId: string, filter: ResultsFilter): ResultsOutcome {
  const versions = listSurveyVersions(db, surveyId);
  if (versions.length === 0) return { ok: false, reason: db.prepare('SELECT 1 FROM survey WHERE id = ?').get(surveyId) ? 'no-version' : 'not-found' };
  const chosen = filter.version === null ? versions.at(-1)! : versions.find((v) => v.version === filter.version);
  if (!chosen) return { ok: false, reason: 'no-version' };
  const raw = db
    .prepare(
      `SELECT id, office_id, channel, born_at, answers, complete FROM survey_answer
        WHERE survey_id = ? AND version = ? AND (? IS NULL OR office_id = ?) AND (? IS NULL OR channel = ?)
        ORDER BY born_at DESC, id DESC`,
    )
    .all(surveyId, chosen.version, filter.officeId, filter.officeId, filter.channel, filter.channel) as {
    id: string;
    office_id: string;
    channel: string;
    born_at: number;
    answers: string;
    complete: 0 | 1;
  }[];
  // The staff survey is anonymous: no figure over fewer answers than its minimum group (staff-groups.ts),
  // and its raw answers name no office (a small office's answers would stand apart).
  const staff = chosen.definition.meta.places.includes('staff-link');
  if (staff && raw.length > 0 && raw.length < STAFF_SURVEY_MIN_GROUP) return { ok: false, reason: 'small-group' };
  const rows: AnswerRow[] = raw.map((r) => ({ id: r.id, officeId: staff ? '' : r.office_id, channel: r.channel, bornAt: r.born_at, complete: r.complete === 1, answers: JSON.parse(r.answers) as SurveyAnswers }));
  const countBy = (column: 'office_id' | 'channel'): AnswerCount[] =>
    db.prepare(`SELECT ${column} AS id, count(*) AS n FROM survey_answer WHERE survey_id = ? AND version = ? GROUP BY ${column} ORDER BY ${column}`).all(surveyId, chosen.version) as AnswerCount[];
  return {
    ok: true,
    versions: versions.map((v) => v.version),
    chosen,
    rows,
    byOffice: countBy('office_id'),
    byChannel: countBy('channel'),
    results: {
      surveyId,
      version: chosen.version,
      title: chosen.definition.meta.title,
      officeId: filter.officeId,
      channel: filter.channel,
      respondents: rows.length,
      complete: rows.filter((r) => r.complete).length,
      targetN: chosen.definition.meta.targetN,
      questions: tallyQuestions(
        chosen.definition,
        rows.map((r) => r.answers),
      ),
    },
  };
}
