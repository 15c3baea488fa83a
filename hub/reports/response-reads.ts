import type { Db } from '../db/open.ts';
import { cachedStatement } from '../db/statement-cache.ts';
import { NEGATIVE_RESPONSE_SQL } from './negative-rule.ts';
import type { CommentFilter, CommentListQuery, CommentRow, ResponseRange, ResponseTally, StoredResponse, SurveyChannel as Channel, Tone } from '../records/record-source.ts';

/**
 * The survey responses as the comments feed, «take into work», the pain map and the monitoring
 * read them, in SQLite (record-source.ts). Their PostgreSQL twin is hub/central-pg/response-reads.ts:
 * the same rows in the same order, only the SQL differs.
 */
const NEGATIVE = NEGATIVE_RESPONSE_SQL;
const TONE_FILTER: Record<Tone, string> = { all: '1', negative: NEGATIVE, other: `NOT ${NEGATIVE}` };

const withSearch = new WeakSet<Db>();

// SQLite's lower() and LIKE fold only ASCII; comments are Russian, so the fold is JavaScript's
// (ICU's, as PostgreSQL's "ru-x-icu" lower() on the central's PostgreSQL).
function registerSearch(db: Db): void {
  if (withSearch.has(db)) return;
  db.function('czn_contains', { deterministic: true }, (text: unknown, needle: unknown) =>
    typeof text === 'string' && typeof needle === 'string' && text.toLocaleLowerCase('ru').includes(needle.toLocaleLowerCase('ru')) ? 1 : 0,
  );
  withSearch.add(db);
}

function commentWhere(db: Db, filter: CommentFilter): { where: string; params: Record<string, unknown> } {
  if (filter.search !== null) registerSearch(db);
  const where = [
    'comment IS NOT NULL',
    'born_at >= @start AND born_at < @end',
    'office_id IN (SELECT value FROM json_each(@offices))',
    TONE_FILTER[filter.tone],
    filter.search !== null ? 'czn_contains(comment, @search)' : '1',
  ].join(' AND ');
  return { where, params: { start: filter.start, end: filter.end, offices: JSON.stringify(filter.officeIds), search: filter.search } };
}

export function countCommentsSqlite(db: Db, filter: CommentFilter): number {
  const { where, params } = commentWhere(db, filter);
  return cachedStatement(db, `SELECT count(*) FROM response WHERE ${where}`).pluck().get(params) as number;
}

interface CommentSqlRow {
  id: string;
  office_id: string;
  born_at: number;
  channel: Channel;
  service_id: string | null;
  desk: string | null;
  comment: string;
  csat1: number | null;
  csat2: number | null;
  csat3: number | null;
  ces: number | null;
  nps: number | null;
  complete: 0 | 1;
  negative: 0 | 1;
}

export function listCommentsSqlite(db: Db, query: CommentListQuery): CommentRow[] {
  const { where, params } = commentWhere(db, query);
  const page = query.before ? `${where} AND (born_at < @cursorAt OR (born_at = @cursorAt AND id < @cursorId))` : where;
  const rows = cachedStatement(
    db,
    `SELECT id, office_id, born_at, channel, service_id, desk, comment, csat1, csat2, csat3, ces, nps, complete, ${NEGATIVE} AS negative
     FROM response WHERE ${page} ORDER BY born_at DESC, id DESC LIMIT @limit`,
  ).all({ ...params, limit: query.limit ?? -1, ...(query.before ? { cursorAt: query.before.bornAt, cursorId: query.before.id } : {}) }) as CommentSqlRow[];
  return rows.map((r) => ({
    id: r.id,
    officeId: r.office_id,
    bornAt: r.born_at,
    channel: r.channel,
    serviceId: r.service_id,
    desk: r.desk,
    comment: r.comment,
    csat1: r.csat1,
    csat2: r.csat2,
    csat3: r.csat3,
    ces: r.ces,
    nps: r.nps,
    complete: r.complete === 1,
    negative: r.negative === 1,
  }));
}

export function findResponseSqlite(db: Db, id: string): StoredResponse | null {
  const row = cachedStatement(db, `SELECT id, office_id, born_at, comment, ${NEGATIVE} AS negative FROM response WHERE id = ?`).get(id) as
    | { id: string; office_id: string; born_at: number; comment: string | null; negative: 0 | 1 }
    | undefined;
  return row ? { id: row.id, officeId: row.office_id, bornAt: row.born_at, comment: row.comment, negative: row.negative === 1 } : null;
}

export function responseTalliesSqlite(db: Db, query: ResponseRange): ResponseTally[] {
  return cachedStatement(
    db,
    `SELECT office_id AS office, channel, count(*) AS n, sum(${NEGATIVE}) AS negative,
            coalesce(sum(csat3 >= 4), 0) AS satisfied, count(csat3) AS rated
     FROM response WHERE office_id IN (SELECT value FROM json_each(@offices)) AND born_at >= @start AND born_at < @end
     GROUP BY office_id, channel`,
  ).all({ offices: JSON.stringify(query.officeIds), start: query.start, end: query.end }) as ResponseTally[];
}
