import type { SurveyDefinition, SurveyQuestion } from './definition.ts';
import type { AnswerValue, SurveyAnswers } from './answer-types.ts';

/**
 * The one check of an answer against the survey version it names, run at every hop (the office
 * hub, the central) and by the kiosk before it queues an answer. Pure and free of zod so the kiosk
 * bundles it: the shape of each value is zod's job (answer-values.ts); whether the value fits *this*
 * question, whether a hidden question was answered and whether a required one was skipped is this.
 */
export type AnswerCheck = { ok: true } | { ok: false; reason: string };

/** How an answer reads for a show-if condition: a scale's number, option ids, "yes"/"no". */
export function answerTokens(value: AnswerValue): string[] {
  if (typeof value === 'number') return [String(value)];
  if (typeof value === 'boolean') return [value ? 'yes' : 'no'];
  if (typeof value === 'string') return [value];
  return value.other === null ? value.chosen : [...value.chosen, 'other'];
}

/**
 * Whether a question is shown given the answers so far: no condition, or the earlier question was
 * answered with one of the listed values. A question whose condition's question was hidden (and so
 * unanswered) is hidden too.
 */
export function isShown(question: SurveyQuestion, answers: SurveyAnswers): boolean {
  if (question.showIf === null) return true;
  const earlier = answers[question.showIf.questionId];
  if (earlier === undefined) return false;
  const values = question.showIf.values;
  return answerTokens(earlier).some((token) => values.includes(token));
}

/** The questions shown for these answers, in order. */
export function shownQuestions(definition: SurveyDefinition, answers: SurveyAnswers): SurveyQuestion[] {
  return definition.questions.filter((q) => isShown(q, answers));
}

/** Why a value does not fit a question, or null when it does. */
export function valueRefusal(question: SurveyQuestion, value: AnswerValue): string | null {
  switch (question.type) {
    case 'scale-5':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5 ? null : 'ожидается оценка от 1 до 5';
    case 'scale-10':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10 ? null : 'ожидается оценка от 0 до 10';
    case 'yes-no':
      return typeof value === 'boolean' ? null : 'ожидается «да» или «нет»';
    case 'text':
      return typeof value === 'string' ? null : 'ожидается текст';
    case 'single':
      return typeof value === 'string' && question.options.some((o) => o.id === value) ? null : 'ожидается один из вариантов вопроса';
    case 'multiple': {
      if (typeof value !== 'object') return 'ожидается список вариантов';
      const ids = new Set(question.options.map((o) => o.id));
      if (value.chosen.some((id) => !ids.has(id))) return 'выбран вариант, которого нет в вопросе';
      if (new Set(value.chosen).size !== value.chosen.length) return 'вариант выбран дважды';
      if (value.other !== null && !question.other) return 'в вопросе нет варианта «другое»';
      if (value.chosen.length === 0 && value.other === null) return 'не выбран ни один вариант';
      return null;
    }
  }
}

/**
 * `complete`: the client reached the end. A partial answer (the client left early) may lack
 * required questions; a complete one may not. Hidden questions must never carry an answer.
 */
export function checkSurveyAnswers(definition: SurveyDefinition, answers: SurveyAnswers, complete: boolean): AnswerCheck {
  const byId = new Map(definition.questions.map((q) => [q.id, q] as const));
  for (const [id, value] of Object.entries(answers)) {
    const question = byId.get(id);
    if (!question) return { ok: false, reason: `вопроса ${id} нет в этой версии опроса` };
    const refusal = valueRefusal(question, value);
    if (refusal) return { ok: false, reason: `вопрос ${id}: ${refusal}` };
    if (!isShown(question, answers)) return { ok: false, reason: `вопрос ${id} не показывается при этих ответах, а ответ на него есть` };
  }
  if (complete) {
    const skipped = definition.questions.find((q) => q.required && answers[q.id] === undefined && isShown(q, answers));
    if (skipped) return { ok: false, reason: `обязательный вопрос ${skipped.id} без ответа` };
  }
  return { ok: true };
}

/**
 * The answers without those to questions hidden by a later change of an earlier answer (a client
 * who went back and changed «да» to «нет»): what is kept when the answer is finished.
 */
export function withoutHidden(definition: SurveyDefinition, answers: SurveyAnswers): SurveyAnswers {
  const kept: SurveyAnswers = {};
  for (const question of definition.questions) {
    const value = answers[question.id];
    if (value !== undefined && isShown(question, kept)) kept[question.id] = value;
  }
  return kept;
}
