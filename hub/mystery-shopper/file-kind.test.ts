import { describe, expect, it } from 'vitest';
import { checkFile, cleanFileName, sniffType } from './file-kind.ts';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1');

describe('what a file is, by its bytes', () => {
  it('JPEG, PNG and PDF by their magic; anything else (a GIF, a renamed text, an .exe) is none', () => {
    expect([sniffType(JPEG), sniffType(PNG), sniffType(PDF)]).toEqual(['image/jpeg', 'image/png', 'application/pdf']);
    expect(sniffType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffType(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffType(Buffer.from('%PDF'))).toBeNull();
    expect(sniffType(new Uint8Array())).toBeNull();
  });

  it('the name must agree with the bytes; a name without extension gets the type’s', () => {
    expect(checkFile('Фото входа.JPG', JPEG)).toEqual({ ok: true, type: 'image/jpeg', name: 'Фото входа.JPG' });
    expect(checkFile('scan', PDF)).toEqual({ ok: true, type: 'application/pdf', name: 'scan.pdf' });
    expect(checkFile('отчёт.pdf', JPEG)).toMatchObject({ ok: false, reason: expect.stringContaining('не совпадает с содержимым') as string });
    expect(checkFile('virus.pdf', Buffer.from('MZ\x90\x00'))).toMatchObject({ ok: false, reason: expect.stringContaining('только фото JPEG или PNG или документ PDF') as string });
    expect(checkFile('пусто.png', Buffer.alloc(0))).toEqual({ ok: false, reason: 'файл пуст' });
  });

  it('names lose folders, control characters and quotes, and are cut to 120 characters keeping the extension', () => {
    expect(cleanFileName('C:\\Users\\Иван\\Desktop\\план "зала".png')).toBe('план зала.png');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\r\nc.pdf')).toBe('abc.pdf');
    expect(cleanFileName('...')).toBe('файл');
    const long = cleanFileName(`${'я'.repeat(200)}.jpeg`);
    expect([long.length, long.endsWith('.jpeg')]).toEqual([120, true]);
  });
});
