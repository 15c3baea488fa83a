import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { canonicalBody, type FeedbackRecord, type SurveyAnswerRecord, type SurveySummaryRecord } from '../../shared/records.ts';
import type { IngestResult } from '../../shared/protocol/ingest.ts';
import { toInstant } from '../../shared/time.ts';
import type { Tables } from '../sql/tables.ts';
import { HELD_HEARTBEATS, HELD_PRESSES, HELD_RESPONSES, INSERT_BATCH } from './batch-sql.ts';
import { columnArrays, heartbeatFromRow, pressFromRow, responseFromRow, type HeartbeatRow, type PressRow, type ResponseRow, type StoredRecord } from './record-columns.ts';

/**
 * Validated records of every kind stored in the central's PostgreSQL inside the caller's
 * transaction, with the SQLite ingest's answer per record (stored / duplicate / conflict, in the
 * order given): the office's batches (hub/central/receive-batch.ts) and the answers born at the
 * central itself (central-born-copy.ts) go through here.
 *
 * Presses, responses and heartbeats are one statement (INSERT_BATCH), whatever the batch's size;
 * a resend adds one read of the held copies per kind. Survey answers and summary forms, with the
 * tallies of the answers, are the survey part's (`surveys`). Conflicts are handed back for the
 * caller's dead letters, in the same transaction.
 */
export interface StoredOutcome {
  results: IngestResult[];
  /** The records newly stored, with the receivedAt they were stored with. */
  stored: FeedbackRecord[];
  /** Records refused because their id is held with another body. */
  conflicts: FeedbackRecord[];
}

type SurveyRecord = SurveyAnswerRecord | SurveySummaryRecord;
/** The survey part: stores survey answers and summaries (with the answers' tallies) and answers per record, in order. */
export type SurveyRecordsPart = (trx: Transaction<Tables>, records: readonly SurveyRecord[], now: number) => Promise<IngestResult[]>;

const isSurveyRecord = (r: FeedbackRecord): r is SurveyRecord => r.kind === 'survey-answer' || r.kind === 'survey-summary';

export async function storeRecordsPg(trx: Transaction<Tables>, records: readonly FeedbackRecord[], now: number, surveys: SurveyRecordsPart): Promise<StoredOutcome> {
  // An office hub's receivedAt is taken as it says (the time its office received the record).
  const incoming: StoredRecord[] = records.map((record) => ({ record, receivedAt: record.receivedAt ? Date.parse(record.receivedAt) : now }));
  // The survey part judges its records itself, repeats within the batch included, in their order.
  const survey = records.filter(isSurveyRecord);
  const surveyResults = survey.length > 0 ? await surveys(trx, survey, now) : [];

  // The first copy of an id goes to the insert; a repeat within the batch is judged against what is held.
  const firsts = new Map<string, StoredRecord>();
  for (const r of incoming) if (!isSurveyRecord(r.record) && !firsts.has(r.record.id)) firsts.set(r.record.id, r);
  const notStored = firsts.size === 0 ? new Set<string>() : await insertBatch(runOnKysely(trx), [...firsts.values()]);
  const fresh = (id: string) => !notStored.has(id.toLowerCase());
  const held = notStored.size === 0 ? new Map<string, FeedbackRecord>() : await heldCopies(runOnKysely(trx), [...firsts.values()].filter((r) => !fresh(r.record.id)));

  const results: IngestResult[] = [];
  const stored: FeedbackRecord[] = [];
  const conflicts: FeedbackRecord[] = [];
  const judged = new Set<string>();
  let nextSurvey = 0;
  for (const r of incoming) {
    const id = r.record.id;
    let status: IngestResult['status'];
    if (isSurveyRecord(r.record)) status = surveyResults[nextSurvey++]!.status;
    else if (fresh(id) && !judged.has(id)) status = 'stored';
    else status = sameBody(fresh(id) ? firsts.get(id)!.record : held.get(id.toLowerCase()), r.record) ? 'duplicate' : 'conflict';
    judged.add(id);
    // A receivedAt the office gave is already the instant toInstant would write (the shared schema's form).
    if (status === 'stored') stored.push(r.record.receivedAt ? r.record : { ...r.record, receivedAt: toInstant(r.receivedAt) });
    if (status === 'conflict') conflicts.push(r.record);
    results.push({ id, status });
  }
  return { results, stored, conflicts };
}

const sameBody = (held: FeedbackRecord | undefined, record: FeedbackRecord) => held !== undefined && held.kind === record.kind && canonicalBody(held) === canonicalBody(record);

/** A raw statement and its rows: over a Kysely transaction (the live path) or a pg client (migrate-central). */
export type RunRaw = <R>(text: string, params: readonly unknown[]) => Promise<R[]>;
export const runOnKysely = (trx: Kysely<Tables>): RunRaw => async <R>(text: string, params: readonly unknown[]) => (await trx.executeQuery<R>(CompiledQuery.raw(text, [...params]))).rows;

/** INSERT_BATCH: the ids it did not store (held already), in lower case as PostgreSQL writes a uuid. */
export async function insertBatch(run: RunRaw, firsts: readonly StoredRecord[]): Promise<Set<string>> {
  const columns = columnArrays(firsts);
  const rows = await run<{ id: string }>(INSERT_BATCH, [...columns.press, ...columns.response, ...columns.heartbeat]);
  return new Set(rows.map((r) => r.id));
}

/** The copies already held of the ids a batch did not store, by lower-case id (absent: held with another birth, office or kind). */
export async function heldCopies(run: RunRaw, notStored: readonly StoredRecord[]): Promise<Map<string, FeedbackRecord>> {
  const held = new Map<string, FeedbackRecord>();
  const ofKind = (kind: FeedbackRecord['kind']) => notStored.filter((r) => r.record.kind === kind).map((r) => r.record);
  const births = (rs: FeedbackRecord[]) => [rs.map((r) => r.id), rs.map((r) => Date.parse(r.bornAt))];
  const presses = ofKind('press');
  const responses = ofKind('response');
  const heartbeats = ofKind('heartbeat');
  if (presses.length > 0) for (const row of await run<PressRow>(HELD_PRESSES, [...births(presses), [...new Set(presses.map((r) => r.officeId))]])) held.set(row.id, pressFromRow(row));
  if (responses.length > 0) for (const row of await run<ResponseRow>(HELD_RESPONSES, births(responses))) held.set(row.id, responseFromRow(row));
  if (heartbeats.length > 0) for (const row of await run<HeartbeatRow & { id: string }>(HELD_HEARTBEATS, [heartbeats.map((r) => r.id)])) held.set(row.id, heartbeatFromRow(row));
  return held;
}
