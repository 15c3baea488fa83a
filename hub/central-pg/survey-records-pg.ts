import type { Transaction } from 'kysely';
import { runOnKysely, type SurveyRecordsPart } from './store-records.ts';
import { canonicalBody, type SurveyAnswerRecord, type SurveySummaryRecord } from '../../shared/records.ts';
import type { IngestResult } from '../../shared/protocol/ingest.ts';
import { fromInstant } from '../../shared/time.ts';
import { surveyAnswerFromRow, surveySummaryFromRow, type SurveyAnswerRow } from '../db/record-rows.ts';
import { TALLY_LOCK, tallyIncrements, type TalliedAnswer } from '../db/survey-tally-rows.ts';
import type { SurveyVersionLookup } from '../db/survey-versions.ts';
import type { Tables } from '../sql/tables.ts';

/**
 * Built surveys' answers and the exit poll's summary forms, stored on the central's PostgreSQL inside
 * the receive transaction: the counterpart of SQLite's record store (hub/db/record-rows.ts insert and
 * hub/db/survey-tally-rows.ts addToTally), from the same records and with the same answers. Each
 * table takes a batch in one statement (arrays spread by unnest(), as batch-sql.ts does); the ids
 * already held are read back in one statement and compared in canonical form; the newly stored
 * answers of versions already counted are added to the running tally (the increments computed by
 * tallyIncrements, as SQLite's), one upsert per tally table. Conflicts are only answered: the caller
 * writes them to the dead letters.
 */
export const INSERT_SURVEY_ANSWERS = `INSERT INTO survey_answer (id, office_id, device_id, born_at, received_at, survey_id, version, channel, complete, answers)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[], $8::text[], $9::bigint[], $10::text[])
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;
export const INSERT_SURVEY_SUMMARIES = `INSERT INTO survey_summary (id, office_id, born_at, received_at, survey_id, version, period_from, period_to, body)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[])
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;
const HELD_SURVEY_ANSWERS = 'SELECT * FROM survey_answer WHERE id = ANY($1::text[])';
const HELD_SURVEY_SUMMARIES = 'SELECT id, body, received_at FROM survey_summary WHERE id = ANY($1::text[])';
const TALLY_LOCK_SHARED = 'SELECT pg_advisory_xact_lock_shared(hashtext($1))';
const COUNTED_VERSIONS = `SELECT survey_id, version FROM survey_tally_version
  WHERE (survey_id, version) IN (SELECT * FROM unnest($1::text[], $2::bigint[]))`;
const ADD_TALLY_TOTALS = `INSERT INTO survey_tally_total (survey_id, version, office_id, channel, respondents, complete)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
  ON CONFLICT (survey_id, version, office_id, channel) DO UPDATE
  SET respondents = survey_tally_total.respondents + excluded.respondents, complete = survey_tally_total.complete + excluded.complete`;
const ADD_TALLY_QUESTIONS = `INSERT INTO survey_tally_question (survey_id, version, office_id, channel, question_id, answered, total)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::float8[])
  ON CONFLICT (survey_id, version, office_id, channel, question_id) DO UPDATE
  SET answered = survey_tally_question.answered + excluded.answered, total = survey_tally_question.total + excluded.total`;
const ADD_TALLY_VALUES = `INSERT INTO survey_tally_value (survey_id, version, office_id, channel, question_id, value, n)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
  ON CONFLICT (survey_id, version, office_id, channel, question_id, value) DO UPDATE
  SET n = survey_tally_value.n + excluded.n`;

type SurveyRecord = SurveyAnswerRecord | SurveySummaryRecord;

/** The row SQLite's record store writes for an answer (record-rows.ts), as a SurveyAnswerRow. */
function answerRow(record: SurveyAnswerRecord, receivedAt: number): SurveyAnswerRow {
  return {
    id: record.id,
    office_id: record.officeId,
    device_id: record.deviceId,
    born_at: fromInstant(record.bornAt),
    received_at: receivedAt,
    survey_id: record.surveyId,
    version: record.version,
    channel: record.channel,
    complete: record.complete ? 1 : 0,
    answers: JSON.stringify(record.answers),
  };
}

function summaryBody(record: SurveySummaryRecord): string {
  const { receivedAt: _r, ...said } = record;
  return JSON.stringify(said);
}

/**
 * Stores a batch's survey answers and summary forms and answers, per record and in order, stored,
 * duplicate or conflict, as SQLite's record store would storing them one by one: a held id is
 * judged against the held copy, and an id repeated within the batch against its first copy.
 * receivedAt is the record's own when given (an office hub's word), else `now`.
 */
/** The receive path's survey part (store-records.ts) over the versions the tallies need. */
export const surveyRecordsPart =
  (surveys: SurveyVersionLookup): SurveyRecordsPart =>
  (trx, records, now) =>
    storeSurveyRecordsPg(trx, records, surveys, now);

export async function storeSurveyRecordsPg(trx: Transaction<Tables>, records: readonly SurveyRecord[], surveys: SurveyVersionLookup, now: number): Promise<IngestResult[]> {
  const run = runOnKysely(trx);
  // The first copy of each id per table: what a later copy in the batch is judged against.
  const answers = new Map<string, { row: SurveyAnswerRow; record: SurveyAnswerRecord }>();
  const summaries = new Map<string, { record: SurveySummaryRecord; receivedAt: number; body: string }>();
  for (const record of records) {
    const receivedAt = record.receivedAt ? Date.parse(record.receivedAt) : now;
    if (record.kind === 'survey-answer') {
      if (!answers.has(record.id)) answers.set(record.id, { row: answerRow(record, receivedAt), record });
    } else if (!summaries.has(record.id)) summaries.set(record.id, { record, receivedAt, body: summaryBody(record) });
  }

  const storedAnswers = new Set<string>();
  if (answers.size > 0) {
    const rows = [...answers.values()].map((a) => a.row);
    const col = <K extends keyof SurveyAnswerRow>(k: K) => rows.map((r) => r[k]);
    const fresh = await run<{ id: string }>(INSERT_SURVEY_ANSWERS, [
      col('id'), col('office_id'), col('device_id'), col('born_at'), col('received_at'), col('survey_id'), col('version'), col('channel'), col('complete'), col('answers'),
    ]);
    for (const f of fresh) storedAnswers.add(f.id);
  }
  const storedSummaries = new Set<string>();
  if (summaries.size > 0) {
    const all = [...summaries.values()];
    const fresh = await run<{ id: string }>(INSERT_SURVEY_SUMMARIES, [
      all.map((s) => s.record.id),
      all.map((s) => s.record.officeId),
      all.map((s) => fromInstant(s.record.bornAt)),
      all.map((s) => s.receivedAt),
      all.map((s) => s.record.surveyId),
      all.map((s) => s.record.version),
      all.map((s) => s.record.period.from),
      all.map((s) => s.record.period.to),
      all.map((s) => s.body),
    ]);
    for (const f of fresh) storedSummaries.add(f.id);
  }

  // The copy each id is judged against: the one held before this batch, or the first copy in it, as read back.
  const heldAnswers = new Map<string, SurveyAnswerRecord>();
  const heldSummaries = new Map<string, SurveySummaryRecord>();
  const answersHeldBefore = [...answers.keys()].filter((id) => !storedAnswers.has(id));
  if (answersHeldBefore.length > 0) {
    for (const row of await run<SurveyAnswerRow>(HELD_SURVEY_ANSWERS, [answersHeldBefore])) heldAnswers.set(row.id, surveyAnswerFromRow(row));
  }
  const summariesHeldBefore = [...summaries.keys()].filter((id) => !storedSummaries.has(id));
  if (summariesHeldBefore.length > 0) {
    for (const row of await run<{ id: string; body: string; received_at: number }>(HELD_SURVEY_SUMMARIES, [summariesHeldBefore])) heldSummaries.set(row.id, surveySummaryFromRow(row));
  }
  for (const id of storedAnswers) heldAnswers.set(id, surveyAnswerFromRow(answers.get(id)!.row));
  for (const id of storedSummaries) {
    const s = summaries.get(id)!;
    heldSummaries.set(id, surveySummaryFromRow({ body: s.body, received_at: s.receivedAt }));
  }

  await addToTallyPg(
    trx,
    [...storedAnswers].map((id) => answers.get(id)!.record),
    surveys,
  );

  const answered = new Set<string>();
  return records.map((record): IngestResult => {
    const key = `${record.kind}\u0000${record.id}`;
    const first = !answered.has(key);
    answered.add(key);
    const fresh = record.kind === 'survey-answer' ? storedAnswers.has(record.id) : storedSummaries.has(record.id);
    if (first && fresh) return { id: record.id, status: 'stored' };
    const held = record.kind === 'survey-answer' ? heldAnswers.get(record.id) : heldSummaries.get(record.id);
    return { id: record.id, status: held !== undefined && canonicalBody(held) === canonicalBody(record) ? 'duplicate' : 'conflict' };
  });
}

/**
 * The newly stored answers added to their versions' tallies, for the versions already counted (a
 * version not counted yet is counted from its answers when its results are first read:
 * hub/surveys/tally-store.ts ensureCounted, under the advisory lock taken here shared).
 * Cells in key order, so two transactions adding to the same cells take their locks in one order.
 */
async function addToTallyPg(trx: Transaction<Tables>, stored: readonly SurveyAnswerRecord[], surveys: SurveyVersionLookup): Promise<void> {
  const run = runOnKysely(trx);
  if (stored.length === 0) return;
  const versions = new Map<string, { surveyId: string; version: number }>();
  for (const a of stored) versions.set(JSON.stringify([a.surveyId, a.version]), { surveyId: a.surveyId, version: a.version });
  const named = [...versions.values()];
  // Shared with other receives, exclusive with a version's first count (hub/surveys/tally-store.ts
  // ensureCounted): taken before asking, so the answer to it is not older than a count that
  // committed while these answers were being stored.
  await run(TALLY_LOCK_SHARED, [TALLY_LOCK]);
  const counted = await run<{ survey_id: string; version: number }>(COUNTED_VERSIONS, [named.map((v) => v.surveyId), named.map((v) => v.version)]);
  if (counted.length === 0) return;
  const isCounted = new Set(counted.map((c) => JSON.stringify([c.survey_id, Number(c.version)])));
  const tallied: TalliedAnswer[] = stored.filter((a) => isCounted.has(JSON.stringify([a.surveyId, a.version])));
  const inc = tallyIncrements(tallied, surveys);
  const order = (a: readonly (string | number)[], b: readonly (string | number)[]): number => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return 0;
  };
  const totals = inc.totals.sort((a, b) => order([a.surveyId, a.version, a.officeId, a.channel], [b.surveyId, b.version, b.officeId, b.channel]));
  const questions = inc.questions.sort((a, b) => order([a.surveyId, a.version, a.officeId, a.channel, a.questionId], [b.surveyId, b.version, b.officeId, b.channel, b.questionId]));
  const values = inc.values.sort((a, b) => order([a.surveyId, a.version, a.officeId, a.channel, a.questionId, a.value], [b.surveyId, b.version, b.officeId, b.channel, b.questionId, b.value]));
  if (totals.length > 0) {
    await run(ADD_TALLY_TOTALS, [totals.map((t) => t.surveyId), totals.map((t) => t.version), totals.map((t) => t.officeId), totals.map((t) => t.channel), totals.map((t) => t.respondents), totals.map((t) => t.complete)]);
  }
  if (questions.length > 0) {
    await run(ADD_TALLY_QUESTIONS, [
      questions.map((q) => q.surveyId), questions.map((q) => q.version), questions.map((q) => q.officeId), questions.map((q) => q.channel), questions.map((q) => q.questionId), questions.map((q) => q.answered), questions.map((q) => q.sum),
    ]);
  }
  if (values.length > 0) {
    await run(ADD_TALLY_VALUES, [
      values.map((v) => v.surveyId), values.map((v) => v.version), values.map((v) => v.officeId), values.map((v) => v.channel), values.map((v) => v.questionId), values.map((v) => v.value), values.map((v) => v.n),
    ]);
  }
}
