import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';

/** Answers to the sample survey (test/support/sample-survey.ts) that the tally tests cycle through, with the offices they come from. */
export const SAMPLE_ANSWERS: SurveyAnswers[] = [
  { used: true, ease: 5, nps: 10, note: 'Всё понятно' },
  { used: true, ease: 1, what: { chosen: ['cv', 'apply'], other: 'искал курсы' } },
  { used: false, where: 'home' },
  { used: true, ease: 4, nps: 7, where: 'office', note: 'Очередь' },
  { used: true, ease: 2, what: { chosen: ['cv'], other: null }, nps: 0 },
];
export const SAMPLE_OFFICES = ['sharya', 'buy', 'sharya'];
