/**
 * Working and non-working days of the Russian calendar, for deadlines counted in days (the
 * register's 59-ФЗ dates, the book of reviews' five days). Days are Moscow calendar dates written
 * `YYYY-MM-DD`; nothing here looks at a clock.
 *
 * What the law fixes is built in: Saturdays and Sundays, the non-working holidays of ТК РФ ст. 112
 * (1–8 January: the New Year holidays and Christmas, 23 February, 8 March, 1 and 9 May, 12 June, 4 November), and its rule that a
 * holiday falling on a day off moves the day off to the next working day (except the January
 * holidays, which the Government moves by decree). What the Government decides each year — the
 * transfers of days off, a Saturday made a working day — is data: `extraHolidays` and
 * `extraWorkdays`, kept by the CX sector for the year ahead, so the program never needs a release
 * for a new year's calendar.
 */
export interface WorkCalendar {
  /** Days off by decree, beyond weekends and ТК holidays (e.g. a transferred January day). */
  readonly extraHolidays: ReadonlySet<string>;
  /** Weekend days made working days by decree. */
  readonly extraWorkdays: ReadonlySet<string>;
}

export const LAW_ONLY_CALENDAR: WorkCalendar = { extraHolidays: new Set(), extraWorkdays: new Set() };

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** ТК РФ ст. 112 ч. 1, as MM-DD. */
const STATUTORY_HOLIDAYS = ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08', '05-01', '05-09', '06-12', '11-04'] as const;

/** A valid calendar date `YYYY-MM-DD` (2 February exists, 30 February does not). */
export function isDayKey(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return toDay(ms) === value;
}

const toMs = (day: string): number => {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
};
const toDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const addDays = (day: string, n: number): string => toDay(toMs(day) + n * DAY_MS);

/** Calendar days from `a` to `b` (negative when b is earlier). */
export const daysBetween = (a: string, b: string): number => Math.round((toMs(b) - toMs(a)) / DAY_MS);

const isWeekend = (day: string): boolean => {
  const weekday = new Date(toMs(day)).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/** ТК holidays of a year with their weekend transfers (January excepted), as day keys. */
function statutoryDaysOff(year: number): Set<string> {
  const days = new Set<string>(STATUTORY_HOLIDAYS.map((md) => `${year}-${md}`));
  for (const md of STATUTORY_HOLIDAYS) {
    const day = `${year}-${md}`;
    if (md.startsWith('01-') || !isWeekend(day)) continue;
    let moved = addDays(day, 1);
    while (isWeekend(moved) || days.has(moved)) moved = addDays(moved, 1);
    days.add(moved);
  }
  return days;
}

const yearCache = new Map<number, Set<string>>();
function lawDaysOff(year: number): Set<string> {
  let days = yearCache.get(year);
  if (!days) {
    days = statutoryDaysOff(year);
    yearCache.set(year, days);
  }
  return days;
}

export function isWorkingDay(day: string, calendar: WorkCalendar): boolean {
  if (calendar.extraWorkdays.has(day)) return true;
  if (calendar.extraHolidays.has(day)) return false;
  return !isWeekend(day) && !lawDaysOff(Number(day.slice(0, 4))).has(day);
}

/** The day itself when it is a working day, otherwise the next working day. */
export function onOrNextWorkingDay(day: string, calendar: WorkCalendar): string {
  let d = day;
  while (!isWorkingDay(d, calendar)) d = addDays(d, 1);
  return d;
}

/** Moves `n` working days forward (n > 0) or back (n < 0) from `day`, not counting `day` itself. */
export function shiftWorkingDays(day: string, n: number, calendar: WorkCalendar): string {
  const step = n < 0 ? -1 : 1;
  let d = day;
  for (let left = Math.abs(n); left > 0; ) {
    d = addDays(d, step);
    if (isWorkingDay(d, calendar)) left--;
  }
  return d;
}
