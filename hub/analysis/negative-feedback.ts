import type { NegativeFeedback, NegativeRow, Share, TopicCount } from '../../shared/api/analysis.ts';
import { CHANNEL_LABEL, type Channel } from '../../shared/channels.ts';
import { SMALL_SAMPLE, wilsonInterval } from '../../shared/metrics.ts';
import type { Period } from '../../shared/periods.ts';
import { toInstant } from '../../shared/time.ts';
import { DEFAULT_TOPICS } from '../../shared/topics/default-topics.ts';
import { buildTopicModel, suggestTopics, type TopicModel } from '../../shared/topics/topic-model.ts';
import type { Db } from '../db/open.ts';
import { NEGATIVE_RESPONSE_SQL } from '../reports/comments.ts';
import { pressDayAt } from '../reports/press-day.ts';
import { reportOffices } from '../reports/report-offices.ts';
import type { ReportScope } from '../reports/scope.ts';

/**
 * Negative-feedback monitoring (seed 001 §4.5), collected from what the hub holds, per office and
 * channel over a period (the seed analyses it quarterly; any period works):
 * - negative feedback: panel presses of 1–2; survey answers by the CX sector's rule for the
 *   comments feed (any CSAT answer ≤ 3 or NPS ≤ 6, NEGATIVE_RESPONSE_SQL);
 * - satisfied / unsatisfied clients: a press of 4–5 / 1–3; an answer whose overall satisfaction
 *   (CSAT question 3) is 4–5 / 1–3, as CSAT counts it; answers that skipped question 3 are not counted;
 * - the main topics of the negative comments (shared/topics), each with its share of them.
 * Register entries and survey-builder answers join when those channels land (issues 18, 20).
 */
export interface NegativeQuery {
  period: Period;
  scope: ReportScope;
  /** Examples shown per topic. */
  examples?: number;
}

interface Tally {
  total: number;
  negative: number;
  satisfied: number;
  rated: number;
}

const empty = (): Tally => ({ total: 0, negative: 0, satisfied: 0, rated: 0 });

const DAY_MS = 86_400_000;

export function negativeFeedback(db: Db, query: NegativeQuery, now: number, model: TopicModel = buildTopicModel(DEFAULT_TOPICS)): NegativeFeedback {
  const offices = reportOffices(db, query.scope, query.period);
  const ids = JSON.stringify(offices.map((o) => o.id));
  const { start, end } = query.period;
  const tallies = new Map<string, Map<Channel, Tally>>();
  const tally = (office: string, channel: Channel): Tally => {
    let byChannel = tallies.get(office);
    if (!byChannel) tallies.set(office, (byChannel = new Map()));
    let t = byChannel.get(channel);
    if (!t) byChannel.set(channel, (t = empty()));
    return t;
  };

  for (const row of pressCounts(db, ids, start, end)) {
    const t = tally(row.office, 'panel');
    t.total += row.n;
    t.rated += row.n;
    if (row.score <= 2) t.negative += row.n;
    if (row.score >= 4) t.satisfied += row.n;
  }
  const responses = db
    .prepare(
      `SELECT office_id AS office, channel, count(*) AS n, sum(${NEGATIVE_RESPONSE_SQL}) AS negative,
              sum(csat3 >= 4) AS satisfied, count(csat3) AS rated
       FROM response WHERE office_id IN (SELECT value FROM json_each(@ids)) AND born_at >= @start AND born_at < @end
       GROUP BY office_id, channel`,
    )
    .all({ ids, start, end }) as { office: string; channel: Channel; n: number; negative: number; satisfied: number; rated: number }[];
  for (const row of responses) {
    const t = tally(row.office, row.channel);
    t.total += row.n;
    t.negative += row.negative;
    t.satisfied += row.satisfied;
    t.rated += row.rated;
  }

  const regionTally = empty();
  const regionByChannel = new Map<Channel, Tally>();
  const officeRows = offices.map((office) => {
    const byChannel = tallies.get(office.id) ?? new Map<Channel, Tally>();
    const officeTally = empty();
    const rows: NegativeRow[] = [...byChannel]
      .sort((a, b) => channelOrder(a[0]) - channelOrder(b[0]))
      .map(([channel, t]) => {
        add(officeTally, t);
        const region = regionByChannel.get(channel) ?? empty();
        add(region, t);
        regionByChannel.set(channel, region);
        return { channel, channelLabel: CHANNEL_LABEL[channel], ...shares(t) };
      });
    add(regionTally, officeTally);
    return { office, rows, total: shares(officeTally) };
  });

  const topics = negativeTopics(db, ids, start, end, model, query.examples ?? 3);
  const byChannel = [...regionByChannel].sort((a, b) => channelOrder(a[0]) - channelOrder(b[0])).map(([channel, t]) => ({ channel, channelLabel: CHANNEL_LABEL[channel], ...shares(t) }));
  return { ok: true, generatedAt: toInstant(now), period: query.period, offices: officeRows, byChannel, total: shares(regionTally), ...topics };
}

// Whole Moscow days come from the press_day rollup; a range cut inside a day from the press rows.
function pressCounts(db: Db, ids: string, start: number, end: number): { office: string; score: number; n: number }[] {
  const startDay = pressDayAt(start);
  const endDay = pressDayAt(end);
  if (startDay !== null && endDay !== null && end - start >= DAY_MS) {
    return db
      .prepare(
        `SELECT office_id AS office, score, sum(presses) AS n FROM press_day
         WHERE office_id IN (SELECT value FROM json_each(@ids)) AND day >= @startDay AND day < @endDay AND suppressed = 0
         GROUP BY office_id, score`,
      )
      .all({ ids, startDay, endDay }) as { office: string; score: number; n: number }[];
  }
  return db
    .prepare(
      `SELECT office_id AS office, score, count(*) AS n FROM press
       WHERE office_id IN (SELECT value FROM json_each(@ids)) AND born_at >= @start AND born_at < @end AND suppressed IS NULL
       GROUP BY office_id, score`,
    )
    .all({ ids, start, end }) as { office: string; score: number; n: number }[];
}

function negativeTopics(db: Db, ids: string, start: number, end: number, model: TopicModel, examples: number): Pick<NegativeFeedback, 'negativeComments' | 'withoutTopic' | 'topics'> {
  const rows = db
    .prepare(
      `SELECT office_id AS office, born_at AS bornAt, comment FROM response
       WHERE office_id IN (SELECT value FROM json_each(@ids)) AND born_at >= @start AND born_at < @end
         AND comment IS NOT NULL AND ${NEGATIVE_RESPONSE_SQL}
       ORDER BY born_at DESC`,
    )
    .all({ ids, start, end }) as { office: string; bornAt: number; comment: string }[];
  const byTopic = new Map<string, { comments: number; examples: TopicCount['examples'] }>();
  let withoutTopic = 0;
  for (const row of rows) {
    const found = suggestTopics(model, row.comment);
    if (found.length === 0) withoutTopic++;
    for (const { topicId } of found) {
      const entry = byTopic.get(topicId) ?? { comments: 0, examples: [] };
      entry.comments++;
      if (entry.examples.length < examples) entry.examples.push({ officeId: row.office, bornAt: toInstant(row.bornAt), text: row.comment });
      byTopic.set(topicId, entry);
    }
  }
  const names = new Map(model.topics.map((t) => [t.id, t.name]));
  const topics = [...byTopic]
    .sort((a, b) => b[1].comments - a[1].comments || a[0].localeCompare(b[0]))
    .map(([topicId, t]) => ({ topicId, name: names.get(topicId) ?? topicId, comments: t.comments, share: share(t.comments, rows.length), examples: t.examples }));
  return { negativeComments: rows.length, withoutTopic, topics };
}

function add(into: Tally, t: Tally): void {
  into.total += t.total;
  into.negative += t.negative;
  into.satisfied += t.satisfied;
  into.rated += t.rated;
}

function shares(t: Tally): Omit<NegativeRow, 'channel' | 'channelLabel'> {
  return { total: t.total, negative: share(t.negative, t.total), satisfied: share(t.satisfied, t.rated), unsatisfied: share(t.rated - t.satisfied, t.rated) };
}

function share(count: number, n: number): Share {
  const interval = wilsonInterval(count, n);
  return { count, n, value: n === 0 ? null : (count / n) * 100, interval: interval && { low: interval.low * 100, high: interval.high * 100 }, small: n < SMALL_SAMPLE };
}

const ORDER: readonly Channel[] = ['panel', 'kiosk', 'qr-poster', 'visit-qr', 'email-link', 'phone-call'];
const channelOrder = (c: Channel): number => {
  const i = ORDER.indexOf(c);
  return i < 0 ? ORDER.length : i;
};
