import type { SurveyDefinition } from '../../shared/surveys/definition.ts';

/** A survey with every question type and two show-if conditions: the tests' fixture on every hop. */
export const sampleDefinition: SurveyDefinition = {
  meta: {
    title: 'Цифровые услуги',
    introduction: 'Три вопроса о портале «Работа России».',
    period: { from: '2026-12-01', to: '2026-12-31' },
    offices: 'all',
    places: ['kiosk-after'],
    targetN: 100,
    questionOfDay: false,
  },
  questions: [
    { id: 'used', type: 'yes-no', text: 'Пользовались ли Вы порталом?', required: true, showIf: null },
    { id: 'ease', type: 'scale-5', text: 'Насколько легко?', required: true, showIf: { questionId: 'used', values: ['yes'] }, minLabel: 'сложно', maxLabel: 'легко' },
    { id: 'nps', type: 'scale-10', text: 'Порекомендуете?', required: false, showIf: null, minLabel: 'нет', maxLabel: 'да' },
    { id: 'where', type: 'single', text: 'Где?', required: false, showIf: null, options: [{ id: 'home', label: 'Дома' }, { id: 'office', label: 'В центре' }] },
    { id: 'what', type: 'multiple', text: 'Что делали?', required: false, showIf: { questionId: 'ease', values: ['1', '2'] }, options: [{ id: 'cv', label: 'Резюме' }, { id: 'apply', label: 'Заявление' }], other: true },
    { id: 'note', type: 'text', text: 'Что улучшить?', required: false, showIf: null },
  ],
};
