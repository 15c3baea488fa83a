import type { TrendResponse } from '../../../../shared/api/figures.ts';
import { moscowDayMonth } from '../../format.ts';

/**
 * Axis labels in Russian whatever the browser's language: a week by the date its Monday falls on
 * («23.11»), a month by its short Russian name, with the year on January and on the first point.
 */
const MONTHS_SHORT = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];

export function axisLabel(period: TrendResponse['periods'][number], first: boolean): string {
  if (period.key.includes('-W')) return moscowDayMonth(period.start);
  const [year, month] = period.key.split('-').map(Number) as [number, number];
  const name = MONTHS_SHORT[month - 1] ?? period.key;
  return month === 1 || first ? `${name} ${year}` : name;
}
