import { describe, expect, it } from 'vitest';
import { bookAnswerDue, deadlineState, reminderDays, writtenAppealDue } from './appeal-deadlines.ts';
import { isDayKey, isWorkingDay, LAW_ONLY_CALENDAR, shiftWorkingDays, type WorkCalendar } from './work-calendar.ts';

const law = LAW_ONLY_CALENDAR;
const withDecree = (holidays: string[], workdays: string[] = []): WorkCalendar => ({ extraHolidays: new Set(holidays), extraWorkdays: new Set(workdays) });

describe('work calendar (ТК РФ ст. 112 and decrees as data)', () => {
  it('knows weekends, the statutory holidays and their transfer off a weekend, January excepted', () => {
    expect(isWorkingDay('2026-02-23', law)).toBe(false); // Monday, Defender of the Fatherland Day
    expect(isWorkingDay('2026-02-24', law)).toBe(true);
    expect(isWorkingDay('2026-03-09', law)).toBe(false); // 8 March is a Sunday: Monday off
    expect(isWorkingDay('2026-05-11', law)).toBe(false); // 9 May is a Saturday: Monday off
    expect(isWorkingDay('2026-01-07', law)).toBe(false); // Christmas
    expect(isWorkingDay('2026-01-09', law)).toBe(true); // January transfers come by decree only
    expect(isWorkingDay('2026-01-12', law)).toBe(true);
  });

  it('takes the year’s decree as data: extra days off and Saturdays worked', () => {
    const decree = withDecree(['2026-01-09', '2026-12-31'], ['2026-11-07']);
    expect(isWorkingDay('2026-01-09', decree)).toBe(false);
    expect(isWorkingDay('2026-12-31', decree)).toBe(false);
    expect(isWorkingDay('2026-11-07', decree)).toBe(true); // a Saturday made working
  });

  it('shifts by working days both ways over a weekend and a holiday', () => {
    expect(shiftWorkingDays('2026-03-02', -2, law)).toBe('2026-02-26');
    expect(shiftWorkingDays('2026-02-20', 1, law)).toBe('2026-02-24'); // Friday → over Sat, Sun, 23 Feb
  });

  it('accepts only real dates', () => {
    expect(isDayKey('2026-02-28')).toBe(true);
    expect(isDayKey('2026-02-29')).toBe(false);
    expect(isDayKey('2028-02-29')).toBe(true);
    expect(isDayKey('2026-2-3')).toBe(false);
  });
});

describe('59-ФЗ written appeals', () => {
  it('registration within 3 days of receipt, rolled over the New Year holidays into the next year', () => {
    const due = writtenAppealDue({ receivedOn: '2026-12-29', registeredOn: null, extension: null }, law);
    expect(due).toEqual({ ok: true, value: { registerBy: '2027-01-11', redirectBy: null, answerBy: null, firstAnswerBy: null } });
  });

  it('a decree’s extra day off moves a term that ends on it', () => {
    const due = writtenAppealDue({ receivedOn: '2026-01-06', registeredOn: null, extension: null }, withDecree(['2026-01-09']));
    expect(due.ok && due.value.registerBy).toBe('2026-01-12');
  });

  it('redirect in 7 days and answer in 30 from registration; the answer’s term across a month end lands on Monday', () => {
    const due = writtenAppealDue({ receivedOn: '2026-01-28', registeredOn: '2026-01-30', extension: null }, law);
    expect(due).toEqual({ ok: true, value: { registerBy: '2026-02-02', redirectBy: '2026-02-06', answerBy: '2026-03-02', firstAnswerBy: '2026-03-02' } });
  });

  it('one extension of up to 30 days adds to the term itself', () => {
    const due = writtenAppealDue({ receivedOn: '2026-01-28', registeredOn: '2026-01-30', extension: { days: 30, decidedOn: '2026-02-20' } }, law);
    expect(due.ok && due.value).toMatchObject({ answerBy: '2026-03-31', firstAnswerBy: '2026-03-02' });
  });

  it('refuses an extension over 30 days, one decided after the term ran out, or registration before receipt, naming the field', () => {
    const base = { receivedOn: '2026-01-28', registeredOn: '2026-01-30' };
    expect(writtenAppealDue({ ...base, extension: { days: 31, decidedOn: '2026-02-20' } }, law)).toMatchObject({ ok: false, field: 'extension.days' });
    expect(writtenAppealDue({ ...base, extension: { days: 10, decidedOn: '2026-03-03' } }, law)).toMatchObject({ ok: false, field: 'extension.decidedOn' });
    expect(writtenAppealDue({ receivedOn: '2026-01-28', registeredOn: '2026-01-27', extension: null }, law)).toMatchObject({ ok: false, field: 'registeredOn' });
    expect(writtenAppealDue({ receivedOn: '2026-02-30', registeredOn: null, extension: null }, law)).toMatchObject({ ok: false, field: 'receivedOn' });
  });
});

describe('book of reviews', () => {
  it('five days for a written answer when the author left an address; none owed otherwise', () => {
    expect(bookAnswerDue('2026-06-08', true, law)).toBe('2026-06-15'); // 13 June is a Saturday
    expect(bookAnswerDue('2026-06-08', false, law)).toBeNull();
  });
});

describe('due-date states and reminders', () => {
  const due = '2026-03-02';
  it('reminds two working days before and on the first day missed', () => {
    expect(reminderDays(due, law)).toEqual({ before: '2026-02-26', missed: '2026-03-03' });
  });
  it('open, then «скоро срок», then «просрочено»; done on or before the day is met, after it late', () => {
    expect(deadlineState(due, null, '2026-02-25', law)).toBe('open');
    expect(deadlineState(due, null, '2026-02-26', law)).toBe('soon');
    expect(deadlineState(due, null, '2026-03-02', law)).toBe('soon');
    expect(deadlineState(due, null, '2026-03-03', law)).toBe('overdue');
    expect(deadlineState(due, '2026-03-02', '2026-03-10', law)).toBe('met');
    expect(deadlineState(due, '2026-03-03', '2026-03-10', law)).toBe('late');
  });
});
