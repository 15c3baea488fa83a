import type { SurveyResults } from '../../shared/api/surveys.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { Db } from '../db/open.ts';
import { listSurveyVersions } from '../db/survey-versions.ts';
import { STAFF_SURVEY_MIN_GROUP } from '../../shared/surveys/staff-survey-template.ts';
import { tallyQuestions } from './tally.ts';

/**
 * The results of one version of a survey, for the whole region or one office. Always one version:
 * a later version may have changed a question's wording or options, and pooling them would count
 * answers to different questions as one.
 */
export type ResultsOutcome = { ok: true; results: SurveyResults; versions: number[] } | { ok: false; reason: 'not-found' | 'no-version' | 'small-group' };

export function readSurveyResults(db: Db, surveyId: string, options: { version: number | null; officeId: string | null }): ResultsOutcome {
  const versions = listSurveyVersions(db, surveyId);
  if (versions.length === 0) return { ok: false, reason: db.prepare('SELECT 1 FROM survey WHERE id = ?').get(surveyId) ? 'no-version' : 'not-found' };
  const chosen = options.version === null ? versions.at(-1)! : versions.find((v) => v.version === options.version);
  if (!chosen) return { ok: false, reason: 'no-version' };
  const rows = db
    .prepare(
      `SELECT answers, complete FROM survey_answer WHERE survey_id = ? AND version = ? AND (? IS NULL OR office_id = ?) ORDER BY born_at DESC, id DESC`,
    )
    .all(surveyId, chosen.version, options.officeId, options.officeId) as { answers: string; complete: 0 | 1 }[];
  // The staff survey is anonymous: no figure is shown over fewer answers than its minimum group (staff-groups.ts).
  if (chosen.definition.meta.places.includes('staff-link') && rows.length > 0 && rows.length < STAFF_SURVEY_MIN_GROUP) return { ok: false, reason: 'small-group' };
  const answers = rows.map((r) => JSON.parse(r.answers) as SurveyAnswers);
  return {
    ok: true,
    versions: versions.map((v) => v.version),
    results: {
      surveyId,
      version: chosen.version,
      title: chosen.definition.meta.title,
      officeId: options.officeId,
      respondents: rows.length,
      complete: rows.filter((r) => r.complete === 1).length,
      targetN: chosen.definition.meta.targetN,
      questions: tallyQuestions(chosen.definition, answers),
    },
  };
}
