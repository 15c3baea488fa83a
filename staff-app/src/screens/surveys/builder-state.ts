import type { QuestionType, SurveyDefinition, SurveyQuestion } from '../../../../shared/surveys/definition.ts';

/**
 * The builder's pure steps: a new survey, a new question of a type, a question changed to another
 * type (keeping what still fits), and the hub's field errors found by path. The hub checks the
 * definition with the shared schema (the staff app carries no validation library); the builder
 * shows each message beside the field its path names.
 */
export function emptyDefinition(today: string): SurveyDefinition {
  const to = new Date(`${today}T00:00:00Z`);
  to.setUTCDate(to.getUTCDate() + 30);
  return {
    meta: { title: '', introduction: '', period: { from: today, to: to.toISOString().slice(0, 10) }, offices: 'all', places: ['kiosk-after'], targetN: null, questionOfDay: false },
    questions: [],
  };
}

/** The next free id of the form `${prefix}N`. */
export function nextId(prefix: string, taken: readonly string[]): string {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

const twoOptions = () => [
  { id: 'o1', label: '' },
  { id: 'o2', label: '' },
];

export function newQuestion(type: QuestionType, questions: readonly SurveyQuestion[]): SurveyQuestion {
  return changeType({ id: nextId('q', questions.map((q) => q.id)), type: 'text', text: '', required: true, showIf: null }, type);
}

/** The question as another type: text, required and show-if stay; labels and options as the type needs. */
export function changeType(q: SurveyQuestion, type: QuestionType): SurveyQuestion {
  const base = { id: q.id, text: q.text, required: q.required, showIf: q.showIf };
  const options = 'options' in q ? q.options : twoOptions();
  switch (type) {
    case 'scale-5':
      return { ...base, type, minLabel: 'minLabel' in q ? q.minLabel : 'очень плохо', maxLabel: 'maxLabel' in q ? q.maxLabel : 'отлично' };
    case 'scale-10':
      return { ...base, type, minLabel: 'minLabel' in q ? q.minLabel : 'точно нет', maxLabel: 'maxLabel' in q ? q.maxLabel : 'точно да' };
    case 'single':
      return { ...base, type, options };
    case 'multiple':
      return { ...base, type, options, other: q.type === 'multiple' ? q.other : false };
    case 'text':
    case 'yes-no':
      return { ...base, type };
  }
}

/** Later questions' show-if conditions that name a question no longer before them are dropped. */
export function withValidConditions(questions: SurveyQuestion[]): SurveyQuestion[] {
  return questions.map((q, i) => (q.showIf && !questions.slice(0, i).some((e) => e.id === q.showIf!.questionId && e.type !== 'text') ? { ...q, showIf: null } : q));
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const copy = [...list];
  const [taken] = copy.splice(from, 1);
  copy.splice(to, 0, taken!);
  return copy;
}

export type FieldErrors = Record<string, string>;

/** The hub's message for a field (its path under `definition.`), or null. */
export const errorAt = (errors: FieldErrors, path: string): string | null => errors[`definition.${path}`] ?? null;

/** Messages no field on the page shows (by path), listed above the buttons so none is lost. */
export function unplacedErrors(errors: FieldErrors, placed: ReadonlySet<string>): string[] {
  return Object.entries(errors)
    .filter(([path]) => !placed.has(path))
    .map(([path, message]) => `${pathWords(path)}: ${message}`);
}

/** «definition.questions.2.options.0.label» → «вопрос 3, вариант 1». */
export function pathWords(path: string): string {
  const parts = path.split('.').slice(1);
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const index = Number(parts[i + 1]);
    if (part === 'questions' && Number.isInteger(index)) words.push(`вопрос ${index + 1}`), i++;
    else if (part === 'options' && Number.isInteger(index)) words.push(`вариант ${index + 1}`), i++;
    else if (part !== 'meta') words.push(PART_WORD[part] ?? part);
  }
  return words.join(', ') || 'опрос';
}

const PART_WORD: Record<string, string> = {
  questions: 'вопросы',
  title: 'название',
  introduction: 'вступление',
  period: 'период',
  offices: 'отделы',
  places: 'где проводится',
  targetN: 'цель по числу ответов',
  text: 'текст',
  minLabel: 'подпись слева',
  maxLabel: 'подпись справа',
  showIf: 'условие показа',
  label: 'текст варианта',
};

/** The paths the builder shows beside a field (meta-editor.tsx, question-editor.tsx). */
export function placedPaths(definition: SurveyDefinition): Set<string> {
  const meta = ['title', 'introduction', 'period', 'period.from', 'period.to', 'offices', 'places', 'targetN'].map((p) => `definition.meta.${p}`);
  const questions = definition.questions.flatMap((q, i) => {
    const at = (p: string) => `definition.questions.${i}.${p}`;
    const options = 'options' in q ? q.options.flatMap((_, k) => [at(`options.${k}.label`), at(`options.${k}.id`)]) : [];
    return [at('id'), at('text'), at('minLabel'), at('maxLabel'), at('options'), at('showIf'), at('showIf.values'), ...options];
  });
  return new Set([...meta, ...questions]);
}
