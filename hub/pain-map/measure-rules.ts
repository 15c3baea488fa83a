/**
 * What a measure's dates must satisfy, said in Russian for the form: the deadline is not before
 * the start; a measure is done on a day between its start and today, and only a done measure has
 * that day. Null when all is well.
 */
export function measureProblem(m: { startedOn: string; dueOn: string; status: string; doneOn: string | null }, today: string): string | null {
  if (m.dueOn < m.startedOn) return 'срок выполнения раньше начала мероприятия';
  if (m.status === 'done') {
    if (!m.doneOn) return 'для выполненного мероприятия укажите дату выполнения';
    if (m.doneOn < m.startedOn) return 'дата выполнения раньше начала мероприятия';
    if (m.doneOn > today) return 'дата выполнения ещё не наступила';
  }
  return null;
}
