import type { Criterion, Template, Visit } from '../../../../shared/api/mystery-shopper.ts';
import type { VisitContent } from '../../../../shared/mystery-shopper.ts';
import { visitScore } from '../../../../shared/mystery-shopper-score.ts';
import { LIMITS, type Mark } from '../../../../shared/mystery-shopper-words.ts';

/**
 * The visit form's draft, its live score, and its check with the hub's bounds and words, by the
 * same field paths («visitedOn», «marks.3.mark»), so each problem shows beside its field.
 */
export interface MarkDraft {
  mark: Mark | '';
  note: string;
}

export interface VisitDraft {
  templateId: string;
  officeId: string;
  visitedOn: string;
  visitedTime: string;
  scenario: string;
  shopper: string;
  /** By criterion id. */
  marks: Record<string, MarkDraft>;
  notes: string;
  conclusions: string;
  proposals: string;
}

export const emptyVisit = (template: Template | null, officeId: string, today: string): VisitDraft => ({
  templateId: template?.id ?? '',
  officeId,
  visitedOn: today,
  visitedTime: '',
  scenario: template?.scenario ?? '',
  shopper: '',
  marks: {},
  notes: '',
  conclusions: '',
  proposals: '',
});

export const draftOfVisit = (v: Visit): VisitDraft => ({
  templateId: v.templateId,
  officeId: v.officeId,
  visitedOn: v.visitedOn,
  visitedTime: v.visitedTime ?? '',
  scenario: v.scenario,
  shopper: v.shopper ?? '',
  marks: Object.fromEntries(v.marks.map((m) => [m.criterionId, { mark: m.mark, note: m.note }])),
  notes: v.notes,
  conclusions: v.conclusions,
  proposals: v.proposals,
});

/** The score as the hub will compute it from what is marked so far; null until something that applies is marked. */
export const liveScore = (criteria: readonly Criterion[], marks: VisitDraft['marks']): number | null =>
  visitScore(
    criteria,
    criteria.flatMap((c) => {
      const mark = marks[c.id]?.mark;
      return mark ? [{ criterionId: c.id, mark }] : [];
    }),
  );

export type CheckedVisit = { ok: true; content: VisitContent } | { ok: false; errors: Record<string, string> };

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dotted = (day: string): string => day.split('-').reverse().join('.');

/** `nowTime`: ЧЧ:ММ in Moscow now, so a time later today is refused beside its field. */
export function checkVisit(d: VisitDraft, criteria: readonly Criterion[], today: string, nowTime: string): CheckedVisit {
  const errors: Record<string, string> = {};
  const required = (path: string, value: string, max: number, what: string) => {
    if (value.trim() === '') errors[path] = `${what}: не заполнено`;
    else if (value.trim().length > max) errors[path] = `${what}: не длиннее ${max} знаков`;
  };
  const optional = (path: string, value: string, max: number, what: string) => {
    if (value.trim().length > max) errors[path] = `${what}: не длиннее ${max} знаков`;
  };
  if (!d.templateId) errors.templateId = 'выберите анкету';
  if (!d.officeId) errors.officeId = 'выберите отдел';
  if (!DAY.test(d.visitedOn)) errors.visitedOn = 'укажите дату визита';
  else if (d.visitedOn > today) errors.visitedOn = `дата визита ${dotted(d.visitedOn)} ещё не наступила: визит записывается после того, как состоялся`;
  if (d.visitedTime !== '' && !TIME.test(d.visitedTime)) errors.visitedTime = 'время визита: ЧЧ:ММ';
  else if (d.visitedOn === today && d.visitedTime !== '' && d.visitedTime > nowTime) errors.visitedTime = `время визита ${d.visitedTime} сегодня ещё не наступило`;
  required('scenario', d.scenario, LIMITS.visitText, 'сыгранный сценарий');
  required('shopper', d.shopper, LIMITS.shopper, 'псевдоним тайного клиента');
  criteria.forEach((c, i) => {
    if (!d.marks[c.id]?.mark) errors[`marks.${i}.mark`] = 'отметьте: выполнено, частично, не выполнено или не применимо';
    optional(`marks.${i}.note`, d.marks[c.id]?.note ?? '', LIMITS.criterionNote, 'примечание');
  });
  if (criteria.length > 0 && criteria.every((c) => d.marks[c.id]?.mark === 'na')) errors.marks = 'все критерии «не применимо»: оценку не посчитать';
  optional('notes', d.notes, LIMITS.visitText, 'замечания');
  required('conclusions', d.conclusions, LIMITS.visitText, 'выводы');
  optional('proposals', d.proposals, LIMITS.visitText, 'предложения');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    content: {
      templateId: d.templateId,
      officeId: d.officeId,
      visitedOn: d.visitedOn,
      visitedTime: d.visitedTime === '' ? null : d.visitedTime,
      scenario: d.scenario.trim(),
      shopper: d.shopper.trim(),
      marks: criteria.map((c) => ({ criterionId: c.id, mark: d.marks[c.id]!.mark as Mark, note: (d.marks[c.id]?.note ?? '').trim() })),
      notes: d.notes.trim(),
      conclusions: d.conclusions.trim(),
      proposals: d.proposals.trim(),
    },
  };
}
