import type { TopicDefinition } from './default-topics.ts';
import { stemWord, teachableStems, textStems } from './words.ts';

/**
 * Topic suggestion for a comment or a register entry: every stem of the text adds its weight
 * towards the topics it suggests, and a topic whose sum reaches SUGGEST_AT is suggested. A cue word
 * starts at weight 1, so one cue is enough, and a hint at HINT_WEIGHT; the CX sector's corrections then move the weights
 * (learnFromCorrection), so a word that kept being wrong for a topic stops suggesting it, and words
 * that kept coming with a confirmed topic start suggesting it. Nothing leaves the server: the
 * model is a table of numbers rebuilt from the topic list and the stored corrections.
 */
export const SUGGEST_AT = 1;
/** A hint word's weight: two hints, or a hint and a cue, suggest a topic. */
export const HINT_WEIGHT = 0.5;
/**
 * How far one correction moves a word's weight for a topic: a word the analyst adds a topic for
 * twice becomes a hint, four times a cue; one removal takes a hint's weight away.
 */
export const LEARNING_RATE = 0.25;
const UNLEARNING_RATE = 0.25;
const WEIGHT_FLOOR = -3;
const WEIGHT_CEILING = 3;

export interface TopicModel {
  topics: readonly TopicDefinition[];
  /** stem → topic id → weight */
  weights: Map<string, Map<string, number>>;
}

export interface TopicSuggestion {
  topicId: string;
  score: number;
  /** The stems of the text that spoke for the topic, strongest first: shown as «почему». */
  because: string[];
}

/** What the CX sector did with a suggestion: the topics it kept or set, beside those suggested. */
export interface TopicCorrection {
  text: string;
  suggested: readonly string[];
  confirmed: readonly string[];
}

export function buildTopicModel(topics: readonly TopicDefinition[], corrections: readonly TopicCorrection[] = []): TopicModel {
  const model: TopicModel = { topics, weights: new Map() };
  for (const topic of topics) {
    for (const hint of topic.hints ?? []) setWeight(model, stemWord(hint), topic.id, HINT_WEIGHT);
    for (const cue of topic.cues) setWeight(model, stemWord(cue), topic.id, 1);
  }
  for (const correction of corrections) learnFromCorrection(model, correction);
  return model;
}

export function suggestTopics(model: TopicModel, text: string, limit = 3): TopicSuggestion[] {
  const scores = new Map<string, { score: number; because: [string, number][] }>();
  for (const stem of textStems(text)) {
    const byTopic = model.weights.get(stem);
    if (!byTopic) continue;
    for (const [topicId, weight] of byTopic) {
      const entry = scores.get(topicId) ?? { score: 0, because: [] };
      entry.score += weight;
      if (weight > 0) entry.because.push([stem, weight]);
      scores.set(topicId, entry);
    }
  }
  return [...scores]
    .filter(([, s]) => s.score >= SUGGEST_AT)
    .sort((a, b) => b[1].score - a[1].score || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([topicId, s]) => ({ topicId, score: round(s.score), because: s.because.sort((a, b) => b[1] - a[1]).map(([stem]) => stem) }));
}

/**
 * One correction: a topic the CX sector added pulls the text's content words towards it; a topic
 * it removed loses weight on the words that suggested it (and only those: the other words of the
 * text did not speak for it). Topics suggested and kept are left alone, so agreeing changes nothing.
 */
export function learnFromCorrection(model: TopicModel, correction: TopicCorrection): void {
  const added = correction.confirmed.filter((t) => !correction.suggested.includes(t));
  const removed = correction.suggested.filter((t) => !correction.confirmed.includes(t));
  if (added.length === 0 && removed.length === 0) return;
  for (const stem of teachableStems(correction.text)) {
    for (const topicId of added) setWeight(model, stem, topicId, weightOf(model, stem, topicId) + LEARNING_RATE);
  }
  for (const stem of textStems(correction.text)) {
    for (const topicId of removed) {
      const weight = weightOf(model, stem, topicId);
      if (weight > 0) setWeight(model, stem, topicId, weight - UNLEARNING_RATE);
    }
  }
}

function weightOf(model: TopicModel, stem: string, topicId: string): number {
  return model.weights.get(stem)?.get(topicId) ?? 0;
}

function setWeight(model: TopicModel, stem: string, topicId: string, weight: number): void {
  let byTopic = model.weights.get(stem);
  if (!byTopic) model.weights.set(stem, (byTopic = new Map()));
  byTopic.set(topicId, Math.min(WEIGHT_CEILING, Math.max(WEIGHT_FLOOR, weight)));
}

const round = (x: number) => Math.round(x * 100) / 100;
