import { SMALL_SAMPLE, type Change } from './metrics.ts';

/**
 * The plain-language verdict on a measure (issue 19, «did it work»), which never claims more than
 * the data hold: «мало данных» while either period has fewer than SMALL_SAMPLE answers; «улучшение»
 * or «ухудшение» only when the whole 95 % interval of the change lies on one side of zero; otherwise
 * «без изменений», said as «разница в пределах случайных колебаний», not as proof of no effect.
 */
export type Verdict = 'improved' | 'worse' | 'no-change' | 'too-few';

export const VERDICT_WORDS: Record<Verdict, string> = {
  improved: 'улучшение',
  worse: 'ухудшение',
  'no-change': 'без изменений',
  'too-few': 'мало данных',
};

/** Which way is better: up for CSAT, NPS, CES and the panel; down for a share of negative feedback. */
export type BetterWhen = 'higher' | 'lower';

export interface ChangeVerdict {
  verdict: Verdict;
  words: string;
  /** One sentence for the pain map and the export, with the change, its interval and both n. */
  sentence: string;
}

export function judgeChange(change: Change, betterWhen: BetterWhen, unit: string): ChangeVerdict {
  const ns = `до: ${change.nBefore} отв., после: ${change.nAfter} отв.`;
  if (change.nBefore < SMALL_SAMPLE || change.nAfter < SMALL_SAMPLE || change.difference === null || change.interval === null) {
    return { verdict: 'too-few', words: VERDICT_WORDS['too-few'], sentence: `Мало данных для вывода: нужно не меньше ${SMALL_SAMPLE} ответов в каждом периоде (${ns}).` };
  }
  const { low, high } = change.interval;
  const shown = `${signed(change.difference)} ${unit} (95 % интервал от ${signed(low)} до ${signed(high)}; ${ns})`;
  const up = low > 0;
  const down = high < 0;
  if (!up && !down) return { verdict: 'no-change', words: VERDICT_WORDS['no-change'], sentence: `Без изменений: ${shown}, разница в пределах случайных колебаний.` };
  const verdict: Verdict = up === (betterWhen === 'higher') ? 'improved' : 'worse';
  return { verdict, words: VERDICT_WORDS[verdict], sentence: `${verdict === 'improved' ? 'Улучшение' : 'Ухудшение'}: ${shown}.` };
}

const signed = (x: number): string => {
  const rounded = Math.round(x * 10) / 10;
  const text = Math.abs(rounded).toLocaleString('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return rounded > 0 ? `+${text}` : rounded < 0 ? `−${text}` : text;
};
