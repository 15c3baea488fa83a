import { readFileSync } from 'node:fs';
import { DEFAULT_TOPICS } from '../../shared/topics/default-topics.ts';
import { buildTopicModel, suggestTopics } from '../../shared/topics/topic-model.ts';
import { parseLabelledComments } from '../../shared/topics/topic-quality.ts';
import { figure, type BenchFigure } from '../figure.ts';

/**
 * Topic suggestion for a year of comments (issue 19: 500,000 texts in under a minute on this 2-core
 * machine), beside the floor every reading of the texts pays: splitting them into lower-case words
 * with the same regular expression, without stemming or scoring. The texts are the labelled
 * comments, two joined at random, so they run from one word to a few sentences.
 */
const TEXTS = 500_000;

export async function run(): Promise<BenchFigure[]> {
  const labelled = parseLabelledComments(readFileSync(new URL('../../shared/topics/labelled-comments.tsv', import.meta.url), 'utf8')).map((c) => c.text);
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = () => labelled[Math.floor(random() * labelled.length)]!;
  const texts = Array.from({ length: TEXTS }, () => (random() < 0.5 ? pick() : `${pick()} ${pick()}`));

  let words = 0;
  const floorStart = performance.now();
  for (const text of texts) for (const _ of text.toLowerCase().matchAll(/[а-яёa-z0-9]+/g)) words++;
  const floorSeconds = (performance.now() - floorStart) / 1000;

  const model = buildTopicModel(DEFAULT_TOPICS);
  let suggested = 0;
  const start = performance.now();
  for (const text of texts) suggested += suggestTopics(model, text).length;
  const seconds = (performance.now() - start) / 1000;

  return [
    figure('topics: suggestion for 500,000 comments', seconds, 's', { name: 'splitting the same texts into words', value: floorSeconds, unit: 's' }, `${words} words; ${suggested} topics suggested; target under 60 s`),
    figure('topics: comments per second', TEXTS / seconds, 'texts/s', { name: 'texts split into words per second', value: TEXTS / floorSeconds, unit: 'texts/s' }),
  ];
}
