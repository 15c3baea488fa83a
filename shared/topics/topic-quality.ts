import { suggestTopics, type TopicModel } from './topic-model.ts';

/**
 * Precision and recall of topic suggestion against comments labelled by hand: precision is the
 * share of suggested topics a person would have chosen, recall the share of chosen topics that
 * were suggested. Counted over (comment, topic) pairs, and per topic for the report.
 */
export interface LabelledComment {
  text: string;
  topics: readonly string[];
}

export interface TopicQuality {
  comments: number;
  precision: number;
  recall: number;
  perTopic: Record<string, { precision: number; recall: number; labelled: number }>;
}

export function measureTopicQuality(model: TopicModel, labelled: readonly LabelledComment[]): TopicQuality {
  let suggestedTotal = 0;
  let labelledTotal = 0;
  let hitsTotal = 0;
  const per = new Map<string, { suggested: number; labelled: number; hits: number }>();
  const bucket = (id: string) => per.get(id) ?? (per.set(id, { suggested: 0, labelled: 0, hits: 0 }), per.get(id)!);
  for (const comment of labelled) {
    const suggested = suggestTopics(model, comment.text).map((s) => s.topicId);
    for (const id of suggested) bucket(id).suggested++;
    for (const id of comment.topics) bucket(id).labelled++;
    const hits = suggested.filter((id) => comment.topics.includes(id));
    for (const id of hits) bucket(id).hits++;
    suggestedTotal += suggested.length;
    labelledTotal += comment.topics.length;
    hitsTotal += hits.length;
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);
  const perTopic: TopicQuality['perTopic'] = {};
  for (const [id, c] of [...per].sort((a, b) => a[0].localeCompare(b[0]))) perTopic[id] = { precision: ratio(c.hits, c.suggested), recall: ratio(c.hits, c.labelled), labelled: c.labelled };
  return { comments: labelled.length, precision: ratio(hitsTotal, suggestedTotal), recall: ratio(hitsTotal, labelledTotal), perTopic };
}

/** The labelled set's file format: «topics<TAB>text» per line, topics comma-separated or «-», # comments. */
export function parseLabelledComments(tsv: string): LabelledComment[] {
  const out: LabelledComment[] = [];
  for (const line of tsv.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab < 0) throw new Error(`labelled comment without a tab: ${line}`);
    const topics = line.slice(0, tab).trim();
    out.push({ text: line.slice(tab + 1).trim(), topics: topics === '-' ? [] : topics.split(',').map((t) => t.trim()) });
  }
  return out;
}
