import { describe, expect, it } from 'vitest';
import { newNonce, signInvitation, tokenHash, verifyInvitation, type InvitationClaims, type VerifyingKey } from './token.ts';

const NOW = Date.UTC(2026, 10, 25, 9, 0);
const KEY = { keyId: 'sharya.0a1b2c3d4e5f', secret: 'czn_hub_' + 'x'.repeat(43) };
const claims: InvitationClaims = { officeId: 'sharya', desk: 'Окно 3', serviceId: 'vacancies', channel: 'visit-qr', expiresAt: NOW + 7 * 86_400_000, nonce: newNonce() };
const keys = (over: Partial<VerifyingKey> = {}) => (keyId: string): VerifyingKey | null =>
  keyId === KEY.keyId ? { officeId: 'sharya', secret: KEY.secret, revokedAt: null, ...over } : null;

describe('invitation token', () => {
  it('round-trips the claims through the office key', () => {
    const token = signInvitation(KEY, claims);
    expect(token.startsWith(`v1.${KEY.keyId}.`)).toBe(true);
    expect(verifyInvitation(token, keys(), NOW)).toEqual({ ok: true, value: claims });
  });

  it('carries 128 random bits: two tokens for the same visit differ', () => {
    expect(Buffer.from(claims.nonce, 'base64url')).toHaveLength(16);
    expect(signInvitation(KEY, { ...claims, nonce: newNonce() })).not.toBe(signInvitation(KEY, { ...claims, nonce: newNonce() }));
  });

  it('refuses a token with any one character changed', () => {
    const token = signInvitation(KEY, claims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    for (let i = 0; i < token.length; i++) {
      const c = token[i]!;
      const swapped = alphabet[(alphabet.indexOf(c) + 7) % alphabet.length]!;
      const tampered = token.slice(0, i) + swapped + token.slice(i + 1);
      const result = verifyInvitation(tampered, keys(), NOW);
      expect(result.ok, `position ${i}`).toBe(false);
    }
  });

  it('refuses an expired token, a revoked key, an unknown key and a payload naming another office', () => {
    const token = signInvitation(KEY, claims);
    expect(verifyInvitation(token, keys(), claims.expiresAt)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyInvitation(token, keys({ revokedAt: NOW - 1 }), NOW)).toEqual({ ok: false, reason: 'revoked-key' });
    expect(verifyInvitation(token, () => null, NOW)).toEqual({ ok: false, reason: 'unknown-key' });
    const other = signInvitation(KEY, { ...claims, officeId: 'buy' });
    expect(verifyInvitation(other, keys(), NOW)).toEqual({ ok: false, reason: 'office-mismatch' });
    expect(verifyInvitation(token, keys({ secret: 'czn_hub_' + 'y'.repeat(43) }), NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses garbage without throwing', () => {
    for (const junk of ['', 'v1', 'v2.a.b.c', 'v1...', 'v1.sharya.0a1b.%%%.abc', 'x'.repeat(5000)]) {
      expect(verifyInvitation(junk, keys(), NOW).ok).toBe(false);
    }
  });

  it('stores only a sha256 of the token', () => {
    expect(tokenHash('abc')).toHaveLength(32);
  });
});
