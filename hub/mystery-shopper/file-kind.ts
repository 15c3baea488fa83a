import { ATTACHMENT_EXTENSIONS, ATTACHMENT_NAME_MAX, ATTACHMENT_TYPES, type AttachmentType } from '../../shared/mystery-shopper-words.ts';

/**
 * What an uploaded file is, by its first bytes (its «magic»), never by its name or the type the
 * browser claims: a JPEG starts FF D8 FF, a PNG with its eight-byte signature, a PDF with «%PDF-».
 * The name only has to agree (a .pdf that is a JPEG is refused), and is cleaned before it is kept.
 */
const SIGNATURES: Record<AttachmentType, readonly number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
};

export function sniffType(bytes: Uint8Array): AttachmentType | null {
  return ATTACHMENT_TYPES.find((type) => SIGNATURES[type].every((b, i) => bytes[i] === b)) ?? null;
}

/**
 * The name as the analyst sees it: no folders, no control characters, at most 120 characters
 * keeping the extension; «файл» when nothing is left.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const plain = base.replace(/[\u0000-\u001f\u007f"]/g, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  if (plain.length <= ATTACHMENT_NAME_MAX) return plain || 'файл';
  const dot = plain.lastIndexOf('.');
  const ext = dot > 0 && plain.length - dot <= 6 ? plain.slice(dot) : '';
  return plain.slice(0, ATTACHMENT_NAME_MAX - ext.length) + ext;
}

const extensionOf = (name: string): string | null => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : null;
};

export type FileCheck = { ok: true; type: AttachmentType; name: string } | { ok: false; reason: string };

/** The file's type from its bytes, and its name checked against it (a name without extension gets the type's). */
export function checkFile(rawName: string, bytes: Uint8Array): FileCheck {
  if (bytes.length === 0) return { ok: false, reason: 'файл пуст' };
  const type = sniffType(bytes);
  if (!type) return { ok: false, reason: 'можно приложить только фото JPEG или PNG или документ PDF: содержимое этого файла — не они' };
  const name = cleanFileName(rawName);
  const ext = extensionOf(name);
  if (ext === null) return { ok: true, type, name: `${name}.${ATTACHMENT_EXTENSIONS[type][0]}` };
  if (!ATTACHMENT_EXTENSIONS[type].includes(ext)) return { ok: false, reason: `расширение «.${ext}» не совпадает с содержимым файла (${ATTACHMENT_EXTENSIONS[type].map((e) => `.${e}`).join(', ')})` };
  return { ok: true, type, name };
}
