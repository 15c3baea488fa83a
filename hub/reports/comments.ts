import { CHANNEL_LABEL } from '../../shared/channels.ts';
import type { Period } from '../../shared/periods.ts';
import type { SurveyResponse } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import type { Db } from '../db/open.ts';
import { listServices } from '../db/services.ts';
import { reportOffices } from './report-offices.ts';
import { narrowScope, type ReportScope } from './scope.ts';
import { answersFromColumns } from '../db/record-rows.ts';
import { inWorkByResponse, type InWork } from '../db/register-rows.ts';

/**
 * The comments feed: survey responses with a comment, newest first, filtered by office, period,
 * tone and a text search. Negative (the CX sector's rule): any CSAT answer ≤ 3 or NPS ≤ 6; the
 * rule is written once, in SQL, and both filters and marks the entries.
 */
export type Tone = 'all' | 'negative' | 'other';

export interface CommentQuery {
  period: Period;
  officeId: string | null;
  tone: Tone;
  /** Case-insensitive substring of the comment; null or '' for none. */
  search: string | null;
  limit: number;
  /** Cursor from the previous page's `next`: entries strictly older than it. */
  before: string | null;
}

export interface CommentEntry {
  id: string;
  officeId: string;
  officeName: string;
  bornAt: string;
  channel: SurveyResponse['channel'];
  channelLabel: string;
  serviceId: string | null;
  /** The service's name from the kiosk's list (kept for services taken off it), or the id. */
  serviceName: string | null;
  desk: string | null;
  comment: string;
  answers: SurveyResponse['answers'];
  complete: boolean;
  negative: boolean;
  /** The register entry this comment became when taken into work, and its state; null when it was not. */
  inWork: InWork | null;
}

export interface CommentPage {
  total: number;
  entries: CommentEntry[];
  /** Pass as `before` for the next page; null on the last page. */
  next: string | null;
}

export const MAX_COMMENT_PAGE = 10_000;

/** The CX sector's rule for a negative answer, in SQL over a response row; the monitoring (hub/analysis) counts by it too. */
export const NEGATIVE_RESPONSE_SQL = '(coalesce(csat1 <= 3, 0) OR coalesce(csat2 <= 3, 0) OR coalesce(csat3 <= 3, 0) OR coalesce(nps <= 6, 0))';
const NEGATIVE = NEGATIVE_RESPONSE_SQL;
const TONE_FILTER: Record<Tone, string> = { all: '1', negative: NEGATIVE, other: `NOT ${NEGATIVE}` };

interface CommentRow {
  id: string;
  office_id: string;
  born_at: number;
  channel: SurveyResponse['channel'];
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

const withSearch = new WeakSet<Db>();

// SQLite's lower() and LIKE fold only ASCII; comments are Russian, so the fold is JavaScript's.
function registerSearch(db: Db): void {
  if (withSearch.has(db)) return;
  db.function('czn_contains', { deterministic: true }, (text: unknown, needle: unknown) =>
    typeof text === 'string' && typeof needle === 'string' && text.toLocaleLowerCase('ru').includes(needle.toLocaleLowerCase('ru')) ? 1 : 0,
  );
  withSearch.add(db);
}

const CURSOR_RE = /^(\d{1,15})_([0-9a-f-]{36})$/;

export function commentFeed(db: Db, query: CommentQuery, scope: ReportScope): CommentPage {
  registerSearch(db);
  const effective = query.officeId === null ? scope : narrowScope(scope, { officeIds: [query.officeId] });
  const offices = reportOffices(db, effective, query.period);
  const names = new Map(offices.map((o) => [o.id, o.name]));
  const search = query.search?.trim() || null;
  const cursor = query.before ? CURSOR_RE.exec(query.before) : null;
  const where = [
    'comment IS NOT NULL',
    'born_at >= @start AND born_at < @end',
    'office_id IN (SELECT value FROM json_each(@offices))',
    TONE_FILTER[query.tone],
    search ? 'czn_contains(comment, @search)' : '1',
  ].join(' AND ');
  const params = { start: query.period.start, end: query.period.end, offices: JSON.stringify([...names.keys()]), search };
  const total = db.prepare(`SELECT count(*) FROM response WHERE ${where}`).pluck().get(params) as number;
  const page = cursor ? `${where} AND (born_at < @cursorAt OR (born_at = @cursorAt AND id < @cursorId))` : where;
  const limit = Math.max(1, Math.min(MAX_COMMENT_PAGE, Math.floor(query.limit)));
  const rows = db
    .prepare(
      `SELECT id, office_id, born_at, channel, service_id, desk, comment, csat1, csat2, csat3, ces, nps, complete, ${NEGATIVE} AS negative
       FROM response WHERE ${page} ORDER BY born_at DESC, id DESC LIMIT @limit`,
    )
    .all({ ...params, limit: limit + 1, ...(cursor ? { cursorAt: Number(cursor[1]), cursorId: cursor[2] } : {}) }) as CommentRow[];
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const services = new Map(listServices(db, { activeOnly: false }).map((s) => [s.id, s.name]));
  const inWork = inWorkByResponse(db, shown.map((r) => r.id));
  return {
    total,
    entries: shown.map((r) => toEntry(r, names.get(r.office_id) ?? r.office_id, r.service_id === null ? null : (services.get(r.service_id) ?? r.service_id), inWork.get(r.id) ?? null)),
    next: more && last ? `${last.born_at}_${last.id}` : null,
  };
}

function toEntry(r: CommentRow, officeName: string, serviceName: string | null, inWork: InWork | null): CommentEntry {
  const answers = answersFromColumns(r);
  return {
    id: r.id,
    officeId: r.office_id,
    officeName,
    bornAt: toInstant(r.born_at),
    channel: r.channel,
    channelLabel: CHANNEL_LABEL[r.channel],
    serviceId: r.service_id,
    serviceName,
    desk: r.desk,
    comment: r.comment,
    answers,
    complete: r.complete === 1,
    negative: r.negative === 1,
    inWork,
  };
}
