import type { LowScoreRule } from '../../shared/alert-rules.ts';
import type { Selectable } from 'kysely';
import type { CentralSql } from '../sql/central-sql.ts';
import type { LowScoreAlertTable } from '../sql/tables.ts';
import type { AlertPressReader } from '../records/record-source.ts';

/**
 * Low-score alerts: a rule fires for an office when, within `windowMinutes` up to a new press, at
 * least `minPresses` counted presses arrived and at least `share` of them scored `maxScore` or less
 * (the default: half of at least 4 presses at 1 within 30 minutes). One alert per office and rule
 * per window: a bad half hour is one alert, not one per press. The rule's schema: shared/alert-rules.ts.
 */
export type { LowScoreRule } from '../../shared/alert-rules.ts';

export interface LowScoreAlert {
  id: number;
  officeId: string;
  ruleKey: string;
  windowStart: number;
  windowEnd: number;
  presses: number;
  lowPresses: number;
  raisedAt: number;
  mailStatus: 'not-configured' | 'sent' | 'failed';
  mailDetail: string | null;
}

export const ruleKey = (rule: LowScoreRule): string => `${rule.windowMinutes}m:${rule.minPresses}:${rule.share}:${rule.maxScore}`;

export const describeRule = (rule: LowScoreRule): string =>
  `не менее ${Math.round(rule.share * 100)} % нажатий с оценкой ${rule.maxScore === 1 ? '1' : `1–${rule.maxScore}`} за ${rule.windowMinutes} мин при не менее ${rule.minPresses} нажатиях`;

/** counts[score] of counted presses in the window. Pure: the rule's arithmetic, nothing else. */
export function ruleFires(rule: LowScoreRule, counts: readonly number[]): { presses: number; lowPresses: number } | null {
  const presses = counts.reduce((a, b) => a + b, 0);
  const lowPresses = counts.slice(1, rule.maxScore + 1).reduce((a, b) => a + b, 0);
  return presses >= rule.minPresses && lowPresses >= rule.share * presses ? { presses, lowPresses } : null;
}

/**
 * Each rule's window counts at the last moment evaluated, per office, so that the next batch
 * starts from them instead of aggregating the whole window again (a busy window holds thousands of
 * presses; a batch adds a few). The counts remember the mark of the stored presses when they were
 * read (AlertPressReader: the press rowid on SQLite, the writer's journal on the central's
 * PostgreSQL); before they are used, the presses stored since are checked for one of the office's
 * born inside a window already counted (a late backlog). Then, or when too many presses came in
 * between, the office starts over from an aggregate. So the counts stay right even for a batch the
 * watch never saw. Kept in memory only: after a restart every office starts from an aggregate.
 */
export class WindowCounts {
  private readonly held = new Map<string, { at: number; lastRow: number; counts: readonly number[] }>();

  get(officeId: string, rule: string): { at: number; lastRow: number; counts: readonly number[] } | null {
    return this.held.get(`${officeId}\n${rule}`) ?? null;
  }

  set(officeId: string, rule: string, state: { at: number; lastRow: number; counts: readonly number[] }): void {
    this.held.set(`${officeId}\n${rule}`, { ...state, counts: [...state.counts] });
  }
}

/**
 * Evaluates the rules for an office at each of `moments` (births of new presses, ascending);
 * records and returns new alerts. Each rule's window slides over the moments: its counts at the
 * start come from `windows` (the last batch's end) or else one SQL aggregate over the covering
 * index, then only the presses entering (born between the start and the last moment) and leaving
 * (born one window earlier) are read. So a batch costs about its own size, however many presses
 * the window holds.
 *
 * The presses are read through `presses` (the RecordSource: SQLite, or the central's PostgreSQL);
 * the alerts are kept through `sql` (the hub's SQLite, or the central's PostgreSQL). Each alert's
 * check for a recent one and its insert are one transaction; the alert watch checks one batch at a
 * time (alert-watch.ts), so two checks do not raise the same window twice.
 */
export async function checkOffice(
  sql: CentralSql,
  presses: AlertPressReader,
  rules: readonly LowScoreRule[],
  officeId: string,
  moments: readonly number[],
  now: number,
  windows?: WindowCounts,
): Promise<LowScoreAlert[]> {
  const raised: LowScoreAlert[] = [];
  if (rules.length === 0 || moments.length === 0) return raised;
  const first = moments[0] as number;
  const last = moments[moments.length - 1] as number;
  const rowsBetween = async (from: number, to: number) => (to > from ? presses.rows(officeId, from, to) : []);
  // Taken before any row is read: a press stored after it, which the reads below may miss, has a later mark.
  const lastRow = await presses.mark();
  const stillValid = async (held: { at: number; lastRow: number }) => {
    if (held.at >= first) return false;
    const earliest = await presses.earliestStoredSince(officeId, held.lastRow, lastRow);
    return earliest === null || (earliest !== 'unknown' && earliest > held.at);
  };
  for (const rule of rules) {
    const windowMs = rule.windowMinutes * 60_000;
    const key = ruleKey(rule);
    const kept = windows?.get(officeId, key);
    const held = kept && (await stillValid(kept)) ? kept : null;
    const start = held ? held.at : first;
    const counts = held ? [...held.counts] : new Array<number>(6).fill(0);
    if (!held) for (const [score, n] of await presses.scores(officeId, first - windowMs, first)) counts[score] = n;
    const [entering, leaving] = await Promise.all([rowsBetween(start, last), rowsBetween(start - windowMs, last - windowMs)]);
    let inAt = 0;
    let outAt = 0;
    for (const at of moments) {
      for (; inAt < entering.length && (entering[inAt] as [number, number])[0] <= at; inAt++) counts[(entering[inAt] as [number, number])[1]]! += 1;
      for (; outAt < leaving.length && (leaving[outAt] as [number, number])[0] <= at - windowMs; outAt++) counts[(leaving[outAt] as [number, number])[1]]! -= 1;
      const fired = ruleFires(rule, counts);
      if (!fired) continue;
      const windowStart = at - windowMs;
      const id = await sql.transaction(async (trx) => {
        const recent = await trx.selectFrom('low_score_alert').select('id').where('office_id', '=', officeId).where('rule_key', '=', key).where('window_end', '>', windowStart).limit(1).executeTakeFirst();
        if (recent) return null;
        const row = await trx
          .insertInto('low_score_alert')
          .values({ office_id: officeId, rule_key: key, rule_text: describeRule(rule), window_start: windowStart, window_end: at, presses: fired.presses, low_presses: fired.lowPresses, raised_at: now, mail_status: 'not-configured' })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      });
      if (id === null) continue;
      raised.push({ id, officeId, ruleKey: key, windowStart, windowEnd: at, presses: fired.presses, lowPresses: fired.lowPresses, raisedAt: now, mailStatus: 'not-configured', mailDetail: null });
    }
    windows?.set(officeId, key, { at: last, lastRow, counts });
  }
  return raised;
}

export async function recordAlertMail(sql: CentralSql, id: number, status: LowScoreAlert['mailStatus'], detail: string | null): Promise<void> {
  await sql.db.updateTable('low_score_alert').set({ mail_status: status, mail_detail: detail }).where('id', '=', id).execute();
}

export interface AlertEntry extends LowScoreAlert {
  ruleText: string;
}

const fromRow = (r: Selectable<LowScoreAlertTable>): AlertEntry => ({
  id: r.id,
  officeId: r.office_id,
  ruleKey: r.rule_key,
  ruleText: r.rule_text,
  windowStart: r.window_start,
  windowEnd: r.window_end,
  presses: r.presses,
  lowPresses: r.low_presses,
  raisedAt: r.raised_at,
  mailStatus: r.mail_status,
  mailDetail: r.mail_detail,
});

/** Alerts whose window ends in [from, to), newest first (the later id first at the same end), for the offices given. */
export async function listAlerts(sql: CentralSql, officeIds: readonly string[], from: number, to: number, limit = 200): Promise<AlertEntry[]> {
  if (officeIds.length === 0) return [];
  const rows = await sql.db
    .selectFrom('low_score_alert')
    .selectAll()
    .where('office_id', 'in', officeIds)
    .where('window_end', '>=', from)
    .where('window_end', '<', to)
    .orderBy('window_end', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(fromRow);
}

/** One alert by id, or null. */
export async function findAlert(sql: CentralSql, id: number): Promise<AlertEntry | null> {
  const row = await sql.db.selectFrom('low_score_alert').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}
