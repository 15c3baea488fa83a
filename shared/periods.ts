/**
 * Reporting periods in Moscow time: the one place where weeks, months and quarters are cut.
 *
 * Europe/Moscow has been UTC+3 all year since 26 Oct 2014 (no DST), so a fixed offset is exact
 * for every date this system will hold, and the same arithmetic runs in SQL (see `MOSCOW_OFFSET_MS`).
 * Instants are epoch milliseconds (UTC); a period is the half-open range [start, end).
 */
export const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type PeriodKind = 'week' | 'month' | 'quarter' | 'custom';

export interface Period {
  kind: PeriodKind;
  /** Stable key for URLs and file names: 2026-W48, 2026-11, 2026-Q4, 2026-11-01_2026-11-15. */
  key: string;
  /** Russian label for screens and reports. */
  label: string;
  start: number;
  end: number;
}

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday (ISO) */
  weekday: number;
}

const MONTHS_NOMINATIVE = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
const ROMAN_QUARTER = ['I', 'II', 'III', 'IV'];

/** The calendar date in Moscow of an instant. */
export function moscowDate(ms: number): LocalDate {
  const d = new Date(ms + MOSCOW_OFFSET_MS);
  const weekday = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday };
}

/** The instant Moscow midnight begins the given date (month may overflow, Date.UTC normalises it). */
export function moscowMidnight(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) - MOSCOW_OFFSET_MS;
}

const pad = (n: number): string => String(n).padStart(2, '0');
export const formatDate = (d: Pick<LocalDate, 'year' | 'month' | 'day'>): string => `${pad(d.day)}.${pad(d.month)}.${d.year}`;
const isoDate = (d: Pick<LocalDate, 'year' | 'month' | 'day'>): string => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** The Moscow calendar day of an instant as YYYY-MM-DD: today for deadlines, survey periods, the register's dates. */
export const moscowDay = (ms: number): string => isoDate(moscowDate(ms));

function weekStarting(monday: number): Period {
  const thursday = moscowDate(monday + 3 * DAY_MS);
  // ISO week-year and number: the week belongs to the year its Thursday is in.
  const jan1 = moscowMidnight(thursday.year, 1, 1);
  const week = Math.floor((monday + 3 * DAY_MS - jan1) / (7 * DAY_MS)) + 1;
  const end = monday + 7 * DAY_MS;
  const first = moscowDate(monday);
  const last = moscowDate(end - DAY_MS);
  return { kind: 'week', key: `${thursday.year}-W${pad(week)}`, label: `неделя ${formatDate(first)}–${formatDate(last)}`, start: monday, end };
}

function monthOf(year: number, month: number): Period {
  return {
    kind: 'month',
    key: `${year}-${pad(month)}`,
    label: `${MONTHS_NOMINATIVE[month - 1]} ${year}`,
    start: moscowMidnight(year, month, 1),
    end: moscowMidnight(year, month + 1, 1),
  };
}

function quarterOf(year: number, quarter: number): Period {
  return {
    kind: 'quarter',
    key: `${year}-Q${quarter}`,
    label: `${ROMAN_QUARTER[quarter - 1]} квартал ${year}`,
    start: moscowMidnight(year, (quarter - 1) * 3 + 1, 1),
    end: moscowMidnight(year, quarter * 3 + 1, 1),
  };
}

/** The week, month or quarter (Moscow time) that contains the instant. */
export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, ms: number): Period {
  const d = moscowDate(ms);
  switch (kind) {
    case 'week':
      return weekStarting(moscowMidnight(d.year, d.month, d.day - (d.weekday - 1)));
    case 'month':
      return monthOf(d.year, d.month);
    case 'quarter':
      return quarterOf(d.year, Math.floor((d.month - 1) / 3) + 1);
  }
}

export const nextPeriod = (p: Period): Period => (p.kind === 'custom' ? customRangeFromInstants(p.end, p.end + (p.end - p.start)) : periodContaining(p.kind, p.end));
export const previousPeriod = (p: Period): Period => (p.kind === 'custom' ? customRangeFromInstants(p.start - (p.end - p.start), p.start) : periodContaining(p.kind, p.start - 1));

/** The last week that has fully ended at `now`: what the Monday report covers. */
export const lastCompleteWeek = (now: number): Period => previousPeriod(periodContaining('week', now));

function customRangeFromInstants(start: number, end: number): Period {
  const first = moscowDate(start);
  const last = moscowDate(end - 1);
  return { kind: 'custom', key: `${isoDate(first)}_${isoDate(last)}`, label: `${formatDate(first)}–${formatDate(last)}`, start, end };
}

/**
 * Why a period was refused, for the compiler to check; periodRefusalText() says it in Russian
 * where it is shown (the report routes' 400 answer).
 */
export type PeriodRefusal =
  | { reason: 'bad-date'; from: string; to: string }
  | { reason: 'start-after-end'; from: string; to: string }
  | { reason: 'too-long' }
  | { reason: 'no-such-week'; key: string }
  | { reason: 'no-such-month'; key: string }
  | { reason: 'unrecognised'; key: string };

export type PeriodParseResult = { ok: true; value: Period } | ({ ok: false } & PeriodRefusal);

export function periodRefusalText(refusal: PeriodRefusal): string {
  switch (refusal.reason) {
    case 'bad-date':
      return `даты периода должны быть в виде ГГГГ-ММ-ДД: «${refusal.from}», «${refusal.to}»`;
    case 'start-after-end':
      return `начало периода ${refusal.from} позже конца ${refusal.to}`;
    case 'too-long':
      return 'период длиннее пяти лет';
    case 'no-such-week':
      return `нет такой недели: ${refusal.key}`;
    case 'no-such-month':
      return `нет такого месяца: ${refusal.key}`;
    case 'unrecognised':
      return `период «${refusal.key}» не распознан: ожидается 2026-W48, 2026-11, 2026-Q4 или 2026-11-01_2026-11-15`;
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(text: string): { year: number; month: number; day: number } | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** A custom range of whole Moscow days, both ends inclusive: `from`/`to` as YYYY-MM-DD. */
export function customRange(from: string, to: string): PeriodParseResult {
  const a = parseDate(from);
  const b = parseDate(to);
  if (!a || !b) return { ok: false, reason: 'bad-date', from, to };
  const start = moscowMidnight(a.year, a.month, a.day);
  const end = moscowMidnight(b.year, b.month, b.day + 1);
  if (end <= start) return { ok: false, reason: 'start-after-end', from, to };
  if (end - start > 5 * 366 * DAY_MS) return { ok: false, reason: 'too-long' };
  return { ok: true, value: customRangeFromInstants(start, end) };
}

/** Parses a period key as produced by `Period.key`. */
export function parsePeriodKey(key: string): PeriodParseResult {
  let m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    // ISO week 1 is the week with 4 January in it.
    const week1 = periodContaining('week', moscowMidnight(year, 1, 4));
    const candidate = periodContaining('week', week1.start + (week - 1) * 7 * DAY_MS);
    if (week < 1 || candidate.key !== key) return { ok: false, reason: 'no-such-week', key };
    return { ok: true, value: candidate };
  }
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return { ok: false, reason: 'no-such-month', key };
    return { ok: true, value: monthOf(Number(m[1]), month) };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return { ok: true, value: quarterOf(Number(m[1]), Number(m[2])) };
  m = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$/.exec(key);
  if (m) return customRange(m[1] ?? '', m[2] ?? '');
  return { ok: false, reason: 'unrecognised', key };
}
