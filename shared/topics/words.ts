import { stemmer } from '@orama/stemmers/russian';

/**
 * The words of a comment as the topic dictionary matches them: lower case, ё as е, and each Russian
 * word reduced to its Snowball stem, so «очереди», «очередями» and «очередь» are one word («очеред»).
 * Stemming rather than full lemmatisation: it needs no dictionary files, runs at about a million words
 * a second here, and the cue lists name the word forms the stemmer leaves apart (ждать / ждал).
 */
const WORD = /[а-яёa-z0-9]+/g;

export function stemWord(word: string): string {
  const w = word.toLowerCase().replaceAll('ё', 'е');
  return /[а-я]/.test(w) ? stemmer(w) : w;
}

/**
 * Words that carry no topic of their own; corrections never teach them (topic-model.ts), or every
 * «очень» and «спасибо» would come to suggest whatever was last corrected.
 */
const FUNCTION_WORDS = new Set(
  (
    'а без более бы был была были было быть в вам вас весь во вот все всё всего вы где да даже для до его ее её если есть еще ещё же за здесь и из или им их к как ко когда кто ли либо мне мы на над нам нас не нет ни них но ну о об однако он она они оно от очень по под после при про раз с со так также такой там то тогда того тоже только том тот ту ты у уже хотя чего чей чем что чтобы эта эти это этот я ' +
    'спасибо благодарю большое пожалуйста всегда просто вообще почему опять снова сегодня вчера хорошо плохо отлично нормально мой моя мои наш ваш свой который'
  )
    .split(' ')
    .map(stemWord),
);

/** The distinct stems of a text, in order of first appearance; words of one letter are left out. */
export function textStems(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.toLowerCase().matchAll(WORD)) {
    if (match[0].length < 2) continue;
    seen.add(stemWord(match[0]));
  }
  return [...seen];
}

/** The stems a correction may teach: no function words, no numbers. */
export const teachableStems = (text: string): string[] => textStems(text).filter((s) => !FUNCTION_WORDS.has(s) && !/^\d+$/.test(s));
