import { describe, expect, it } from 'vitest';
import { parsePeriodKey } from '../../../../shared/periods.ts';
import { axisLabel } from './trend-labels.ts';

const period = (key: string) => {
  const parsed = parsePeriodKey(key);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

describe('trend axis labels', () => {
  it('name weeks by their Monday and months in Russian, never «W48»', () => {
    expect(axisLabel(period('2026-W48'), false)).toBe('23.11');
    expect(axisLabel(period('2026-11'), false)).toBe('ноя');
    expect(axisLabel(period('2027-01'), false)).toBe('янв 2027');
    expect(axisLabel(period('2026-09'), true)).toBe('сен 2026');
  });
});
