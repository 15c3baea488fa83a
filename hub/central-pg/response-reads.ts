import type pg from 'pg';
import { negativeResponseSql } from '../reports/negative-rule.ts';
import type { CommentFilter, CommentListQuery, CommentRow, ResponseRange, ResponseTally, StoredResponse, SurveyChannel as Channel, Tone } from '../records/record-source.ts';

/**
 * The survey responses as the comments feed, «take into work», the pain map and the monitoring
 * read them, on the central's PostgreSQL: the twin of hub/reports/response-reads.ts (SQLite), the
 * same rows in the same order. Every query names its period of birth, so PostgreSQL reads only the
 * month partitions it covers; a response by id is found through record_key (which holds its birth)
 * in its one partition.
 *
 * The text search folds case with ICU's Russian rules (the "ru-x-icu" collation, present wherever
 * PostgreSQL is built with ICU, as Debian's is): the same library JavaScript's toLocaleLowerCase('ru')
 * uses on SQLite, and independent of the database's own locale (a cluster made with --locale=C would
 * fold only ASCII in lower() and ILIKE). strpos, not LIKE, so % and _ in the search are plain text.
 */
const NEGATIVE = negativeResponseSql('false');
const TONE_FILTER: Record<Tone, string> = { all: 'true', negative: NEGATIVE, other: `NOT ${NEGATIVE}` };
const FOLD = (sql: string) => `lower(${sql} COLLATE "ru-x-icu")`;

// Record ids are lowercase UUIDs (shared/records.ts). Anything else names no stored response, as on
// SQLite; sent to PostgreSQL as a uuid it would be refused with an error instead.
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function commentWhere(filter: CommentFilter, params: unknown[]): string {
  const p = (value: unknown): string => `$${params.push(value)}`;
  const where = [
    'comment IS NOT NULL',
    `born_at >= ${p(filter.start)} AND born_at < ${p(filter.end)}`,
    `office_id = ANY(${p([...filter.officeIds])}::text[])`,
    TONE_FILTER[filter.tone],
  ];
  if (filter.search !== null) where.push(`strpos(${FOLD('comment')}, ${FOLD(`${p(filter.search)}::text`)}) > 0`);
  return where.join(' AND ');
}

// PostgreSQL text cannot hold NUL, so no stored comment contains one: nothing matches such a search.
const unmatchable = (filter: CommentFilter): boolean => filter.search !== null && filter.search.includes('\u0000');

export async function countCommentsPg(pool: pg.Pool, filter: CommentFilter): Promise<number> {
  if (unmatchable(filter)) return 0;
  const params: unknown[] = [];
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM response WHERE ${commentWhere(filter, params)}`, params);
  return Number(rows[0]?.n ?? 0);
}

interface CommentSqlRow {
  id: string;
  office_id: string;
  born_at: string;
  channel: Channel;
  service_id: string | null;
  desk: string | null;
  comment: string;
  csat1: number | null;
  csat2: number | null;
  csat3: number | null;
  ces: number | null;
  nps: number | null;
  complete: boolean;
  negative: boolean;
}

export async function listCommentsPg(pool: pg.Pool, query: CommentListQuery): Promise<CommentRow[]> {
  if (unmatchable(query)) return [];
  const params: unknown[] = [];
  const p = (value: unknown): string => `$${params.push(value)}`;
  let where = commentWhere(query, params);
  // uuid orders as its bytes, which is the order of its lowercase text on SQLite.
  if (query.before) where += ` AND (born_at, id) < (${p(query.before.bornAt)}::bigint, ${p(query.before.id)}::uuid)`;
  const limit = query.limit === null ? '' : ` LIMIT ${p(query.limit)}`;
  const { rows } = await pool.query<CommentSqlRow>(
    `SELECT id, office_id, born_at, channel, service_id, desk, comment, csat1, csat2, csat3, ces, nps, complete, ${NEGATIVE} AS negative
     FROM response WHERE ${where} ORDER BY born_at DESC, id DESC${limit}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    officeId: r.office_id,
    bornAt: Number(r.born_at),
    channel: r.channel,
    serviceId: r.service_id,
    desk: r.desk,
    comment: r.comment,
    csat1: r.csat1,
    csat2: r.csat2,
    csat3: r.csat3,
    ces: r.ces,
    nps: r.nps,
    complete: r.complete,
    negative: r.negative,
  }));
}

// The birth from record_key lets PostgreSQL prune to the response's one month partition at run time.
const FIND_RESPONSE = `SELECT id, office_id, born_at, comment, ${NEGATIVE} AS negative FROM response
  WHERE id = $1::uuid AND born_at = (SELECT born_at FROM record_key WHERE id = $1::uuid AND kind = 'response')`;

export async function findResponsePg(pool: pg.Pool, id: string): Promise<StoredResponse | null> {
  if (!RECORD_ID.test(id)) return null;
  const { rows } = await pool.query<{ id: string; office_id: string; born_at: string; comment: string | null; negative: boolean }>(FIND_RESPONSE, [id]);
  const row = rows[0];
  return row ? { id: row.id, officeId: row.office_id, bornAt: Number(row.born_at), comment: row.comment, negative: row.negative } : null;
}

const RESPONSE_TALLIES = `SELECT office_id AS office, channel, count(*) AS n, count(*) FILTER (WHERE ${NEGATIVE}) AS negative,
    count(*) FILTER (WHERE csat3 >= 4) AS satisfied, count(csat3) AS rated
  FROM response WHERE office_id = ANY($1::text[]) AND born_at >= $2 AND born_at < $3
  GROUP BY office_id, channel`;

export async function responseTalliesPg(pool: pg.Pool, query: ResponseRange): Promise<ResponseTally[]> {
  const { rows } = await pool.query<{ office: string; channel: Channel; n: string; negative: string; satisfied: string; rated: string }>(RESPONSE_TALLIES, [[...query.officeIds], query.start, query.end]);
  return rows.map((r) => ({ office: r.office, channel: r.channel, n: Number(r.n), negative: Number(r.negative), satisfied: Number(r.satisfied), rated: Number(r.rated) }));
}
