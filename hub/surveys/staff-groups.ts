import type { StaffGroupsResponse } from '../../shared/api/staff-survey.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import { STAFF_SURVEY_MIN_GROUP } from '../../shared/surveys/staff-survey-template.ts';
import type { OfficeRow } from '../db/offices.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { PublishedVersions } from './survey-results.ts';
import { tallyQuestions } from './tally.ts';

/**
 * The staff survey's results by office (seed 001 §5): an office is shown only when at least
 * STAFF_SURVEY_MIN_GROUP of its staff answered; the smaller ones are pooled as «прочие», which is
 * itself shown only when the pool reaches the minimum. Texts are listed per group like any result,
 * so a group's comments are never read apart from at least four others.
 */
export type GroupsOutcome = { ok: true; body: StaffGroupsResponse } | { ok: false; reason: 'not-found' | 'no-version' };

/** `published`: the survey's versions as publishedVersions (survey-results.ts) reads them. */
export async function readStaffGroups(sql: CentralSql, offices: readonly OfficeRow[], published: PublishedVersions, surveyId: string, version: number | null): Promise<GroupsOutcome> {
  if (published === 'not-found' || published === 'no-version') return { ok: false, reason: published };
  const versions = published;
  const chosen = version === null ? versions.at(-1)! : versions.find((v) => v.version === version);
  if (!chosen) return { ok: false, reason: 'no-version' };
  const rows = await sql.db
    .selectFrom('survey_answer')
    .select(['office_id', 'answers'])
    .where('survey_id', '=', surveyId)
    .where('version', '=', chosen.version)
    .where('channel', '=', 'staff-link')
    .orderBy('born_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const byOffice = new Map<string, SurveyAnswers[]>();
  for (const row of rows) byOffice.set(row.office_id, [...(byOffice.get(row.office_id) ?? []), JSON.parse(row.answers) as SurveyAnswers]);
  const names = new Map(offices.map((o) => [o.id, o.name] as const));
  const groups: StaffGroupsResponse['groups'] = [];
  const pooled: SurveyAnswers[] = [];
  for (const [officeId, answers] of [...byOffice].sort(([a], [b]) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b, 'ru'))) {
    if (answers.length >= STAFF_SURVEY_MIN_GROUP) {
      groups.push({ officeId, label: names.get(officeId) ?? officeId, respondents: answers.length, questions: tallyQuestions(chosen.definition, answers) });
    } else pooled.push(...answers);
  }
  let withheld = 0;
  if (pooled.length >= STAFF_SURVEY_MIN_GROUP) groups.push({ officeId: null, label: 'прочие', respondents: pooled.length, questions: tallyQuestions(chosen.definition, pooled) });
  else withheld = pooled.length;
  return { ok: true, body: { ok: true, version: chosen.version, minGroup: STAFF_SURVEY_MIN_GROUP, groups, withheld } };
}
