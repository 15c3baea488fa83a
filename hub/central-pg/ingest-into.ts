import type { Transaction } from 'kysely';
import { INGEST_PROTOCOL } from '../../shared/protocol/wire.ts';
import type { Clock } from '../../shared/time.ts';
import type { SurveyVersionLookup } from '../db/survey-versions.ts';
import { conflictLetter, insertDeadLettersPg } from '../ingest/dead-letters.ts';
import { validateIngestBatch, type IngestInto } from '../ingest/ingest-batch.ts';
import type { Tables } from '../sql/tables.ts';
import { storeRecordsPg } from './store-records.ts';
import { surveyRecordsPart } from './survey-records-pg.ts';

/**
 * The ingest inside the caller's transaction on the central's PostgreSQL: an answer born at the
 * central (a phone's, through an invitation; a phone-survey call's) stored with what it belongs to
 * (the invitation spent, the call's outcome) in one commit. The same validation as every ingest,
 * the same statements as an office's batch (store-records.ts), conflicts to the dead letters in
 * the same transaction. Only an office hub's word on when it received a record is taken.
 *
 * The month partitions are not made here: these records are born now or, a phone's, within the
 * last day (PUBLIC_ANSWER_MAX_AGE_MS), and last month's, this month's and next month's are made
 * ahead (postgres-store.ts), outside any transaction, as making one must be.
 */
export function postgresIngestInto(surveys: SurveyVersionLookup, clock: Clock): IngestInto {
  return async (trx: Transaction<Tables>, body: unknown, sender) => {
    const batch = validateIngestBatch(body, sender, surveys);
    if (!batch.ok) return batch;
    const now = clock();
    const records = sender.kind === 'office-hub' ? batch.records : batch.records.map(({ receivedAt: _said, ...record }) => record);
    const written = await storeRecordsPg(trx, records, now, surveyRecordsPart(surveys));
    await insertDeadLettersPg(trx, written.conflicts.map((c) => conflictLetter(c, batch.source, now)));
    return { ok: true, ack: { ok: true, protocol: INGEST_PROTOCOL, results: written.results }, stored: written.stored };
  };
}
