import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICES as OFFICES } from '../../../../shared/offices.ts';
import { appealWhere, CENTRE_ADDRESS } from './appeal-text.ts';

describe('where a written appeal goes', () => {
  it('prints the Kostroma office address once: it is the centre’s own', () => {
    const kostroma = OFFICES.find((o) => o.id === 'kostroma')!;
    const text = appealWhere(kostroma.address);
    expect(text.split(CENTRE_ADDRESS)).toHaveLength(2);
    expect(text).toContain('лично или по почте');
  });

  it('names both the office and the centre for any other office, and the centre alone when the office is unknown', () => {
    const sharya = OFFICES.find((o) => o.id === 'sharya')!;
    expect(appealWhere(sharya.address)).toBe(`лично по адресу ${sharya.address} или по почте в ОГКУ «ЦЗН Костромской области»: ${CENTRE_ADDRESS}`);
    expect(appealWhere(null)).toBe(`по почте в ОГКУ «ЦЗН Костромской области»: ${CENTRE_ADDRESS}`);
  });
});
