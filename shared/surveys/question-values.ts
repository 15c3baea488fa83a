import type { SurveyQuestion } from './definition.ts';

/**
 * The values a question's answers take, as show-if conditions and results name them (a scale's
 * numbers, "yes"/"no", option ids, "other"), with the label a person reads. Text has none.
 */
export function questionValues(question: SurveyQuestion): { value: string; label: string }[] {
  switch (question.type) {
    case 'scale-5':
      return [1, 2, 3, 4, 5].map((v) => ({ value: String(v), label: String(v) }));
    case 'scale-10':
      return Array.from({ length: 11 }, (_, v) => ({ value: String(v), label: String(v) }));
    case 'yes-no':
      return [
        { value: 'yes', label: 'Да' },
        { value: 'no', label: 'Нет' },
      ];
    case 'single':
      return question.options.map((o) => ({ value: o.id, label: o.label }));
    case 'multiple':
      return [...question.options.map((o) => ({ value: o.id, label: o.label })), ...(question.other ? [{ value: 'other', label: 'Другое' }] : [])];
    case 'text':
      return [];
  }
}
