import type { SurveyResults } from '../../shared/api/surveys.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyVersion } from '../../shared/surveys/definition.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { SurveyVersionStore } from '../db/survey-versions.ts';
import type { Queryable } from '../sql/queryable.ts';
import { surveyExists } from './survey-store.ts';
import { STAFF_SURVEY_MIN_GROUP } from '../../shared/surveys/staff-survey-template.ts';
import { MAX_TEXTS, questionResults } from './tally.ts';
import { ensureCounted, readNewestTexts, readTally, readTallyCountsBy } from './tally-store.ts';

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
  | { ok: true; results: SurveyResults; versions: number[]; chosen: SurveyVersion; byOffice: AnswerCount[]; byChannel: AnswerCount[] }
  | { ok: false; reason: 'not-found' | 'no-version' | 'small-group' };

/**
 * A survey's versions, oldest first (ctx.surveyVersions), or why there are none: no such survey, or
 * one not yet published. `publishedVersions` reads them (the survey table through CentralSql).
 */
export type PublishedVersions = readonly SurveyVersion[] | 'not-found' | 'no-version';

export async function publishedVersions(sql: Queryable, store: SurveyVersionStore, surveyId: string): Promise<PublishedVersions> {
  const versions = store.versionsOf(surveyId);
  if (versions.length > 0) return versions;
  return (await surveyExists(sql, surveyId)) ? 'no-version' : 'not-found';
}

/** Answers per survey and version (of one survey when given), from survey_answer. */
export async function countSurveyAnswers(sql: CentralSql, surveyId: string | null = null): Promise<Map<string, Map<number, number>>> {
  const rows = await sql.db
    .selectFrom('survey_answer')
    .select((eb) => ['survey_id', 'version', eb.fn.countAll<number | string>().as('n')])
    .$if(surveyId !== null, (qb) => qb.where('survey_id', '=', surveyId!))
    .groupBy(['survey_id', 'version'])
    .execute();
  const counts = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const bySurvey = counts.get(r.survey_id) ?? new Map<number, number>();
    bySurvey.set(Number(r.version), Number(r.n));
    counts.set(r.survey_id, bySurvey);
  }
  return counts;
}

/**
 * Read from the running tally (tally-store.ts): a version is counted once, the first
 * time its results are asked for, and kept up to date by every answer stored after.
 */
export async function readSurveyResults(sql: CentralSql, published: PublishedVersions, surveyId: string, filter: ResultsFilter): Promise<ResultsOutcome> {
  if (published === 'not-found' || published === 'no-version') return { ok: false, reason: published };
  const versions = published;
  const chosen = filter.version === null ? versions.at(-1)! : versions.find((v) => v.version === filter.version);
  if (!chosen) return { ok: false, reason: 'no-version' };
  const { definition } = chosen;
  await ensureCounted(sql, surveyId, chosen.version, definition);
  const cut = { officeId: filter.officeId, channel: filter.channel };
  const tally = await readTally(sql, surveyId, chosen.version, cut);
  // The staff survey is anonymous: no figure over fewer answers than its minimum group (staff-groups.ts).
  if (isStaffSurvey(chosen) && tally.respondents > 0 && tally.respondents < STAFF_SURVEY_MIN_GROUP) return { ok: false, reason: 'small-group' };
  const texts = new Map<string, string[]>();
  for (const question of definition.questions) {
    if (question.type === 'text') texts.set(question.id, await readNewestTexts(sql, surveyId, chosen.version, cut, question.id, false, MAX_TEXTS));
    if (question.type === 'multiple' && question.other) texts.set(question.id, await readNewestTexts(sql, surveyId, chosen.version, cut, question.id, true, MAX_TEXTS));
  }
  return {
    ok: true,
    versions: versions.map((v) => v.version),
    chosen,
    byOffice: await readTallyCountsBy(sql, surveyId, chosen.version, 'office_id'),
    byChannel: await readTallyCountsBy(sql, surveyId, chosen.version, 'channel'),
    results: {
      surveyId,
      version: chosen.version,
      title: definition.meta.title,
      officeId: filter.officeId,
      channel: filter.channel,
      respondents: tally.respondents,
      complete: tally.complete,
      targetN: definition.meta.targetN,
      questions: questionResults(definition, tally.questions, texts),
    },
  };
}

const isStaffSurvey = (version: SurveyVersion): boolean => version.definition.meta.places.includes('staff-link');

/** Every answer of the cut, newest first, for the XLSX's raw sheet; a staff survey's name no office (a small office's would stand apart). */
export async function readAnswerRows(sql: CentralSql, version: SurveyVersion, filter: ResultsFilter): Promise<AnswerRow[]> {
  const raw = await sql.db
    .selectFrom('survey_answer')
    .select(['id', 'office_id', 'channel', 'born_at', 'answers', 'complete'])
    .where('survey_id', '=', version.surveyId)
    .where('version', '=', version.version)
    .$if(filter.officeId !== null, (qb) => qb.where('office_id', '=', filter.officeId!))
    .$if(filter.channel !== null, (qb) => qb.where('channel', '=', filter.channel!))
    .orderBy('born_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const staff = isStaffSurvey(version);
  return raw.map((r) => ({ id: r.id, officeId: staff ? '' : r.office_id, channel: r.channel, bornAt: Number(r.born_at), complete: Number(r.complete) === 1, answers: JSON.parse(r.answers) as SurveyAnswers }));
}
