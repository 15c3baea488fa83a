import { describe, expect, it } from 'vitest';
import { newNonce, requestBaseString, signaturesMatch, signRequest, signResponse } from './forward-signature.ts';

const parts = { method: 'post', path: '/api/forward', timestamp: 1_795_000_000_000, nonce: '0123456789abcdef0123456789abcdef', keyId: 'sharya.a1b2c3d4e5f6', body: '{"records":[]}' };
const secret = 'czn_hub_test-secret';

describe('hub signatures', () => {
  it('the base string names the scheme, method, path, time, nonce, key and the body hash, one per line', () => {
    expect(requestBaseString(parts).split('\n')).toEqual([
      'CZN-HUB-HMAC-SHA256-v1',
      'POST',
      '/api/forward',
      '1795000000000',
      '0123456789abcdef0123456789abcdef',
      'sharya.a1b2c3d4e5f6',
      // sha256('{"records":[]}')
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
  });
  it('any change to a signed part changes the signature', () => {
    const base = signRequest(secret, parts);
    for (const change of [{ body: '{"records":[1]}' }, { path: '/api/forward?x=1' }, { timestamp: parts.timestamp + 1 }, { nonce: newNonce() }, { keyId: 'sharya.000000000000' }, { method: 'PUT' }]) {
      expect(signRequest(secret, { ...parts, ...change })).not.toBe(base);
    }
    expect(signRequest('czn_hub_other', parts)).not.toBe(base);
  });
  it('the answer signature binds the request signature, the status and the body', () => {
    const request = signRequest(secret, parts);
    const answer = signResponse(secret, request, 200, '{"ok":true}');
    expect(signResponse(secret, request, 201, '{"ok":true}')).not.toBe(answer);
    expect(signResponse(secret, request, 200, '{"ok":false}')).not.toBe(answer);
    expect(signResponse(secret, signRequest(secret, { ...parts, nonce: newNonce() }), 200, '{"ok":true}')).not.toBe(answer);
  });
  it('comparison accepts only a well-formed equal hex signature', () => {
    const sig = signRequest(secret, parts);
    expect(signaturesMatch(sig, sig)).toBe(true);
    expect(signaturesMatch(sig, sig.toUpperCase())).toBe(false);
    expect(signaturesMatch(sig, sig.slice(0, 63))).toBe(false);
    expect(signaturesMatch(sig, `${sig.slice(0, 63)}${sig.endsWith('0') ? '1' : '0'}`)).toBe(false);
  });
});
