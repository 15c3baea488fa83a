import type pg from 'pg';
import { MOSCOW_OFFSET_MS } from '../../shared/periods.ts';
import type { FeedbackRecord } from '../../shared/records.ts';
import type { BulkRecordWriter } from '../records/bulk-records.ts';
import { figuresKey, type DeviceFigures, type DeviceFiguresQuery } from '../devices/health-queries.ts';
import type { HeatmapCountRow } from '../reports/heatmap.ts';
import { pressDayAt } from '../reports/press-day.ts';
import { MAX_PRESSES_SINCE, type AlertPressReader } from '../records/record-source.ts';

/**
 * The PostgreSQL side of the RecordSource readers other than the figures' histograms
 * (histograms.ts): the heatmap, the invitation answers, the АХО board's per-device figures and the
 * low-score alert watch. Each answers the rows its SQLite twin answers (hub/reports/heatmap.ts,
 * invitation-rates.ts, hub/devices/health-queries.ts, hub/reports/record-source.ts), so the code
 * above them is one; readers.test.ts holds the two to the same answers on the same records.
 * node-postgres returns bigint and counts as strings: every number is read with Number().
 */
const num = (value: string | number | null): number | null => (value === null ? null : Number(value));

export async function officesWithPressesPg(pool: pg.Pool, officeIds: readonly string[]): Promise<Set<string>> {
  const rows = await pool.query<{ office: string }>('SELECT o AS office FROM unnest($1::text[]) AS o WHERE EXISTS (SELECT 1 FROM press_day WHERE office_id = o)', [[...officeIds]]);
  return new Set(rows.rows.map((r) => r.office));
}

// The same integer arithmetic as SQLite's (bigint / bigint divides as integers).
const HEATMAP_SQL = `SELECT ((born_at + ${MOSCOW_OFFSET_MS}) / 86400000 + 3) % 7 + 1 AS weekday, ((born_at + ${MOSCOW_OFFSET_MS}) % 86400000) / 3600000 AS hour, score, count(*) AS n
  FROM press WHERE office_id = ANY($1::text[]) AND born_at >= $2 AND born_at < $3 AND suppressed IS NULL
  GROUP BY 1, 2, score`;

export async function heatmapCountsPg(pool: pg.Pool, officeIds: readonly string[], start: number, end: number): Promise<HeatmapCountRow[]> {
  const rows = (await pool.query<{ weekday: string; hour: string; score: number; n: string }>(HEATMAP_SQL, [[...officeIds], start, end])).rows;
  return rows.map((r) => ({ weekday: Number(r.weekday), hour: Number(r.hour), score: Number(r.score), n: Number(r.n) }));
}

const ANSWERED_SQL = `SELECT office_id AS office, count(*) AS n FROM response
  WHERE office_id = ANY($1::text[]) AND born_at >= $2 AND born_at < $3 AND channel IN ('visit-qr', 'email-link') GROUP BY office_id`;

export async function answeredInvitationsPg(pool: pg.Pool, officeIds: readonly string[], start: number, end: number): Promise<Map<string, number>> {
  const rows = (await pool.query<{ office: string; n: string }>(ANSWERED_SQL, [[...officeIds], start, end])).rows;
  return new Map(rows.map((r) => [r.office, Number(r.n)]));
}

/*
 * The board asks from a Moscow midnight, a whole day of the panel_day / device_response_day rollups
 * (hub/migrations-pg/0004); the last record is the newest day's. Any other `since` counts the rows.
 * All panels and kiosks of a snapshot go in one statement each (unnest of the pairs asked).
 */
const PANELS_BY_DAY = `SELECT q.office, q.panel,
    (SELECT last_born_at FROM panel_day d WHERE d.office_id = q.office AND d.panel_id = q.panel ORDER BY day DESC LIMIT 1) AS last_at,
    t.counted, t.suppressed
  FROM unnest($1::text[], $2::text[]) AS q(office, panel)
  CROSS JOIN LATERAL (SELECT coalesce(sum(counted), 0) AS counted, coalesce(sum(suppressed), 0) AS suppressed
    FROM panel_day d WHERE d.office_id = q.office AND d.panel_id = q.panel AND d.day >= $3) t`;
const PANELS_BY_ROWS = `SELECT q.office, q.panel,
    (SELECT last_born_at FROM panel_day d WHERE d.office_id = q.office AND d.panel_id = q.panel ORDER BY day DESC LIMIT 1) AS last_at,
    t.counted, t.suppressed
  FROM unnest($1::text[], $2::text[]) AS q(office, panel)
  CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE suppressed IS NULL) AS counted, count(*) FILTER (WHERE suppressed IS NOT NULL) AS suppressed
    FROM press p WHERE p.office_id = q.office AND p.panel_id = q.panel AND p.born_at >= $3) t`;
const KIOSKS_BY_DAY = `SELECT q.office, q.device,
    (SELECT last_born_at FROM device_response_day d WHERE d.office_id = q.office AND d.device_id = q.device ORDER BY day DESC LIMIT 1) AS last_at,
    (SELECT coalesce(sum(responses), 0) FROM device_response_day d WHERE d.office_id = q.office AND d.device_id = q.device AND d.day >= $3) AS n
  FROM unnest($1::text[], $2::text[]) AS q(office, device)`;
const KIOSKS_BY_ROWS = `SELECT q.office, q.device,
    (SELECT last_born_at FROM device_response_day d WHERE d.office_id = q.office AND d.device_id = q.device ORDER BY day DESC LIMIT 1) AS last_at,
    (SELECT count(*) FROM response r WHERE r.office_id = q.office AND r.device_id = q.device AND r.born_at >= $3) AS n
  FROM unnest($1::text[], $2::text[]) AS q(office, device)`;

export async function deviceFiguresPg(pool: pg.Pool, query: DeviceFiguresQuery): Promise<DeviceFigures> {
  const day = pressDayAt(query.since);
  const from = day ?? query.since;
  const result: DeviceFigures = { panels: new Map(), kiosks: new Map() };
  const [panels, kiosks] = await Promise.all([
    query.panels.length === 0
      ? null
      : pool.query<{ office: string; panel: string; last_at: string | null; counted: string; suppressed: string }>(day === null ? PANELS_BY_ROWS : PANELS_BY_DAY, [
          query.panels.map((p) => p.officeId),
          query.panels.map((p) => p.panelId),
          from,
        ]),
    query.kiosks.length === 0
      ? null
      : pool.query<{ office: string; device: string; last_at: string | null; n: string }>(day === null ? KIOSKS_BY_ROWS : KIOSKS_BY_DAY, [
          query.kiosks.map((k) => k.officeId),
          query.kiosks.map((k) => k.deviceId),
          from,
        ]),
  ]);
  for (const r of panels?.rows ?? []) result.panels.set(figuresKey(r.office, r.panel), { lastPressAt: num(r.last_at), counted: Number(r.counted), suppressed: Number(r.suppressed) });
  for (const r of kiosks?.rows ?? []) result.kiosks.set(figuresKey(r.office, r.device), { lastAt: num(r.last_at), count: Number(r.n) });
  return result;
}

/**
 * The alert watch's mark on PostgreSQL. SQLite's is the press rowid, which grows in commit order;
 * PostgreSQL has nothing that does (a sequence or received_at is taken before commit, and
 * transactions commit out of that order). But every press of the central reaches PostgreSQL
 * through this process's writer, so the writer keeps the journal: after each commit, the batch's
 * mark and the earliest counted press it stored per office. A mark is taken before the watch reads
 * rows, and a batch is journaled only after its commit is visible, so a press the watch's reads did
 * not see always has a later mark than the one the watch kept, and is found by earliestStoredSince.
 *
 * A write that fails may have committed anyway (the connection lost after COMMIT was sent): it is
 * journaled as unknown, and every office's carried counts start over. The journal holds the last
 * MAX_PRESSES_SINCE presses; a mark older than that answers unknown too. After a restart the watch
 * has no carried counts, so it starts from an aggregate and needs no journal of the time before.
 * (Two central processes writing one database would each miss the other's presses; the central is
 * one process.)
 */
export interface PressJournal {
  mark(): number;
  earliestStoredSince(officeId: string, since: number): number | null | 'unknown';
  /** Wraps a writer so that every write is journaled. */
  watch(writer: BulkRecordWriter): BulkRecordWriter;
}

export function createPressJournal(limit = MAX_PRESSES_SINCE): PressJournal {
  let current = 0;
  // Marks at or below `floor` have been let go.
  let floor = 0;
  let held = 0;
  const entries: { mark: number; presses: number; earliest: Map<string, number> | null }[] = [];

  const add = (presses: number, earliest: Map<string, number> | null) => {
    entries.push({ mark: ++current, presses, earliest });
    held += presses;
    while (entries.length > 1 && (held > limit || entries.length > limit)) {
      const gone = entries.shift()!;
      held -= gone.presses;
      floor = gone.mark;
    }
  };
  const noteStored = (stored: readonly FeedbackRecord[]) => {
    const earliest = new Map<string, number>();
    let presses = 0;
    for (const r of stored) {
      if (r.kind !== 'press' || r.suppressed !== null) continue;
      presses++;
      const at = Date.parse(r.bornAt);
      const was = earliest.get(r.officeId);
      if (was === undefined || at < was) earliest.set(r.officeId, at);
    }
    if (presses > 0) add(presses, earliest);
  };

  return {
    mark: () => current,
    earliestStoredSince(officeId, since) {
      if (since < floor) return 'unknown';
      let earliest: number | null = null;
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i]!;
        if (e.mark <= since) break;
        if (e.earliest === null) return 'unknown';
        const at = e.earliest.get(officeId);
        if (at !== undefined && (earliest === null || at < earliest)) earliest = at;
      }
      return earliest;
    },
    watch: (writer) => ({
      write: (records, now, within) =>
        writer.write(records, now, within).then(
          (result) => {
            noteStored(result.stored);
            return result;
          },
          (error: unknown) => {
            add(0, null);
            throw error;
          },
        ),
    }),
  };
}

export function alertPressesPg(pool: pg.Pool, journal: PressJournal): AlertPressReader {
  return {
    async rows(officeId, from, to) {
      const rows = (
        await pool.query<{ born_at: string; score: number }>(
          'SELECT born_at, score FROM press WHERE office_id = $1 AND born_at > $2 AND born_at <= $3 AND suppressed IS NULL ORDER BY born_at',
          [officeId, from, to],
        )
      ).rows;
      return rows.map((r) => [Number(r.born_at), Number(r.score)]);
    },
    async scores(officeId, from, to) {
      const rows = (await pool.query<{ score: number; n: string }>('SELECT score, count(*) AS n FROM press WHERE office_id = $1 AND born_at > $2 AND born_at <= $3 AND suppressed IS NULL GROUP BY score', [officeId, from, to]))
        .rows;
      return rows.map((r) => [Number(r.score), Number(r.n)]);
    },
    mark: async () => journal.mark(),
    earliestStoredSince: async (officeId, since) => journal.earliestStoredSince(officeId, since),
  };
}
