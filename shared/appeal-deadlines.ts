import { addDays, daysBetween, isDayKey, onOrNextWorkingDay, shiftWorkingDays, type WorkCalendar } from './work-calendar.ts';

/**
 * The register's due dates, from the law and order No. 308 (seed 000):
 * - written appeals, 59-ФЗ: registered within 3 days of receipt (ст. 8 ч. 2); sent on to the
 *   competent body within 7 days of registration (ст. 8 ч. 3); answered within 30 days of
 *   registration (ст. 12 ч. 1), extended once by at most 30 days with a notice to the citizen
 *   (ст. 12 ч. 2), decided before the first term runs out;
 * - the book of reviews: a written answer within five days to an author who left an address.
 *
 * How days are counted (one rule for all, written down because the law leaves it to practice):
 * a term of N days runs from the day after the event, so it ends on the event's date + N; a term
 * ending on a non-working day ends on the next working day (ГК РФ ст. 191, 193, applied to 59-ФЗ
 * as regional rules on appeals do). Working days come from work-calendar.ts.
 */
export const REGISTER_WITHIN_DAYS = 3;
export const REDIRECT_WITHIN_DAYS = 7;
export const ANSWER_WITHIN_DAYS = 30;
export const MAX_EXTENSION_DAYS = 30;
export const BOOK_ANSWER_WITHIN_DAYS = 5;
/** Reminders go this many working days before a due date (and once more on the first day it is missed). */
export const REMIND_WORKING_DAYS_BEFORE = 2;

/** The last day of a term of `days` days that starts after `from`. */
export const termEnd = (from: string, days: number, calendar: WorkCalendar): string => onOrNextWorkingDay(addDays(from, days), calendar);

export interface WrittenAppealDates {
  receivedOn: string;
  registeredOn: string | null;
  /** At most one: 59-ФЗ allows a single extension. */
  extension: { days: number; decidedOn: string } | null;
}

export interface WrittenAppealDue {
  registerBy: string;
  /** Null until registered: both terms run from registration. */
  redirectBy: string | null;
  answerBy: string | null;
  /** The answer's term before an extension (equal to answerBy without one). */
  firstAnswerBy: string | null;
}

export type DeadlineResult<T> = { ok: true; value: T } | { ok: false; field: string; reason: string };

export function writtenAppealDue(dates: WrittenAppealDates, calendar: WorkCalendar): DeadlineResult<WrittenAppealDue> {
  for (const [field, value] of [['receivedOn', dates.receivedOn], ['registeredOn', dates.registeredOn], ['extension.decidedOn', dates.extension?.decidedOn ?? null]] as const) {
    if (value !== null && !isDayKey(value)) return { ok: false, field, reason: `${field}: нет такой даты «${value}» (нужна ГГГГ-ММ-ДД)` };
  }
  const registerBy = termEnd(dates.receivedOn, REGISTER_WITHIN_DAYS, calendar);
  if (dates.registeredOn === null) {
    if (dates.extension) return { ok: false, field: 'extension', reason: 'extension: продлить можно только зарегистрированное обращение' };
    return { ok: true, value: { registerBy, redirectBy: null, answerBy: null, firstAnswerBy: null } };
  }
  if (daysBetween(dates.receivedOn, dates.registeredOn) < 0) return { ok: false, field: 'registeredOn', reason: 'registeredOn: регистрация раньше поступления' };
  const redirectBy = termEnd(dates.registeredOn, REDIRECT_WITHIN_DAYS, calendar);
  const firstAnswerBy = termEnd(dates.registeredOn, ANSWER_WITHIN_DAYS, calendar);
  const ext = dates.extension;
  if (ext === null) return { ok: true, value: { registerBy, redirectBy, answerBy: firstAnswerBy, firstAnswerBy } };
  if (!Number.isInteger(ext.days) || ext.days < 1 || ext.days > MAX_EXTENSION_DAYS) {
    return { ok: false, field: 'extension.days', reason: `extension.days: продление — от 1 до ${MAX_EXTENSION_DAYS} дней (59-ФЗ ст. 12 ч. 2)` };
  }
  if (daysBetween(dates.registeredOn, ext.decidedOn) < 0) return { ok: false, field: 'extension.decidedOn', reason: 'extension.decidedOn: продление раньше регистрации' };
  if (daysBetween(ext.decidedOn, firstAnswerBy) < 0) {
    return { ok: false, field: 'extension.decidedOn', reason: `extension.decidedOn: продлить можно только до истечения срока (${firstAnswerBy})` };
  }
  // The extension adds to the term itself, not to a date already moved off a day off.
  const answerBy = termEnd(dates.registeredOn, ANSWER_WITHIN_DAYS + ext.days, calendar);
  return { ok: true, value: { registerBy, redirectBy, answerBy, firstAnswerBy } };
}

/** Book of reviews: the answer's due date, or null when the author left no address (no answer is owed). */
export function bookAnswerDue(writtenOn: string, authorLeftAddress: boolean, calendar: WorkCalendar): string | null {
  return authorLeftAddress ? termEnd(writtenOn, BOOK_ANSWER_WITHIN_DAYS, calendar) : null;
}

/**
 * Where a due date stands on `today`: done on time or late, or still open — «скоро срок» from the
 * reminder day on, «просрочено» from the day after the due date.
 */
export type DeadlineState = 'met' | 'late' | 'open' | 'soon' | 'overdue';

export function deadlineState(due: string, doneOn: string | null, today: string, calendar: WorkCalendar): DeadlineState {
  if (doneOn !== null) return daysBetween(doneOn, due) >= 0 ? 'met' : 'late';
  if (daysBetween(today, due) < 0) return 'overdue';
  return daysBetween(reminderDays(due, calendar).before, today) >= 0 ? 'soon' : 'open';
}

/** The two days a reminder goes out for an open due date: before it, and on the first day it is missed. */
export function reminderDays(due: string, calendar: WorkCalendar): { before: string; missed: string } {
  return { before: shiftWorkingDays(due, -REMIND_WORKING_DAYS_BEFORE, calendar), missed: addDays(due, 1) };
}
