import { CHANNEL_LABEL } from '../../shared/channels.ts';
import type { Period } from '../../shared/periods.ts';
import type { SurveyResponse } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import type { OfficeRow } from '../db/offices.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { ServiceName } from '../db/services.ts';
import type { CommentFilter, CommentRow, RecordSource, Tone } from '../records/record-source.ts';
import { reportOffices } from './report-offices.ts';
import { narrowScope, type ReportScope } from './scope.ts';
import { answersFromColumns } from '../db/record-rows.ts';
import { inWorkByResponse, type InWork } from '../db/register-rows.ts';

/**
 * The comments feed: survey responses with a comment, newest first, filtered by office, period,
 * tone and a text search. Negative (the CX sector's rule, negative-rule.ts): any CSAT answer ≤ 3
 * or NPS ≤ 6; the rule is written once, in SQL, and both filters and marks the entries. The
 * responses are read through the RecordSource (SQLite, or the central's PostgreSQL); the offices,
 * services and register entries they are shown with come from the hub's SQLite.
 */
export type { Tone };

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

// A cursor is the last entry's birth and id (a lowercase UUID, as every record id): anything else
// is ignored, so a hand-made cursor cannot reach the database as text it would refuse.
const CURSOR_RE = /^(\d{1,15})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export async function commentFeed(sql: CentralSql, services: readonly ServiceName[], records: RecordSource, directory: readonly OfficeRow[], query: CommentQuery, scope: ReportScope): Promise<CommentPage> {
  const effective = query.officeId === null ? scope : narrowScope(scope, { officeIds: [query.officeId] });
  const offices = await reportOffices(sql, records, directory, effective, query.period);
  const names = new Map(offices.map((o) => [o.id, o.name]));
  const cursor = query.before ? CURSOR_RE.exec(query.before) : null;
  const filter: CommentFilter = { officeIds: [...names.keys()], start: query.period.start, end: query.period.end, tone: query.tone, search: query.search?.trim() || null };
  const limit = Math.max(1, Math.min(MAX_COMMENT_PAGE, Math.floor(query.limit)));
  const [total, rows] = await Promise.all([
    records.countComments(filter),
    records.listComments({ ...filter, before: cursor ? { bornAt: Number(cursor[1]), id: cursor[2]! } : null, limit: limit + 1 }),
  ]);
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const serviceNames = new Map(services.map((s) => [s.id, s.name]));
  const inWork = await inWorkByResponse(sql.db, shown.map((r) => r.id));
  return {
    total,
    entries: shown.map((r) => toEntry(r, names.get(r.officeId) ?? r.officeId, r.serviceId === null ? null : (serviceNames.get(r.serviceId) ?? r.serviceId), inWork.get(r.id) ?? null)),
    next: more && last ? `${last.bornAt}_${last.id}` : null,
  };
}

function toEntry(r: CommentRow, officeName: string, serviceName: string | null, inWork: InWork | null): CommentEntry {
  return {
    id: r.id,
    officeId: r.officeId,
    officeName,
    bornAt: toInstant(r.bornAt),
    channel: r.channel,
    channelLabel: CHANNEL_LABEL[r.channel],
    serviceId: r.serviceId,
    serviceName,
    desk: r.desk,
    comment: r.comment,
    answers: answersFromColumns(r),
    complete: r.complete,
    negative: r.negative,
    inWork,
  };
}
