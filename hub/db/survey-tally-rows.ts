import { answerContributions } from '../../shared/surveys/answer-tally.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import type { Db } from './open.ts';
import { cachedStatement } from './statement-cache.ts';
import type { SurveyVersionLookup } from './survey-versions.ts';

/**
 * The running tally of built surveys' answers (migration 0025): what the results page reads instead
 * of parsing every answer. Every stored answer is added in the transaction that stores it
 * (record-rows.ts, the staff survey's form), for versions already counted; a version is counted
 * from its stored answers the first time its results are read. Counts per version × office ×
 * channel, so every cut the page offers is a sum of a few hundred rows.
 */
export interface TalliedAnswer {
  surveyId: string;
  version: number;
  officeId: string;
  channel: string;
  complete: boolean;
  answers: SurveyAnswers;
}

export interface TallyCut {
  officeId: string | null;
  channel: string | null;
}

export interface TallyCounts {
  respondents: number;
  complete: number;
  questions: Map<string, { answered: number; sum: number; values: Map<string, number> }>;
}


const isCounted = (db: Db, surveyId: string, version: number): boolean =>
  cachedStatement(db, 'SELECT 1 FROM survey_tally_version WHERE survey_id = ? AND version = ?').get(surveyId, version) !== undefined;

function count(db: Db, definition: SurveyDefinition, a: TalliedAnswer): void {
  const key = [a.surveyId, a.version, a.officeId, a.channel] as const;
  cachedStatement(
    db,
    `INSERT INTO survey_tally_total (survey_id, version, office_id, channel, respondents, complete) VALUES (?, ?, ?, ?, 1, ?)
     ON CONFLICT DO UPDATE SET respondents = respondents + 1, complete = complete + excluded.complete`,
  ).run(...key, a.complete ? 1 : 0);
  const question = cachedStatement(
    db,
    `INSERT INTO survey_tally_question (survey_id, version, office_id, channel, question_id, answered, total) VALUES (?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT DO UPDATE SET answered = answered + 1, total = total + excluded.total`,
  );
  const value = cachedStatement(
    db,
    `INSERT INTO survey_tally_value (survey_id, version, office_id, channel, question_id, value, n) VALUES (?, ?, ?, ?, ?, ?, 1)
     ON CONFLICT DO UPDATE SET n = n + 1`,
  );
  for (const c of answerContributions(definition, a.answers)) {
    question.run(...key, c.questionId, c.sum);
    for (const v of c.values) value.run(...key, c.questionId, v);
  }
}

/**
 * Adds a just-stored answer to its version's tally, if that version is counted yet. Call inside the
 * storing transaction. `surveys` finds the version's definition (ctx.surveyVersions.lookup); a store
 * given none (one that only reads records) must not store survey answers.
 */
export function addToTally(db: Db, answer: TalliedAnswer, surveys: SurveyVersionLookup | null): void {
  if (!isCounted(db, answer.surveyId, answer.version)) return;
  if (!surveys) throw new Error('survey answer stored by a record store opened without the survey versions');
  const definition = surveys(answer.surveyId, answer.version);
  if (definition) count(db, definition, answer);
}

/**
 * Counts a version from its stored answers unless it is counted already. The answers are summed in
 * memory while SQLite walks them (no write may run while a statement is being iterated), then the
 * sums are written in one go.
 */
export function ensureCounted(db: Db, surveyId: string, version: number, definition: SurveyDefinition): void {
  if (!isCounted(db, surveyId, version)) db.transaction(() => countVersion(db, surveyId, version, definition)).immediate();
}

function countVersion(db: Db, surveyId: string, version: number, definition: SurveyDefinition): void {
  const totals = new Map<string, { respondents: number; complete: number }>();
  const questions = new Map<string, { answered: number; sum: number }>();
  const values = new Map<string, number>();
  const rows = db.prepare('SELECT office_id, channel, complete, answers FROM survey_answer WHERE survey_id = ? AND version = ?').iterate(surveyId, version) as Iterable<{
    office_id: string;
    channel: string;
    complete: 0 | 1;
    answers: string;
  }>;
  for (const r of rows) {
    const cut = `${r.office_id}\u0000${r.channel}`;
    const total = totals.get(cut) ?? { respondents: 0, complete: 0 };
    total.respondents++;
    total.complete += r.complete;
    totals.set(cut, total);
    for (const c of answerContributions(definition, JSON.parse(r.answers) as SurveyAnswers)) {
      const q = questions.get(`${cut}\u0000${c.questionId}`) ?? { answered: 0, sum: 0 };
      q.answered++;
      q.sum += c.sum;
      questions.set(`${cut}\u0000${c.questionId}`, q);
      for (const v of c.values) {
        const key = `${cut}\u0000${c.questionId}\u0000${v}`;
        values.set(key, (values.get(key) ?? 0) + 1);
      }
    }
  }
  for (const table of ['survey_tally_total', 'survey_tally_question', 'survey_tally_value']) {
    db.prepare(`DELETE FROM ${table} WHERE survey_id = ? AND version = ?`).run(surveyId, version);
  }
  const total = db.prepare('INSERT INTO survey_tally_total (survey_id, version, office_id, channel, respondents, complete) VALUES (?, ?, ?, ?, ?, ?)');
  for (const [cut, t] of totals) total.run(surveyId, version, ...cut.split('\u0000'), t.respondents, t.complete);
  const question = db.prepare('INSERT INTO survey_tally_question (survey_id, version, office_id, channel, question_id, answered, total) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const [key, q] of questions) question.run(surveyId, version, ...key.split('\u0000'), q.answered, q.sum);
  const value = db.prepare('INSERT INTO survey_tally_value (survey_id, version, office_id, channel, question_id, value, n) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const [key, n] of values) value.run(surveyId, version, ...key.split('\u0000'), n);
  db.prepare('INSERT INTO survey_tally_version (survey_id, version) VALUES (?, ?)').run(surveyId, version);
}

const CUT = 'survey_id = @survey AND version = @version AND (@office IS NULL OR office_id = @office) AND (@channel IS NULL OR channel = @channel)';

/** The counts of one counted version for a cut (the region, an office, a channel). */
export function readTally(db: Db, surveyId: string, version: number, cut: TallyCut): TallyCounts {
  const args = { survey: surveyId, version, office: cut.officeId, channel: cut.channel };
  const total = cachedStatement(db, `SELECT coalesce(sum(respondents), 0) AS respondents, coalesce(sum(complete), 0) AS complete FROM survey_tally_total WHERE ${CUT}`).get(args) as {
    respondents: number;
    complete: number;
  };
  const questions: TallyCounts['questions'] = new Map();
  const perQuestion = cachedStatement(db, `SELECT question_id, sum(answered) AS answered, sum(total) AS total FROM survey_tally_question WHERE ${CUT} GROUP BY question_id`).all(args) as {
    question_id: string;
    answered: number;
    total: number;
  }[];
  for (const q of perQuestion) questions.set(q.question_id, { answered: q.answered, sum: q.total, values: new Map() });
  const perValue = cachedStatement(db, `SELECT question_id, value, sum(n) AS n FROM survey_tally_value WHERE ${CUT} GROUP BY question_id, value`).all(args) as {
    question_id: string;
    value: string;
    n: number;
  }[];
  for (const v of perValue) questions.get(v.question_id)?.values.set(v.value, v.n);
  return { respondents: total.respondents, complete: total.complete, questions };
}

/** Answers per office or per channel of one counted version (the results page's side tables). */
export function readTallyCountsBy(db: Db, surveyId: string, version: number, column: 'office_id' | 'channel'): { id: string; n: number }[] {
  return cachedStatement(db, `SELECT ${column} AS id, sum(respondents) AS n FROM survey_tally_total WHERE survey_id = ? AND version = ? GROUP BY ${column} ORDER BY ${column}`).all(surveyId, version) as {
    id: string;
    n: number;
  }[];
}

/**
 * The newest `limit` texts of one question in a cut, straight from the answers: the index on
 * (survey, version, born_at, id) walks them newest first and SQLite stops at the limit, so a
 * question answered in words by one in four reads about 4 × limit rows, not every answer.
 */
export function readNewestTexts(db: Db, surveyId: string, version: number, cut: TallyCut, questionId: string, other: boolean, limit: number): string[] {
  const path = `$."${questionId}"${other ? '.other' : ''}`;
  // Equalities written out (not «@office IS NULL OR …») so SQLite can walk the office's own index in order.
  const where = ['survey_id = @survey', 'version = @version', ...(cut.officeId === null ? [] : ['office_id = @office']), ...(cut.channel === null ? [] : ['channel = @channel'])];
  return cachedStatement(
    db,
    `SELECT json_extract(answers, @path) FROM survey_answer
      WHERE ${where.join(' AND ')} AND json_type(answers, @path) = 'text'
      ORDER BY born_at DESC, id DESC LIMIT @limit`,
  )
    .pluck()
    .all({ survey: surveyId, version, ...(cut.officeId === null ? {} : { office: cut.officeId }), ...(cut.channel === null ? {} : { channel: cut.channel }), path, limit }) as string[];
}
