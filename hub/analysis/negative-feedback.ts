import type { NegativeFeedback, NegativeRow, Share, TopicCount } from '../../shared/api/analysis.ts';
import { CHANNEL_LABEL, type Channel } from '../../shared/channels.ts';
import { SMALL_SAMPLE, wilsonInterval } from '../../shared/metrics.ts';
import type { Period } from '../../shared/periods.ts';
import { toInstant } from '../../shared/time.ts';
import { DEFAULT_TOPICS } from '../../shared/topics/default-topics.ts';
import { buildTopicModel, suggestTopics, type TopicModel } from '../../shared/topics/topic-model.ts';
import type { Queryable } from '../sql/queryable.ts';
import type { OfficeRow } from '../db/offices.ts';
import type { CommentRow, RecordSource } from '../records/record-source.ts';
import { reportOffices } from '../reports/report-offices.ts';
import type { ReportScope } from '../reports/scope.ts';

/**
 * Negative-feedback monitoring (seed 001 §4.5), collected from what the hub holds, per office and
 * channel over a period (the seed analyses it quarterly; any period works):
 * - negative feedback: panel presses of 1–2; survey answers by the CX sector's rule for the
 *   comments feed (any CSAT answer ≤ 3 or NPS ≤ 6, hub/reports/negative-rule.ts);
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

export async function negativeFeedback(sql: Queryable, records: RecordSource, directory: readonly OfficeRow[], query: NegativeQuery, now: number, model: TopicModel = buildTopicModel(DEFAULT_TOPICS)): Promise<NegativeFeedback> {
  const offices = await reportOffices(sql, records, directory, query.scope, query.period);
  const range = { officeIds: offices.map((o) => o.id), start: query.period.start, end: query.period.end };
  const tallies = new Map<string, Map<Channel, Tally>>();
  const tally = (office: string, channel: Channel): Tally => {
    let byChannel = tallies.get(office);
    if (!byChannel) tallies.set(office, (byChannel = new Map()));
    let t = byChannel.get(channel);
    if (!t) byChannel.set(channel, (t = empty()));
    return t;
  };

  // The presses as the figures count them (whole Moscow days from the press_day rollup, a range cut
  // inside a day from the rows): counted presses by score, suppressed ones left out.
  const [pressCounts, responses, negativeComments] = await Promise.all([
    records.countHistograms({ ...range, dimension: 'all' }),
    records.responseTallies(range),
    records.listComments({ ...range, tone: 'negative', search: null, before: null, limit: null }),
  ]);
  for (const [office, byKey] of pressCounts) {
    const panel = byKey.get('')?.panel ?? [];
    panel.forEach((n, score) => {
      if (n === 0) return;
      const t = tally(office, 'panel');
      t.total += n;
      t.rated += n;
      if (score <= 2) t.negative += n;
      if (score >= 4) t.satisfied += n;
    });
  }
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

  const topics = negativeTopics(negativeComments, model, query.examples ?? 3);
  const byChannel = [...regionByChannel].sort((a, b) => channelOrder(a[0]) - channelOrder(b[0])).map(([channel, t]) => ({ channel, channelLabel: CHANNEL_LABEL[channel], ...shares(t) }));
  return { ok: true, generatedAt: toInstant(now), period: query.period, offices: officeRows, byChannel, total: shares(regionTally), ...topics };
}

// The negative comments come newest first (the feed's order), so a topic's examples are its latest.
function negativeTopics(rows: readonly CommentRow[], model: TopicModel, examples: number): Pick<NegativeFeedback, 'negativeComments' | 'withoutTopic' | 'topics'> {
  const byTopic = new Map<string, { comments: number; examples: TopicCount['examples'] }>();
  let withoutTopic = 0;
  for (const row of rows) {
    const found = suggestTopics(model, row.comment);
    if (found.length === 0) withoutTopic++;
    for (const { topicId } of found) {
      const entry = byTopic.get(topicId) ?? { comments: 0, examples: [] };
      entry.comments++;
      if (entry.examples.length < examples) entry.examples.push({ officeId: row.officeId, bornAt: toInstant(row.bornAt), text: row.comment });
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
