import type { Kysely } from 'kysely';
import type { InterviewerRefusal } from '../../shared/interviewer.ts';
import { fromInstant, toInstant } from '../../shared/time.ts';
import type { StoreStatus } from '../db/record-rows.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { Tables } from '../sql/tables.ts';

/**
 * The «отказался отвечать» taps of the exit poll (SQLite migration 0029, PostgreSQL 0011; office hub
 * only): stored once by the id the tablet gave them, counted into the summary form, never forwarded
 * (the form carries the count). A row names the survey, the office and the moment: no login, no
 * visitor. The same statements on both databases (hub/sql/central-sql.ts).
 */

/**
 * Stored, the same already held (a resend), or another body under this id (kept as it was). `db` is
 * `sql.db`, or the `trx` of the transaction the tap is stored in (take-batch.ts: with the answers).
 */
export async function storeRefusal(db: Kysely<Tables>, refusal: InterviewerRefusal, receivedAt: number): Promise<StoreStatus> {
  const bornAt = fromInstant(refusal.bornAt);
  const inserted = await db
    .insertInto('interviewer_refusal')
    .values({ id: refusal.id, office_id: refusal.officeId, survey_id: refusal.surveyId, version: refusal.version, born_at: bornAt, received_at: receivedAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return 'stored';
  const row = await db.selectFrom('interviewer_refusal').select(['office_id', 'survey_id', 'version', 'born_at']).where('id', '=', refusal.id).executeTakeFirst();
  const same = row && row.office_id === refusal.officeId && row.survey_id === refusal.surveyId && row.version === refusal.version && toInstant(row.born_at) === refusal.bornAt;
  return same ? 'duplicate' : 'conflict';
}

/** Refusals for one survey version at one office, born in [start, end). */
export async function countRefusals(sql: CentralSql, scope: { surveyId: string; version: number; officeId: string }, range: { start: number; end: number }): Promise<number> {
  const row = await sql.db
    .selectFrom('interviewer_refusal')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('survey_id', '=', scope.surveyId)
    .where('version', '=', scope.version)
    .where('office_id', '=', scope.officeId)
    .where('born_at', '>=', range.start)
    .where('born_at', '<', range.end)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
