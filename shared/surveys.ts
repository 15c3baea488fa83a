/**
 * The online survey of seed 000 §1.1, word for word (with «ё» where the seed's typing dropped it:
 * clients read «удовлетворённость»). The kiosk, the phone survey and the reports all read the
 * questions from here, so a change of wording happens once.
 */
export type QuestionKey = 'csat1' | 'csat2' | 'csat3' | 'ces' | 'nps';
export type Metric = 'csat' | 'ces' | 'nps';

export interface ScaleQuestion {
  key: QuestionKey;
  metric: Metric;
  text: string;
  min: number;
  max: number;
  minLabel: string;
  maxLabel: string;
}

export const SURVEY_QUESTIONS: readonly ScaleQuestion[] = [
  {
    key: 'csat1',
    metric: 'csat',
    text: 'Насколько услуга соответствовала Вашим ожиданиям?',
    min: 1,
    max: 5,
    minLabel: 'совсем не соответствовала',
    maxLabel: 'полностью соответствовала',
  },
  {
    key: 'csat2',
    metric: 'csat',
    text: 'Насколько услуга была полезна для Вас?',
    min: 1,
    max: 5,
    minLabel: 'совсем не полезна',
    maxLabel: 'очень полезна',
  },
  {
    key: 'csat3',
    metric: 'csat',
    text: 'Как бы Вы оценили свою общую удовлетворённость от услуги?',
    min: 1,
    max: 5,
    minLabel: 'очень недоволен',
    maxLabel: 'очень доволен',
  },
  {
    key: 'ces',
    metric: 'ces',
    text: 'Насколько легко Вам было получить услугу?',
    min: 1,
    max: 5,
    minLabel: 'очень сложно',
    maxLabel: 'очень легко',
  },
  {
    key: 'nps',
    metric: 'nps',
    text: 'Какова вероятность, что Вы порекомендуете данную услугу своим знакомым?',
    min: 0,
    max: 10,
    // The seed gives no end labels for NPS; these are the conventional ones.
    minLabel: 'точно не порекомендую',
    maxLabel: 'обязательно порекомендую',
  },
];

/** Longest comment a client may leave; the kiosk keyboard and the hub enforce the same limit. */
export const COMMENT_MAX_LENGTH = 1000;

export function questionByKey(key: QuestionKey): ScaleQuestion {
  const question = SURVEY_QUESTIONS.find((q) => q.key === key);
  if (!question) throw new Error(`unknown question ${key}`);
  return question;
}
