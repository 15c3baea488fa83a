/**
 * The phone survey's words and value rules without zod, so the staff app can show and pre-check
 * them without bundling the schemas (shared/phone-survey.ts builds its schemas on these).
 */
/** A Russian number in any usual spelling («8 (903) 123-45-67», «+7 903 1234567», «9031234567») → «+79031234567». */
export function normalisePhone(text: string): string | null {
  const digits = text.replace(/[\s()\-.]/g, '').replace(/^\+/, '');
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 10) return `+7${digits}`;
  if (digits.length === 11 && (digits[0] === '7' || digits[0] === '8')) return `+7${digits.slice(1)}`;
  return null;
}

/** «05.12.2026» or «2026-12-05» → «2026-12-05», only for a real calendar day. */
export function normaliseDate(text: string): string | null {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = text.includes('.') ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
  const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const iso = `${year}-${month}-${day}`;
  return d.toISOString().slice(0, 10) === iso ? iso : null;
}

export const CALL_STATUSES = ['pending', 'answered', 'refused', 'no-answer', 'call-back'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export const CALL_STATUS_LABEL: Record<CallStatus, string> = {
  pending: 'не звонили',
  answered: 'ответил',
  refused: 'отказался',
  'no-answer': 'не ответил',
  'call-back': 'перезвонить',
};

