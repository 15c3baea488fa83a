import { describe, expect, it } from 'vitest';
import { printedUrl } from './printed-url.ts';

describe('a printed address', () => {
  it('breaks only after a slash, keeping the scheme with the host', () => {
    expect(printedUrl('https://opros.czn-kostroma.example.ru/p/kostroma', 178, 26).pieces).toEqual(['https://opros.czn-kostroma.example.ru/', 'p/', 'kostroma']);
    expect(printedUrl('http://127.0.0.1:8090/s/K7QM-3XZP-HA4T', 178, 26).pieces).toEqual(['http://127.0.0.1:8090/', 's/', 'K7QM-3XZP-HA4T']);
  });

  it('is as large as allowed while its longest piece fits the line', () => {
    expect(printedUrl('http://127.0.0.1:8090/p/sharya', 178, 26).fontPt).toBe(26);
    const long = printedUrl('https://opros.czn-kostroma-oblast.example.ru/p/volgorechensk', 178, 26);
    const longestMm = ((Math.max(...long.pieces.map((p) => p.length)) * 0.602 * long.fontPt) / 72) * 25.4;
    expect(long.fontPt).toBeLessThan(26);
    expect(longestMm).toBeLessThanOrEqual(178);
  });
});
