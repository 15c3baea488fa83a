import type { DeadlineState } from '../../../../shared/appeal-deadlines.ts';
import type { RegisterDueNow } from '../../../../shared/api/register.ts';
import { DUE_LABEL, DUE_STATE_LABEL } from '../../../../shared/register-words.ts';

/** The register's dates and due states in words, as the list and the entry page show them. */
export const dayText = (day: string): string => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/** The class a due state is drawn with: red when late, amber when close. */
export function dueClass(state: DeadlineState): string {
  if (state === 'overdue' || state === 'late') return 'due-overdue';
  if (state === 'soon') return 'due-soon';
  return 'due-fine';
}

/** «просрочено: ответ (30 дней…) до 02.04.2026», or «срок не установлен». */
export function openDueText(due: RegisterDueNow | null): string {
  if (!due) return 'нет открытого срока';
  return `${DUE_STATE_LABEL[due.state]}: ${DUE_LABEL[due.what]} до ${dayText(due.due)}`;
}
