import { describe, expect, it } from 'vitest';
import { readCallList } from './call-list-csv.ts';

const offices: Record<string, string> = { 'шарьинское отделение': 'sharya', sharya: 'sharya', 'буйское отделение': 'buy' };
const office = (text: string) => offices[text.trim().toLowerCase().replace(/ё/g, 'е')] ?? null;
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Windows-1251 bytes of a text of Cyrillic and ASCII, as Excel in a Russian locale saves «CSV». */
function cp1251(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => {
    const code = c.codePointAt(0)!;
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    if (c === 'ё') return 0xb8;
    if (c === 'Ё') return 0xa8;
    throw new Error(`no cp1251 byte for ${c}`);
  }));
}

describe('a call list', () => {
  it('reads a semicolon list with a header, any phone spelling, office by name or id, both date forms', () => {
    const read = readCallList(utf8('\uFEFFТелефон;Отдел;Дата услуги\r\n8 (903) 123-45-67;Шарьинское отделение;05.12.2026\r\n+7 903 765 43 21;sharya;2026-12-04\r\n\r\n9031112233;"Буйское отделение";01.12.2026\r\n'), office);
    expect(read).toEqual({
      ok: true,
      encoding: 'utf-8',
      rows: [
        { phone: '+79031234567', officeId: 'sharya', serviceDate: '2026-12-05' },
        { phone: '+79037654321', officeId: 'sharya', serviceDate: '2026-12-04' },
        { phone: '+79031112233', officeId: 'buy', serviceDate: '2026-12-01' },
      ],
    });
  });

  it('reads Windows-1251 and commas, with no header', () => {
    const read = readCallList(cp1251('89031234567,Шарьинское отделение,05.12.2026\n89037654321,Буйское отделение,06.12.2026\n'), office);
    expect(read.ok && read.encoding).toBe('windows-1251');
    expect(read.ok && read.rows.map((r) => r.officeId)).toEqual(['sharya', 'buy']);
  });

  it('names every broken line and its field, and returns no rows', () => {
    const read = readCallList(
      utf8('телефон;отдел;дата\n8903123;sharya;05.12.2026\n89031234567;Галичское;05.12.2026\n89031234568;sharya;31.02.2026\n89031234569;sharya\n+7 (903) 123-45-67;sharya;01.12.2026\n89031234567;sharya;01.12.2026\n89031234570;sharya;06.12.2026\n'),
      office,
      '2026-12-05',
    );
    expect(read).toEqual({
      ok: false,
      errors: [
        'строка 2, телефон: «8903123» — ожидается российский номер: 10 цифр после +7 или 8',
        'строка 3, отдел: «Галичское» — нет такого отдела',
        'строка 4, дата услуги: «31.02.2026» — ожидается дата ДД.ММ.ГГГГ',
        'строка 5: нужно три поля — телефон, отдел, дата услуги; найдено 2',
        'строка 7, телефон: номер уже есть в строке 6',
        'строка 8, дата услуги: «06.12.2026» — дата в будущем',
      ],
    });
  });

  it('an empty file or a broken quote is a clear refusal', () => {
    expect(readCallList(utf8('телефон;отдел;дата\n'), office)).toEqual({ ok: false, errors: ['в файле нет ни одной строки с номером'] });
    const broken = readCallList(utf8('89031234567;"sharya;05.12.2026\n'), office);
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.errors[0]).toMatch(/^строка \d+: файл не читается как CSV/);
  });
});
