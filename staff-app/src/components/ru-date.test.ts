import { describe, expect, it } from 'vitest';
import { dateProblem, isIsoDate, isoToRu, parseDateInput, parseRuDate, parseTimeInput } from './ru-date.ts';

describe('dates typed in Russian', () => {
  it('reads ДД.ММ.ГГГГ, Д.М.ГГГГ and ГГГГ-ММ-ДД, and only real dates', () => {
    expect(parseDateInput('01.12.2026')).toBe('2026-12-01');
    expect(parseDateInput(' 1.2.2026 ')).toBe('2026-02-01');
    expect(parseDateInput('2026-12-01')).toBe('2026-12-01');
    expect(parseDateInput('31.02.2026')).toBeNull();
    expect(parseDateInput('2026-02-30')).toBeNull();
    expect(parseDateInput('12/01/2026')).toBeNull();
    expect(parseDateInput('01.12.26')).toBeNull();
    expect(parseRuDate('2026-12-01')).toBeNull();
  });

  it('shows a date as ДД.ММ.ГГГГ and leaves text being typed as it is', () => {
    expect(isoToRu('2026-12-01')).toBe('01.12.2026');
    expect(isoToRu('01.1')).toBe('01.1');
    expect(isIsoDate('2026-12-01')).toBe(true);
    expect(isIsoDate('01.12.2026')).toBe(false);
  });

  it('says what is wrong beside the field', () => {
    expect(dateProblem('')).toBeNull();
    expect(dateProblem('', { required: true })).toBe('Укажите дату');
    expect(dateProblem('01.13.2026')).toBe('Введите дату как ДД.ММ.ГГГГ, например 01.12.2026');
    expect(dateProblem('2026-12-07', { max: '2026-12-06', today: '2026-12-06' })).toBe('Дата не может быть позже сегодняшней');
    expect(dateProblem('2026-12-07', { max: '2026-12-06' })).toBe('Дата не может быть позже 06.12.2026');
    expect(dateProblem('2026-11-30', { min: '2026-12-01' })).toBe('Дата не может быть раньше 01.12.2026');
    expect(dateProblem('2026-12-06', { max: '2026-12-06', required: true })).toBeNull();
  });

  it('reads a time as ЧЧ:ММ', () => {
    expect(parseTimeInput('9:05')).toBe('09:05');
    expect(parseTimeInput('14.30')).toBe('14:30');
    expect(parseTimeInput('24:00')).toBeNull();
    expect(parseTimeInput('9')).toBeNull();
  });
});
