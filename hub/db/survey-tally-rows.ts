import { answerContributions } from '../../shared/surveys/answer-tally.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import type { Db } from './open.ts';
import { cachedStatement } from './statement-cache.ts';
import type { SurveyVersionLookup } from './survey-versions.ts';

/**
 * The running tally of built surveys' answers (migration 0025): what the results page reads instead
 * of parsing every answer. Every stored answer is added in the transaction that stores it
 * (record-rows.ts, the staff survey's form; on PostgreSQL hub/central-pg/survey-records-pg.ts), for
 * versions already counted; a version is counted from its stored answers the first time its results
 * are read (hub/surveys/tally-store.ts). Counts per version × office × channel, so every cut the
 * page offers is a sum of a few hundred rows.
 *
 * What answers add to the tally is computed once, here (`tallyIncrements`); each database only
 * writes the increments with its own statements.
 */
export interface TalliedAnswer {
  surveyId: string;
  version: number;
  officeId: string;
  channel: string;
  complete: boolean;
  answers: SurveyAnswers;
}

/**
 * On PostgreSQL, the advisory lock (by hashtext of this name) between a version's first count
 * (hub/surveys/tally-store.ts ensureCounted, exclusive) and the receives adding answers to the tally
 * (hub/central-pg/survey-records-pg.ts, shared).
 */
export const TALLY_LOCK = 'survey_tally';

/** The cells of the tally some answers add to, summed per key (each key once: one upsert per cell). */
export interface TallyIncrements {
  totals: { surveyId: string; version: number; officeId: string; channel: string; respondents: number; complete: number }[];
  questions: { surveyId: string; version: number; officeId: string; channel: string; questionId: string; answered: number; sum: number }[];
  values: { surveyId: string; version: number; officeId: string; channel: string; questionId: string; value: string; n: number }[];
}

/**
 * What `answers` add to their versions' tallies, summed per cell in the order given. `definitionOf`
 * finds an answer's version definition; an answer whose version it does not find adds nothing.
 */
export function tallyIncrements(answers: Iterable<TalliedAnswer>, definitionOf: (surveyId: string, version: number) => SurveyDefinition | null): TallyIncrements {
  const inc: TallyIncrements = { totals: [], questions: [], values: [] };
  // Summed per cell when more than one answer is given (a batch, a version's first count).
  const totals = new Map<string, TallyIncrements['totals'][number]>();
  const questions = new Map<string, TallyIncrements['questions'][number]>();
  const values = new Map<string, TallyIncrements['values'][number]>();
  for (const a of answers) {
    const definition = definitionOf(a.surveyId, a.version);
    if (!definition) continue;
    const { surveyId, version, officeId, channel } = a;
    const cut = `${surveyId}\u0000${version}\u0000${officeId}\u0000${channel}`;
    let total = totals.get(cut);
    if (!total) {
      total = { surveyId, version, officeId, channel, respondents: 0, complete: 0 };
      totals.set(cut, total);
      inc.totals.push(total);
    }
    total.respondents++;
    if (a.complete) total.complete++;
    for (const c of answerContributions(definition, a.answers)) {
      const questionId = c.questionId;
      const qKey = `${cut}\u0000${questionId}`;
      let q = questions.get(qKey);
      if (!q) {
        q = { surveyId, version, officeId, channel, questionId, answered: 0, sum: 0 };
        questions.set(qKey, q);
        inc.questions.push(q);
      }
      q.answered++;
      q.sum += c.sum;
      for (const value of c.values) {
        const vKey = `${qKey}\u0000${value}`;
        let v = values.get(vKey);
        if (!v) {
          v = { surveyId, version, officeId, channel, questionId, value, n: 0 };
          values.set(vKey, v);
          inc.values.push(v);
        }
        v.n++;
      }
    }
  }
  return inc;
}

const isCounted = (db: Db, surveyId: string, version: number): boolean =>
  cachedStatement(db, 'SELECT 1 FROM survey_tally_version WHERE survey_id = ? AND version = ?').get(surveyId, version) !== undefined;

/** Adds increments to the SQLite tally (inside the storing transaction). */
function addIncrements(db: Db, inc: TallyIncrements): void {
  const total = cachedStatement(
    db,
    `INSERT INTO survey_tally_total (survey_id, version, office_id, channel, respondents, complete) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET respondents = respondents + excluded.respondents, complete = complete + excluded.complete`,
  );
  const question = cachedStatement(
    db,
    `INSERT INTO survey_tally_question (survey_id, version, office_id, channel, question_id, answered, total) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET answered = answered + excluded.answered, total = total + excluded.total`,
  );
  const value = cachedStatement(
    db,
    `INSERT INTO survey_tally_value (survey_id, version, office_id, channel, question_id, value, n) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET n = n + excluded.n`,
  );
  for (const t of inc.totals) total.run(t.surveyId, t.version, t.officeId, t.channel, t.respondents, t.complete);
  for (const q of inc.questions) question.run(q.surveyId, q.version, q.officeId, q.channel, q.questionId, q.answered, q.sum);
  for (const v of inc.values) value.run(v.surveyId, v.version, v.officeId, v.channel, v.questionId, v.value, v.n);
}

/**
 * Adds a just-stored answer to its version's tally, if that version is counted yet. Call inside the
 * storing transaction. `surveys` finds the version's definition (ctx.surveyVersions.lookup); a store
 * given none (one that only reads records) must not store survey answers.
 */
export function addToTally(db: Db, answer: TalliedAnswer, surveys: SurveyVersionLookup | null): void {
  if (!isCounted(db, answer.surveyId, answer.version)) return;
  if (!surveys) throw new Error('survey answer stored by a record store opened without the survey versions');
  addIncrements(db, tallyIncrements([answer], surveys));
}
