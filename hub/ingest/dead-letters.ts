import type { RecordKind } from '../../shared/records.ts';
import type { REGISTER_RECORD_KIND } from '../../shared/register.ts';
import { toInstant, type Instant } from '../../shared/time.ts';
import { CompiledQuery, type Kysely } from 'kysely';
import { queryable, type Queryable } from '../sql/queryable.ts';
import type { Tables } from '../sql/tables.ts';

/**
 * What this hub refused to store: a record whose id it already held with a different body (a
 * conflict, from a device on an office hub or from an office hub on the central). The rest of the
 * sender's batch went on; the refused body is kept here, never deleted by the program, for the
 * admin to read and settle with the device's or office's owner.
 */
export interface ReceivedDeadLetter {
  seq: number;
  kind: RecordKind | typeof REGISTER_RECORD_KIND;
  recordId: string;
  reason: string;
  /** Who sent it: `device:<id>`, `office:<officeId>` (an office hub, on the central) or `public:<officeId>` (a phone). */
  source: string;
  /** The refused record as it arrived (JSON). */
  body: string;
  receivedAt: Instant;
}

/**
 * SQLite's insert, run synchronously inside the transaction that refused the record (the ingest's,
 * the central's receive). PostgreSQL's counterpart is INSERT_DEAD_LETTERS below.
 * Parameters: record id, kind, reason, body, source, received at.
 */
export const DEAD_LETTER_INSERT = 'INSERT INTO dead_letter (record_id, kind, reason, body, source, received_at) VALUES (?, ?, ?, ?, ?, ?)';

/** PostgreSQL's: all of a batch's letters in one statement, one array per column in DEAD_LETTER_INSERT's order. */
export const INSERT_DEAD_LETTERS = `INSERT INTO dead_letter (record_id, kind, reason, body, source, received_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])`;

/** A letter as both statements take it: record id, kind, reason, body (JSON), source, received at. */
export type DeadLetterValues = [string, string, string, string, string, number];

/** A record refused because its id is held with another body, as both statements take it. */
export const conflictLetter = (record: { id: string; kind: string }, source: string, now: number): DeadLetterValues => [record.id, record.kind, 'conflict', JSON.stringify(record), source, now];

/** PostgreSQL's insert of a batch's letters, inside the transaction that refused them. */
export async function insertDeadLettersPg(trx: Kysely<Tables>, letters: readonly DeadLetterValues[]): Promise<void> {
  if (letters.length === 0) return;
  const columns = [0, 1, 2, 3, 4, 5].map((i) => letters.map((l) => l[i]));
  await trx.executeQuery(CompiledQuery.raw(INSERT_DEAD_LETTERS, columns));
}

/** Newest first, `limit` at most, before `beforeSeq` when paging: read through CentralSql, from whichever database the hub runs on. */
export async function listReceivedDeadLetters(sql: Queryable, options: { limit: number; beforeSeq?: number }): Promise<ReceivedDeadLetter[]> {
  const rows = await queryable(sql)
    .selectFrom('dead_letter')
    .select(['seq', 'record_id', 'kind', 'reason', 'body', 'source', 'received_at'])
    .where('seq', '<', options.beforeSeq ?? Number.MAX_SAFE_INTEGER)
    .orderBy('seq', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({ seq: r.seq, kind: r.kind, recordId: r.record_id, reason: r.reason, source: r.source, body: r.body, receivedAt: toInstant(r.received_at) }));
}

export async function countReceivedDeadLetters(sql: Queryable): Promise<number> {
  const row = await queryable(sql).selectFrom('dead_letter').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
