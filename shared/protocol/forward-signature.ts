import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 signatures between an office hub and the central: the request is signed by the
 * office, the answer by the central, both with the office's key. One module for both sides, so
 * the base strings cannot drift apart.
 *
 * Request base string (lines joined by \n):
 *   CZN-HUB-HMAC-SHA256-v1, METHOD, path with query, timestamp (epoch ms), nonce, key id, sha256(body) hex
 * Response base string:
 *   CZN-HUB-HMAC-SHA256-v1-response, the request's signature, HTTP status, sha256(body) hex
 *
 * The nonce makes two requests with the same body in the same millisecond differ, so the
 * central's replay rule (a signature is accepted once) never refuses an honest resend.
 */
const REQUEST_SCHEME = 'CZN-HUB-HMAC-SHA256-v1';
const RESPONSE_SCHEME = 'CZN-HUB-HMAC-SHA256-v1-response';

export interface SignedRequestParts {
  method: string;
  path: string;
  timestamp: number;
  nonce: string;
  keyId: string;
  body: Buffer | string;
}

export const sha256Hex = (body: Buffer | string): string => createHash('sha256').update(body).digest('hex');

export function requestBaseString(parts: SignedRequestParts): string {
  return [REQUEST_SCHEME, parts.method.toUpperCase(), parts.path, String(parts.timestamp), parts.nonce, parts.keyId, sha256Hex(parts.body)].join('\n');
}

export function signRequest(secret: string, parts: SignedRequestParts): string {
  return hmacHex(secret, requestBaseString(parts));
}

export function signResponse(secret: string, requestSignature: string, status: number, body: Buffer | string): string {
  return hmacHex(secret, [RESPONSE_SCHEME, requestSignature, String(status), sha256Hex(body)].join('\n'));
}

export const newNonce = (): string => randomBytes(16).toString('hex');

/** Compares a received hex signature with the expected one in constant time. */
export function signaturesMatch(expectedHex: string, receivedHex: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(receivedHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(receivedHex, 'hex'));
}

function hmacHex(secret: string, base: string): string {
  return createHmac('sha256', secret).update(base).digest('hex');
}
