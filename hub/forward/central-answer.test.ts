import { describe, expect, it } from 'vitest';
import { readCentralAnswer } from './central-answer.ts';
import { signResponse } from '../../shared/protocol/forward-signature.ts';

const secret = 'czn_hub_test-secret';
const ids = ['0192a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b', '0192a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c'];
const sent = { ids, signature: 'f'.repeat(64), secret };
const now = Date.parse('2026-11-25T08:00:00Z');
const answer = (status: number, text: string, opts: { sign?: boolean; retryAfter?: string } = {}) => ({
  status,
  body: Buffer.from(text),
  signature: opts.sign === false ? null : signResponse(secret, sent.signature, status, text),
  retryAfter: opts.retryAfter ?? null,
});
const ack = JSON.stringify({ ok: true, protocol: 1, results: ids.map((id, i) => ({ id, status: i === 0 ? 'stored' : 'conflict' })) });

describe("reading the central's answer", () => {
  it('a signed 200 ack naming every id acknowledges them, conflicts included', () => {
    const meaning = readCentralAnswer(answer(200, ack), sent, now);
    expect(meaning.kind === 'acked' && [...meaning.acked]).toEqual([
      [ids[0], 'stored'],
      [ids[1], 'conflict'],
    ]);
  });
  it('an HTML 200 (captive portal, proxy page) acknowledges nothing', () => {
    expect(readCentralAnswer(answer(200, '<html><body>Вход в сеть</body></html>', { sign: false }), sent, now)).toMatchObject({ kind: 'retry', code: 'unsigned-answer' });
    expect(readCentralAnswer(answer(200, '<html></html>'), sent, now)).toMatchObject({ kind: 'retry', code: 'not-an-ack' });
  });
  it('a perfect ack without the central’s signature acknowledges nothing', () => {
    expect(readCentralAnswer(answer(200, ack, { sign: false }), sent, now)).toMatchObject({ kind: 'retry', code: 'unsigned-answer' });
    const forged = { ...answer(200, ack), signature: signResponse('czn_hub_other', sent.signature, 200, ack) };
    expect(readCentralAnswer(forged, sent, now)).toMatchObject({ kind: 'retry', code: 'unsigned-answer' });
  });
  it('an ack that leaves out an id acknowledges nothing', () => {
    const partial = JSON.stringify({ ok: true, protocol: 1, results: [{ id: ids[0], status: 'stored' }] });
    expect(readCentralAnswer(answer(200, partial), sent, now)).toMatchObject({ kind: 'retry', code: 'not-an-ack' });
  });
  it('500, 502 and 503 are retried; 503 carries its Retry-After', () => {
    expect(readCentralAnswer(answer(500, 'oops', { sign: false }), sent, now)).toMatchObject({ kind: 'retry', code: 'server-error' });
    expect(readCentralAnswer(answer(502, '<html>Bad Gateway</html>', { sign: false }), sent, now)).toMatchObject({ kind: 'retry', code: 'server-error' });
    expect(readCentralAnswer(answer(503, '{}', { sign: false, retryAfter: '30' }), sent, now)).toMatchObject({ kind: 'retry', code: 'busy', retryAfterMs: 30_000 });
  });
  it('401 and 403 are retried and say what to check', () => {
    expect(readCentralAnswer(answer(403, '{"error":"revoked-key"}', { sign: false }), sent, now)).toMatchObject({ kind: 'retry', code: 'refused', message: expect.stringMatching(/CENTRAL_KEY/) });
  });
  it('a signed 400 naming records of this batch sets exactly those aside', () => {
    const rejection = JSON.stringify({ ok: false, error: 'invalid-records', reason: '1 из 2', invalid: [{ index: 1, id: ids[1], reason: 'score: слишком большое' }] });
    expect(readCentralAnswer(answer(400, rejection), sent, now)).toEqual({ kind: 'invalid', invalid: [{ index: 1, reason: 'score: слишком большое' }] });
  });
  it('a 400 that does not name this batch’s records, or rejects the envelope, sets nothing aside', () => {
    const wrongId = JSON.stringify({ ok: false, error: 'invalid-records', reason: 'x', invalid: [{ index: 1, id: ids[0], reason: 'x' }] });
    expect(readCentralAnswer(answer(400, wrongId), sent, now)).toMatchObject({ kind: 'retry', code: 'invalid-batch' });
    const envelope = JSON.stringify({ ok: false, error: 'invalid-batch', reason: 'records: обязательное поле', invalid: [] });
    expect(readCentralAnswer(answer(400, envelope), sent, now)).toMatchObject({ kind: 'retry', code: 'invalid-batch' });
    const unsigned = JSON.stringify({ ok: false, error: 'invalid-records', reason: 'x', invalid: [{ index: 0, id: ids[0], reason: 'x' }] });
    expect(readCentralAnswer(answer(400, unsigned, { sign: false }), sent, now)).toMatchObject({ kind: 'retry', code: 'unsigned-answer' });
  });
});
