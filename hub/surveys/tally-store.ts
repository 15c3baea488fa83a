import { sql as rawSql, type Kysely } from 'kysely';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import { TALLY_LOCK, tallyIncrements, type TallyIncrements } from '../db/survey-tally-rows.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { Tables } from '../sql/tables.ts';

/**
 * The running tally of built surveys' answers, read through CentralSql (both databases): what the
 * results page reads instead of parsing every answer. Written as answers are stored (SQLite:
 * hub/db/survey-tally-rows.ts addToTally; PostgreSQL: hub/central-pg/survey-records-pg.ts), for
 * versions already counted; a version is counted from its stored answers the first time its results
 * are read (`ensureCounted`).
 */
export interface TallyCut {
  officeId: string | null;
  channel: string | null;
}

export interface TallyCounts {
  respondents: number;
  complete: number;
  questions: Map<string, { answered: number; sum: number; values: Map<string, number> }>;
}

const isCounted = async (db: Kysely<Tables>, surveyId: string, version: number): Promise<boolean> =>
  (await db.selectFrom('survey_tally_version').select('survey_id').where('survey_id', '=', surveyId).where('version', '=', version).executeTakeFirst()) !== undefined;

/** Rows per multi-row INSERT: well under SQLite's limit of bound parameters. */
const CHUNK = 500;
const chunks = <T>(rows: readonly T[]): T[][] => Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) => rows.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Counts a version from its stored answers unless it is counted already, in one transaction. On
 * PostgreSQL the count holds the advisory lock TALLY_LOCK exclusively, and a receive transaction
 * takes it shared after storing answers, before asking which versions are counted
 * (hub/central-pg/survey-records-pg.ts): an answer is then either in the count (its transaction
 * committed before the count read) or added to the tally by its own transaction (which waited for
 * the count to commit and then sees the version counted), never neither. On SQLite the
 * transaction's body runs without letting other statements in (central-sql.ts).
 */
export async function ensureCounted(sql: CentralSql, surveyId: string, version: number, definition: SurveyDefinition): Promise<void> {
  if (await isCounted(sql.db, surveyId, version)) return;
  await sql.transaction(async (trx) => {
    if (sql.dialect === 'postgres') await rawSql`SELECT pg_advisory_xact_lock(hashtext(${TALLY_LOCK}))`.execute(trx);
    if (await isCounted(trx, surveyId, version)) return;
    const rows = await trx.selectFrom('survey_answer').select(['office_id', 'channel', 'complete', 'answers']).where('survey_id', '=', surveyId).where('version', '=', version).execute();
    const inc = tallyIncrements(
      rows.map((r) => ({ surveyId, version, officeId: r.office_id, channel: r.channel, complete: Number(r.complete) === 1, answers: JSON.parse(r.answers) as SurveyAnswers })),
      () => definition,
    );
    for (const table of ['survey_tally_total', 'survey_tally_question', 'survey_tally_value'] as const) {
      await trx.deleteFrom(table).where('survey_id', '=', surveyId).where('version', '=', version).execute();
    }
    await insertIncrements(trx, inc);
    await trx.insertInto('survey_tally_version').values({ survey_id: surveyId, version }).execute();
  });
}

/** Writes a fresh count (no cell of the version is held: they were just deleted). */
async function insertIncrements(trx: Kysely<Tables>, inc: TallyIncrements): Promise<void> {
  for (const part of chunks(inc.totals)) {
    await trx
      .insertInto('survey_tally_total')
      .values(part.map((t) => ({ survey_id: t.surveyId, version: t.version, office_id: t.officeId, channel: t.channel, respondents: t.respondents, complete: t.complete })))
      .execute();
  }
  for (const part of chunks(inc.questions)) {
    await trx
      .insertInto('survey_tally_question')
      .values(part.map((q) => ({ survey_id: q.surveyId, version: q.version, office_id: q.officeId, channel: q.channel, question_id: q.questionId, answered: q.answered, total: q.sum })))
      .execute();
  }
  for (const part of chunks(inc.values)) {
    await trx
      .insertInto('survey_tally_value')
      .values(part.map((v) => ({ survey_id: v.surveyId, version: v.version, office_id: v.officeId, channel: v.channel, question_id: v.questionId, value: v.value, n: v.n })))
      .execute();
  }
}

/** The counts of one counted version for a cut (the region, an office, a channel). */
export async function readTally(sql: CentralSql, surveyId: string, version: number, cut: TallyCut): Promise<TallyCounts> {
  const total = await sql.db
    .selectFrom('survey_tally_total')
    .select((eb) => [eb.fn.sum<number | string | null>('respondents').as('respondents'), eb.fn.sum<number | string | null>('complete').as('complete')])
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .$if(cut.officeId !== null, (qb) => qb.where('office_id', '=', cut.officeId!))
    .$if(cut.channel !== null, (qb) => qb.where('channel', '=', cut.channel!))
    .executeTakeFirstOrThrow();
  const questions: TallyCounts['questions'] = new Map();
  const perQuestion = await sql.db
    .selectFrom('survey_tally_question')
    .select((eb) => ['question_id', eb.fn.sum<number | string>('answered').as('answered'), eb.fn.sum<number | string>('total').as('total')])
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .$if(cut.officeId !== null, (qb) => qb.where('office_id', '=', cut.officeId!))
    .$if(cut.channel !== null, (qb) => qb.where('channel', '=', cut.channel!))
    .groupBy('question_id')
    .execute();
  for (const q of perQuestion) questions.set(q.question_id, { answered: Number(q.answered), sum: Number(q.total), values: new Map() });
  const perValue = await sql.db
    .selectFrom('survey_tally_value')
    .select((eb) => ['question_id', 'value', eb.fn.sum<number | string>('n').as('n')])
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .$if(cut.officeId !== null, (qb) => qb.where('office_id', '=', cut.officeId!))
    .$if(cut.channel !== null, (qb) => qb.where('channel', '=', cut.channel!))
    .groupBy(['question_id', 'value'])
    .execute();
  for (const v of perValue) questions.get(v.question_id)?.values.set(v.value, Number(v.n));
  return { respondents: Number(total.respondents ?? 0), complete: Number(total.complete ?? 0), questions };
}

/** Answers per office or per channel of one counted version (the results page's side tables), in the column's order. */
export async function readTallyCountsBy(sql: CentralSql, surveyId: string, version: number, column: 'office_id' | 'channel'): Promise<{ id: string; n: number }[]> {
  const rows = await sql.db
    .selectFrom('survey_tally_total')
    .select((eb) => [eb.ref(column).as('id'), eb.fn.sum<number | string>('respondents').as('n')])
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .groupBy(column)
    .orderBy(column)
    .execute();
  return rows.map((r) => ({ id: r.id, n: Number(r.n) }));
}

/**
 * The newest `limit` texts of one question in a cut (`other`: a multiple choice's «другое»), straight
 * from the answers: read newest first a page at a time through the index on (survey, version,
 * born_at, id) and stopped at the limit, so a question answered in words by one in four reads about
 * 4 × limit rows, not every answer. The answers are parsed here, the same on both databases.
 * `page`: rows read per statement (the tests make it small).
 */
export async function readNewestTexts(sql: CentralSql, surveyId: string, version: number, cut: TallyCut, questionId: string, other: boolean, limit: number, page = Math.max(100, limit * 4)): Promise<string[]> {
  const texts: string[] = [];
  // Only a row whose text holds the question's key (or «other») followed by a string can hold such
  // words: the others are not parsed (what that saves is most of the reading).
  const key = (other ? 'other' : questionId).replace(/[.*+?^$|()[\]{}\\]/g, '\\$&');
  const mayHold = new RegExp('"' + key + '"\\s*:\\s*"');
  let after: { bornAt: number; id: string } | null = null;
  while (texts.length < limit) {
    const from: { bornAt: number; id: string } | null = after;
    const rows: { id: string; born_at: number; answers: string }[] = await sql.db
      .selectFrom('survey_answer')
      .select(['id', 'born_at', 'answers'])
      .where('survey_id', '=', surveyId)
      .where('version', '=', version)
      .$if(cut.officeId !== null, (qb) => qb.where('office_id', '=', cut.officeId!))
      .$if(cut.channel !== null, (qb) => qb.where('channel', '=', cut.channel!))
      .$if(from !== null, (qb) => qb.where((eb) => eb.or([eb('born_at', '<', from!.bornAt), eb.and([eb('born_at', '=', from!.bornAt), eb('id', '<', from!.id)])])))
      .orderBy('born_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page)
      .execute();
    for (const r of rows) {
      if (!mayHold.test(r.answers)) continue;
      const text = textOf(JSON.parse(r.answers) as SurveyAnswers, questionId, other);
      if (text !== null) texts.push(text);
      if (texts.length === limit) break;
    }
    if (rows.length < page) break;
    const last = rows.at(-1)!;
    after = { bornAt: Number(last.born_at), id: last.id };
  }
  return texts;
}

/** A question's words in one answer: a text answer, or a multiple choice's «другое». */
function textOf(answers: SurveyAnswers, questionId: string, other: boolean): string | null {
  const value = Object.hasOwn(answers, questionId) ? answers[questionId] : undefined;
  if (!other) return typeof value === 'string' ? value : null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const words = (value as { other?: unknown }).other;
  return typeof words === 'string' ? words : null;
}
