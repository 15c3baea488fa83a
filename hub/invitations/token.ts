import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Per-visit survey tokens (docs/phone-surveys.md). An office hub signs a token with its forwarding
 * key; the central, which holds every office's key, verifies it. No call between the two is
 * needed when the token is made, so an office hub with no internet at that moment can still
 * invite, and the central never has to trust a list pushed down to it.
 *
 *   v1.<keyId>.<payload base64url>.<HMAC-SHA256(secret, "v1." + keyId + "." + payload) base64url>
 *
 * Pure: no database, no clock of its own. Bump TOKEN_VERSION when the payload changes meaning.
 */
export const TOKEN_VERSION = 'v1';

export type InvitationChannel = 'visit-qr' | 'email-link';

export interface InvitationClaims {
  officeId: string;
  desk: string | null;
  serviceId: string | null;
  channel: InvitationChannel;
  expiresAt: number;
  /** 16 random bytes, base64url: the token's 128 bits of unguessability. */
  nonce: string;
}

export interface SigningKey {
  keyId: string;
  secret: string;
}

/** What the verifier needs to know about the key a token names. */
export interface VerifyingKey {
  officeId: string;
  secret: string;
  revokedAt: number | null;
}

export type TokenRefusal = 'malformed' | 'unknown-key' | 'bad-signature' | 'revoked-key' | 'office-mismatch' | 'expired';
export type VerifyResult = { ok: true; value: InvitationClaims } | { ok: false; reason: TokenRefusal };

const KEY_ID_RE = /^[a-z0-9.-]{3,80}$/;
const B64URL_RE = /^[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 600;

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function signInvitation(key: SigningKey, claims: InvitationClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ o: claims.officeId, d: claims.desk, s: claims.serviceId, c: claims.channel, e: claims.expiresAt, n: claims.nonce }),
  ).toString('base64url');
  const signed = `${TOKEN_VERSION}.${key.keyId}.${payload}`;
  return `${signed}.${mac(key.secret, signed)}`;
}

/**
 * Checks the signature before reading the payload, so nothing an attacker wrote is parsed unless
 * the office's key made it. Expiry is checked last: an expired token is still a genuine one, and
 * the client is told so plainly.
 */
export function verifyInvitation(token: string, findKey: (keyId: string) => VerifyingKey | null, now: number): VerifyResult {
  const parts = tokenParts(token);
  if (!parts) return { ok: false, reason: 'malformed' };
  const { keyId, payload, signature } = parts;
  const key = findKey(keyId);
  if (!key) return { ok: false, reason: 'unknown-key' };
  const expected = Buffer.from(mac(key.secret, `${TOKEN_VERSION}.${keyId}.${payload}`), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  if (key.revokedAt !== null) return { ok: false, reason: 'revoked-key' };
  const claims = readClaims(payload);
  if (!claims) return { ok: false, reason: 'malformed' };
  if (claims.officeId !== key.officeId) return { ok: false, reason: 'office-mismatch' };
  if (claims.expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, value: claims };
}

/**
 * The same checks, with a key store that answers asynchronously (the central's keys on
 * CentralSql): the key the token names is read first, only for a token shaped like one.
 */
export async function verifyInvitationAsync(token: string, findKey: (keyId: string) => Promise<VerifyingKey | null>, now: number): Promise<VerifyResult> {
  const parts = tokenParts(token);
  const key = parts ? await findKey(parts.keyId) : null;
  return verifyInvitation(token, (keyId) => (keyId === parts?.keyId ? key : null), now);
}

function tokenParts(token: string): { keyId: string; payload: string; signature: string } | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split('.');
  // The key id itself contains dots ("kostroma.ab12cd"): version first, payload and mac last.
  if (parts.length < 4 || parts[0] !== TOKEN_VERSION) return null;
  const signature = parts[parts.length - 1]!;
  const payload = parts[parts.length - 2]!;
  const keyId = parts.slice(1, -2).join('.');
  if (!KEY_ID_RE.test(keyId) || !B64URL_RE.test(payload) || !B64URL_RE.test(signature)) return null;
  return { keyId, payload, signature };
}

/** The only form in which a token is ever stored (issued list, use list). */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function mac(secret: string, signed: string): string {
  return createHmac('sha256', secret).update(signed, 'utf8').digest('base64url');
}

function readClaims(payload: string): InvitationClaims | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const p = json as Record<string, unknown>;
  const optionalText = (v: unknown): v is string | null => v === null || (typeof v === 'string' && v.length > 0 && v.length <= 64);
  if (typeof p.o !== 'string' || !/^[a-z][a-z0-9-]{1,39}$/.test(p.o)) return null;
  if (!optionalText(p.d) || !optionalText(p.s)) return null;
  if (p.c !== 'visit-qr' && p.c !== 'email-link') return null;
  if (typeof p.e !== 'number' || !Number.isSafeInteger(p.e)) return null;
  if (typeof p.n !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(p.n)) return null;
  return { officeId: p.o, desk: p.d, serviceId: p.s, channel: p.c, expiresAt: p.e, nonce: p.n };
}
