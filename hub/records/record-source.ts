import type { SurveyResponse } from '../../shared/records.ts';
import type { MetricCounts } from './metric-counts.ts';

/**
 * Where the reports read presses and responses from: the hub's own SQLite (every office hub, and
 * the central by default) or the central's PostgreSQL (DATABASE_URL, hub/central-pg/). Both answer
 * the same rows, so every figure, the trend, the drill-down, the weekly table, the heatmap, the
 * invitation rates, the comments feed, the negative-feedback monitoring, the АХО board's record
 * counts and the low-score alert watch are one code path above this interface; it is async
 * because PostgreSQL is across a socket.
 */
export interface RecordSource {
  readonly kind: 'sqlite' | 'postgres';
  /** counts[office][key] of presses and responses born in [start, end) (histograms.ts). */
  countHistograms(query: HistogramQuery): Promise<CountsByOffice>;
  /** Which of these offices ever had a press stored (a panel exists there, silent or not). */
  officesWithPresses(officeIds: readonly string[]): Promise<Set<string>>;
  /** Counted presses born in [start, end) by Moscow ISO weekday, hour and score (heatmap.ts). */
  heatmapCounts(officeIds: readonly string[], start: number, end: number): Promise<HeatmapCountRow[]>;
  /** Responses born in [start, end) that answer a per-visit invitation (channels visit-qr, email-link), by office. */
  answeredInvitations(officeIds: readonly string[], start: number, end: number): Promise<Map<string, number>>;
  /** The АХО board's per-panel and per-kiosk record figures (hub/devices/health-queries.ts). */
  deviceFigures(query: DeviceFiguresQuery): Promise<DeviceFigures>;
  /** The low-score alert watch's reads (hub/alerts/low-score-alerts.ts). */
  alertPresses: AlertPressReader;
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
   * (JavaScript's toLocaleLowerCase('ru') on SQLite, ICU's «ru» lower() on PostgreSQL: the same
   * library, each its own version, so only letters newer than the older one's Unicode, none of them
   * Russian, fold differently); ё and е stay different letters, as they always have on SQLite.
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

/**
 * Counted presses (suppressed IS NULL) of one office, and a mark of how far the stored presses go,
 * so the alert watch can carry its window counts from one batch to the next and know when a press
 * born inside a window it already counted was stored since.
 */
export interface AlertPressReader {
  /** [born_at, score] of counted presses born in (from, to], by birth. */
  rows(officeId: string, from: number, to: number): Promise<[number, number][]>;
  /** [score, n] of counted presses born in (from, to]. */
  scores(officeId: string, from: number, to: number): Promise<[number, number][]>;
  /** Where the presses stored so far end: a press stored after this call gets a later mark. */
  mark(): Promise<number>;
  /**
   * The earliest birth of a counted press of the office stored after `since` (a mark), null if
   * none; 'unknown' when that cannot be told cheaply (too many stored since, or a write whose
   * outcome is unknown): the watch then starts over from an aggregate. `current` is a mark taken now.
   */
  earliestStoredSince(officeId: string, since: number, current: number): Promise<number | null | 'unknown'>;
}

/** Beyond this many press rows stored since the counts were kept, an aggregate is as cheap. */
export const MAX_PRESSES_SINCE = 50_000;

export type Dimension = 'all' | 'desk' | 'service' | 'channel';

export interface HistogramQuery {
  officeIds: readonly string[];
  start: number;
  end: number;
  dimension: Dimension;
}

/** counts[office][key]: `key` is '' for 'all', else the desk, service id or channel. */
export type CountsByOffice = Map<string, Map<string, MetricCounts>>;

export interface HeatmapCountRow {
  weekday: number;
  hour: number;
  score: number;
  n: number;
}

export interface PanelPressFigures {
  lastPressAt: number | null;
  counted: number;
  suppressed: number;
}

export interface KioskResponseFigures {
  lastAt: number | null;
  count: number;
}

export interface DeviceFiguresQuery {
  panels: readonly { officeId: string; panelId: string }[];
  kiosks: readonly { officeId: string; deviceId: string }[];
  /** Counts are of records born at or after this (the board: today's Moscow midnight). */
  since: number;
}

/** Keyed by figuresKey(officeId, panelId or deviceId); every panel and kiosk asked for has an entry. */
export interface DeviceFigures {
  panels: Map<string, PanelPressFigures>;
  kiosks: Map<string, KioskResponseFigures>;
}
