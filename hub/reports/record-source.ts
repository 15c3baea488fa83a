import type { SurveyResponse } from '../../shared/records.ts';
import type { Db } from '../db/open.ts';
import { countHistograms, type CountsByOffice, type HistogramQuery } from './histograms.ts';
import { countCommentsSqlite, findResponseSqlite, listCommentsSqlite, responseTalliesSqlite } from './response-reads.ts';

/**
 * Where the reports read presses and responses from: the hub's own SQLite (every office hub, and
 * the central by default) or the central's PostgreSQL (DATABASE_URL, hub/central-pg/). Both answer
 * the same rows, so every figure, the trend, the drill-down, the weekly table, the comments feed
 * and the negative-feedback monitoring are one code path above this interface; it is async
 * because PostgreSQL is across a socket.
 */
export interface RecordSource {
  readonly kind: 'sqlite' | 'postgres';
  /** counts[office][key] of presses and responses born in [start, end) (histograms.ts). */
  countHistograms(query: HistogramQuery): Promise<CountsByOffice>;
  /** Which of these offices ever had a press stored (a panel exists there, silent or not). */
  officesWithPresses(officeIds: readonly string[]): Promise<Set<string>>;
  /** How many responses with a comment match the filter (the feed's total). */
  countComments(filter: CommentFilter): Promise<number>;
  /** Responses with a comment matching the filter, newest first (born_at, then id, descending). */
  listComments(query: CommentListQuery): Promise<CommentRow[]>;
  /** One response by its id, wherever it was born; null when none is stored under it. */
  findResponse(id: string): Promise<StoredResponse | null>;
  /** Responses born in [start, end), per office and channel, counted as the monitoring needs them. */
  responseTallies(query: ResponseRange): Promise<ResponseTally[]>;
}

/** The channels a survey response comes by: every channel but the panel. */
export type SurveyChannel = SurveyResponse['channel'];

/** The comments feed's tone filter: negative by the CX sector's rule (negative-rule.ts), or the rest. */
export type Tone = 'all' | 'negative' | 'other';

export interface ResponseRange {
  officeIds: readonly string[];
  start: number;
  end: number;
}

export interface CommentFilter extends ResponseRange {
  tone: Tone;
  /**
   * A case-insensitive substring of the comment, or null. Case is folded as Russian is folded
   * (JavaScript's toLocaleLowerCase('ru') on SQLite, ICU's «ru» lower() on PostgreSQL, the same
   * library); ё and е stay different letters, as they always have on SQLite.
   */
  search: string | null;
}

export interface CommentListQuery extends CommentFilter {
  /** Only entries strictly older than this one in the feed's order; null from the newest. */
  before: { bornAt: number; id: string } | null;
  /** At most this many; null for all. */
  limit: number | null;
}

export interface CommentRow {
  id: string;
  officeId: string;
  bornAt: number;
  channel: SurveyChannel;
  serviceId: string | null;
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

export interface StoredResponse {
  id: string;
  officeId: string;
  bornAt: number;
  comment: string | null;
  negative: boolean;
}

export interface ResponseTally {
  office: string;
  channel: SurveyChannel;
  /** Responses. */
  n: number;
  /** Of them negative by the CX sector's rule. */
  negative: number;
  /** Answered overall satisfaction (CSAT question 3) with 4–5. */
  satisfied: number;
  /** Answered CSAT question 3 at all. */
  rated: number;
}

export function sqliteRecordSource(db: Db): RecordSource {
  const withPresses = db.prepare('SELECT value FROM json_each(?) WHERE EXISTS (SELECT 1 FROM press WHERE office_id = value)').pluck();
  return {
    kind: 'sqlite',
    countHistograms: async (query) => countHistograms(db, query),
    officesWithPresses: async (officeIds) => new Set(withPresses.all(JSON.stringify(officeIds)) as string[]),
    countComments: async (filter) => countCommentsSqlite(db, filter),
    listComments: async (query) => listCommentsSqlite(db, query),
    findResponse: async (id) => findResponseSqlite(db, id),
    responseTallies: async (query) => responseTalliesSqlite(db, query),
  };
}
