// PLACEHOLDER until the survey tables' move merges (helper mv-survey-answers).
import type { Kysely } from 'kysely';
import type { IngestResult } from '../../shared/protocol/ingest.ts';
import type { SurveyAnswerRecord, SurveySummaryRecord } from '../../shared/records.ts';
import type { SurveyVersionLookup } from '../db/survey-versions.ts';
import type { Tables } from '../sql/tables.ts';

export async function storeSurveyRecordsPg(_trx: Kysely<Tables>, _records: readonly (SurveyAnswerRecord | SurveySummaryRecord)[], _surveys: SurveyVersionLookup, _now: number): Promise<IngestResult[]> {
  throw new Error('survey records on PostgreSQL: not yet');
}
