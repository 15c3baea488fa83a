import { createHash, randomBytes } from 'node:crypto';

/**
 * The short code of a per-visit invitation (docs/phone-surveys.md, «Short links»): 12 characters
 * of Crockford's base32, 60 random bits, printed in three groups (`K7QM-3XZP-HA4T`) and typed
 * case-insensitively, with the letters that look like digits read as those digits (O → 0,
 * I and L → 1). It stands for a signed token that the central keeps; it proves nothing by itself.
 *
 * Pure: no database, no clock.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SHORT_CODE_LENGTH = 12;
const SHORT_CODE_RE = /^[0-9A-HJKMNP-TV-Z]{12}$/;
/** What may arrive in a link before normalising: the code, in any case, with or without hyphens. */
const TYPED_RE = /^[0-9A-Za-z-]{12,20}$/;

/** 60 bits from the system's CSPRNG: 12 characters of 5 bits each. */
export function newShortCode(): string {
  const bytes = randomBytes(8);
  let bits = bytes.readBigUInt64BE() >> 4n;
  let code = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) {
    code = ALPHABET[Number(bits & 31n)]! + code;
    bits >>= 5n;
  }
  return code;
}

/** The code as stored and compared, or null when `typed` cannot be a short code (a v1 token, garbage). */
export function normaliseShortCode(typed: string): string | null {
  if (!TYPED_RE.test(typed)) return null;
  const code = typed.replace(/-/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  return SHORT_CODE_RE.test(code) ? code : null;
}

/** K7QM-3XZP-HA4T: groups of four are easier to read off a slip and type. */
export function formatShortCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** The only form in which the central keeps a code. */
export function shortCodeHash(code: string): Buffer {
  return createHash('sha256').update(`czn-invitation-code:${code}`, 'utf8').digest();
}
