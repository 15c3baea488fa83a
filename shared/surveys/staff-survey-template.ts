import type { SurveyDefinition, SurveyQuestion } from './definition.ts';

/**
 * The yearly internal survey of staff (seed 001 §5): five aspects of work, each a 1–5 scale with
 * an optional comment. The CX sector starts from this template and may edit it before publishing.
 * Its answers are anonymous by construction (docs/surveys.md, «Опрос сотрудников»).
 */
export const STAFF_SURVEY_ASPECTS = [
  { id: 'equipment', text: 'Материально-техническое оснащение рабочего места' },
  { id: 'regulation', text: 'Регламентация деятельности (понятность порядков и инструкций)' },
  { id: 'automation', text: 'Автоматизация работы (программы, информационные системы)' },
  { id: 'cooperation', text: 'Взаимодействие с другими подразделениями' },
  { id: 'growth', text: 'Профессиональное развитие и рост' },
] as const;

/** Results by office are shown only for groups of at least this many respondents; smaller ones fold into «прочие». */
export const STAFF_SURVEY_MIN_GROUP = 5;

export function staffSurveyTemplate(year: number): SurveyDefinition {
  const questions: SurveyQuestion[] = STAFF_SURVEY_ASPECTS.flatMap((aspect): SurveyQuestion[] => [
    { id: aspect.id, type: 'scale-5', text: `${aspect.text}: насколько Вы удовлетворены?`, required: true, showIf: null, minLabel: 'совсем не удовлетворён', maxLabel: 'полностью удовлетворён' },
    { id: `${aspect.id}-comment`, type: 'text', text: 'Что стоит изменить? (необязательно)', required: false, showIf: null },
  ]);
  return {
    meta: {
      title: `Опрос сотрудников ${year} года`,
      introduction: 'Опрос анонимный: ответ не связан ни с Вашей учётной записью, ни со ссылкой, ни с адресом, с которого он отправлен. Итоги по отделу показываются, только если ответили не меньше пяти сотрудников.',
      period: { from: `${year}-01-01`, to: `${year}-12-31` },
      offices: 'all',
      places: ['staff-link'],
      targetN: null,
      questionOfDay: false,
    },
    questions,
  };
}
