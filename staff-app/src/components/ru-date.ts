/**
 * Dates as the staff type them: ДД.ММ.ГГГГ in every browser (the native date input follows the
 * browser's language, so an English Chromium asks for mm/dd/yyyy). The forms hold ГГГГ-ММ-ДД, the API's
 * form, once the text is a real date, and the text as typed otherwise; `dateProblem` says in Russian
 * what is wrong with such a value. ГГГГ-ММ-ДД typed or pasted as it is is taken too.
 */
const pad = (n: number) => String(n).padStart(2, '0');

function realDate(year: number, month: number, day: number): string | null {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** ДД.ММ.ГГГГ (or Д.М.ГГГГ) → ГГГГ-ММ-ДД, or null when it is not a real date. */
export function parseRuDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(text);
  return m ? realDate(Number(m[3]), Number(m[2]), Number(m[1])) : null;
}

/** What a date field's text means: ДД.ММ.ГГГГ or ГГГГ-ММ-ДД → ГГГГ-ММ-ДД; null when neither is a real date. */
export function parseDateInput(text: string): string | null {
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
  return iso ? realDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) : parseRuDate(text);
}

/** A value the form may send: a real date as ГГГГ-ММ-ДД. */
export const isIsoDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && parseDateInput(value) === value;

/** ГГГГ-ММ-ДД → ДД.ММ.ГГГГ; anything else as it is (the text being typed). */
export const isoToRu = (value: string): string => (isIsoDate(value) ? `${value.slice(8, 10)}.${value.slice(5, 7)}.${value.slice(0, 4)}` : value);

export const DATE_FORMAT_MESSAGE = 'Введите дату как ДД.ММ.ГГГГ, например 01.12.2026';

/** What is wrong with a date field's value, in Russian, or null. `max`/`min` are ГГГГ-ММ-ДД; `today` names the limit «сегодня». */
export interface DateRules {
  required?: boolean | undefined;
  min?: string | undefined;
  max?: string | undefined;
  today?: string | undefined;
}

export function dateProblem(value: string, rules: DateRules = {}): string | null {
  if (value.trim() === '') return rules.required ? 'Укажите дату' : null;
  if (!isIsoDate(value)) return DATE_FORMAT_MESSAGE;
  if (rules.max && value > rules.max) return rules.max === rules.today ? 'Дата не может быть позже сегодняшней' : `Дата не может быть позже ${isoToRu(rules.max)}`;
  if (rules.min && value < rules.min) return `Дата не может быть раньше ${isoToRu(rules.min)}`;
  return null;
}

/** ЧЧ:ММ (or Ч:ММ, ЧЧ.ММ) → ЧЧ:ММ, or null. */
export function parseTimeInput(text: string): string | null {
  const m = /^\s*(\d{1,2})[:.](\d{2})\s*$/.exec(text);
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? `${pad(h)}:${pad(min)}` : null;
}
