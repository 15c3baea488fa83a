import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOPICS, type TopicDefinition } from './default-topics.ts';
import { buildTopicModel, learnFromCorrection, suggestTopics } from './topic-model.ts';
import { measureTopicQuality, parseLabelledComments, type LabelledComment } from './topic-quality.ts';

/**
 * Topic suggestion measured on the hand-labelled comments (labelled-comments.tsv). The figures are
 * printed for the closing note; the floors below only catch a dictionary or stemmer change that
 * makes suggestion clearly worse.
 */
const labelled = parseLabelledComments(readFileSync(new URL('./labelled-comments.tsv', import.meta.url), 'utf8'));

/** Corrections a CX analyst would make on `train`, learned; quality measured on `test`. */
function learnedQuality(topics: readonly TopicDefinition[], train: readonly LabelledComment[], test: readonly LabelledComment[]) {
  const model = buildTopicModel(topics);
  for (const c of train) learnFromCorrection(model, { text: c.text, suggested: suggestTopics(model, c.text).map((s) => s.topicId), confirmed: c.topics });
  return measureTopicQuality(model, test);
}

describe('topic suggestion quality', () => {
  it('has at least 200 labelled comments with known topics', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(200);
    const known = new Set(DEFAULT_TOPICS.map((t) => t.id));
    for (const c of labelled) for (const t of c.topics) expect(known.has(t), `${t} in «${c.text}»`).toBe(true);
  });

  it('the default dictionary: precision and recall on the labelled set', () => {
    const quality = measureTopicQuality(buildTopicModel(DEFAULT_TOPICS), labelled);
    console.log('topic suggestion, default dictionary:', JSON.stringify(quality));
    expect(quality.precision).toBeGreaterThan(0.8);
    expect(quality.recall).toBeGreaterThan(0.7);
  });

  it('corrections teach a topic the CX sector added without words: 5-fold, learned on four fifths, measured on the fifth', () => {
    // «Выплаты» as if the CX sector had just added it with no words: everything it suggests later
    // comes from the corrections on the training folds.
    const topics = DEFAULT_TOPICS.map((t) => (t.id === 'payments' ? { ...t, cues: [], hints: [] } : t));
    const folds = 5;
    let recallBefore = 0;
    let recallAfter = 0;
    let f1Before = 0;
    let f1After = 0;
    const f1 = (q: { precision: number; recall: number }) => (2 * q.precision * q.recall) / (q.precision + q.recall);
    for (let k = 0; k < folds; k++) {
      const test = labelled.filter((_, i) => i % folds === k);
      const train = labelled.filter((_, i) => i % folds !== k);
      const plain = measureTopicQuality(buildTopicModel(topics), test);
      const learned = learnedQuality(topics, train, test);
      recallBefore += (plain.perTopic.payments?.recall ?? 0) / folds;
      recallAfter += (learned.perTopic.payments?.recall ?? 0) / folds;
      f1Before += f1(plain) / folds;
      f1After += f1(learned) / folds;
    }
    console.log(`topic suggestion, a new topic learned from corrections (5-fold held out): its recall ${recallBefore.toFixed(3)} → ${recallAfter.toFixed(3)}, overall F1 ${f1Before.toFixed(3)} → ${f1After.toFixed(3)}`);
    const whole = learnedQuality(DEFAULT_TOPICS, labelled.filter((_, i) => i % folds !== 0), labelled.filter((_, i) => i % folds === 0));
    console.log('topic suggestion, full dictionary after corrections on four fifths, on the fifth:', JSON.stringify({ precision: whole.precision, recall: whole.recall }));
    expect(recallAfter).toBeGreaterThan(0.5);
    expect(f1After).toBeGreaterThan(f1Before);
  });

  it('a word the analyst keeps removing stops suggesting the topic; one they keep adding starts', () => {
    const model = buildTopicModel(DEFAULT_TOPICS);
    const topicsOf = (text: string) => suggestTopics(model, text).map((s) => s.topicId).sort();
    expect(topicsOf('Охранник на входе хамит')).toEqual(['courtesy', 'premises']);
    learnFromCorrection(model, { text: 'Охранник на входе хамит', suggested: ['courtesy', 'premises'], confirmed: ['courtesy'] });
    expect(topicsOf('Охранник у входа опять хамит')).toEqual(['courtesy']);

    expect(topicsOf('Лужа у крыльца')).toEqual([]);
    learnFromCorrection(model, { text: 'Лужа у крыльца', suggested: [], confirmed: ['premises'] });
    expect(topicsOf('Опять лужа у крыльца')).toEqual([]);
    learnFromCorrection(model, { text: 'Огромная лужа перед крыльцом', suggested: [], confirmed: ['premises'] });
    expect(topicsOf('Лужа у крыльца')).toEqual(['premises']);
  });

  it('says why: the words that spoke for a topic, in their stemmed form', () => {
    const [first] = suggestTopics(buildTopicModel(DEFAULT_TOPICS), 'Очереди огромные, ждали два часа');
    expect(first).toMatchObject({ topicId: 'queue' });
    expect(first!.because).toEqual(expect.arrayContaining(['очеред', 'ждал']));
  });
});
