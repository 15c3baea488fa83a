import { describe, expect, it } from 'vitest';
import { newRecordId } from '../../../shared/ids.ts';
import type { SurveyAnswerRecord, SurveyResponse } from '../../../shared/records.ts';
import { PUBLIC_RESPONSES_PATH, PUBLIC_SURVEY_ANSWERS_PATH } from '../../../shared/protocol/wire.ts';
import { phoneSubmitter } from './phone-submitter.ts';

const response = (): SurveyResponse => ({
  kind: 'response', id: newRecordId(), officeId: 'sharya', deviceId: 'phone', bornAt: '2026-11-25T07:00:00.000Z',
  channel: 'email-link', answers: { nps: 9 }, comment: null, serviceId: null, desk: null, complete: true,
});

function answering(status: number, body: unknown) {
  const sent: unknown[] = [];
  const urls: string[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    urls.push(url);
    sent.push(JSON.parse(String(init.body)));
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as unknown as typeof globalThis.fetch;
  return { sent, urls, fetch };
}

describe('phone submitter', () => {
  it('posts the token with one response and reads the ack like the kiosk does', async () => {
    const r = response();
    const wire = answering(200, { ok: true, protocol: 1, results: [{ id: r.id, status: 'stored' }] });
    const submitter = phoneSubmitter({ url: PUBLIC_RESPONSES_PATH, answersUrl: PUBLIC_SURVEY_ANSWERS_PATH, tokenFor: async () => 'v1.sharya.x.y.z', timeoutMs: 1000, onAlreadyUsed: () => undefined, fetch: wire.fetch });
    const outcome = await submitter.submit([r, response()]);
    expect(outcome).toEqual({ kind: 'acked', acked: new Map([[r.id, 'stored']]) });
    expect(wire.sent).toEqual([{ token: 'v1.sharya.x.y.z', response: r }]);
  });

  it('each response goes with the token it was queued with, not the current link’s', async () => {
    const [old, fresh] = [response(), response()];
    const tokens = new Map([[old.id, 'v1.old-link-token'], [fresh.id, 'v1.new-link-token']]);
    const wire = answering(200, { ok: true, protocol: 1, results: [{ id: old.id, status: 'stored' }] });
    const submitter = phoneSubmitter({ url: '/x', answersUrl: '/a', tokenFor: async (r) => tokens.get(r.id) ?? null, timeoutMs: 1000, onAlreadyUsed: () => undefined, fetch: wire.fetch });
    await submitter.submit([old]);
    await submitter.submit([fresh]);
    expect(wire.sent).toEqual([{ token: 'v1.old-link-token', response: old }, { token: 'v1.new-link-token', response: fresh }]);
  });

  it('a poster answer goes without a token', async () => {
    const r = { ...response(), channel: 'qr-poster' as const };
    const wire = answering(200, { ok: true, protocol: 1, results: [{ id: r.id, status: 'stored' }] });
    await phoneSubmitter({ url: '/x', answersUrl: '/a', tokenFor: async () => null, timeoutMs: 1000, onAlreadyUsed: () => undefined, fetch: wire.fetch }).submit([r]);
    expect(wire.sent).toEqual([{ response: r }]);
  });

  it('an answer to a built survey goes to its own address as { answer }, with no token, even from an invited phone', async () => {
    const a: SurveyAnswerRecord = {
      kind: 'survey-answer', id: newRecordId(), officeId: 'sharya', deviceId: 'phone', bornAt: '2026-11-25T07:01:00.000Z',
      surveyId: 'digital', version: 2, channel: 'visit-qr', answers: { used: true }, complete: true,
    };
    let asked = 0;
    const wire = answering(200, { ok: true, protocol: 1, results: [{ id: a.id, status: 'stored' }] });
    const submitter = phoneSubmitter({ url: PUBLIC_RESPONSES_PATH, answersUrl: PUBLIC_SURVEY_ANSWERS_PATH, tokenFor: async () => (asked++, 'v1.t'), timeoutMs: 1000, onAlreadyUsed: () => undefined, fetch: wire.fetch });
    expect(await submitter.submit([a])).toEqual({ kind: 'acked', acked: new Map([[a.id, 'stored']]) });
    expect(wire.urls).toEqual([PUBLIC_SURVEY_ANSWERS_PATH]);
    expect(wire.sent).toEqual([{ answer: a }]);
    expect(asked).toBe(0);
  });

  it('409 already-used: done, nothing to retry, and the client is told', async () => {
    const r = response();
    let told = 0;
    const wire = answering(409, { ok: false, error: 'already-used', reason: 'Спасибо, этот опрос уже пройден' });
    const outcome = await phoneSubmitter({ url: '/x', answersUrl: '/a', tokenFor: async () => 'v1.t', timeoutMs: 1000, onAlreadyUsed: () => told++, fetch: wire.fetch }).submit([r]);
    expect(outcome).toEqual({ kind: 'acked', acked: new Map([[r.id, 'duplicate']]) });
    expect(told).toBe(1);
  });

  it('an expired or refused token sets the response aside with the reason; a portal page, 429 or 500 is retried', async () => {
    const r = response();
    const submit = (status: number, body: unknown) =>
      phoneSubmitter({ url: '/x', answersUrl: '/a', tokenFor: async () => 'v1.t', timeoutMs: 1000, onAlreadyUsed: () => undefined, fetch: answering(status, body).fetch }).submit([r]);
    expect(await submit(410, { ok: false, error: 'expired-token', reason: 'Срок действия ссылки на опрос истёк' })).toEqual({
      kind: 'refused',
      refused: [{ id: r.id, reason: 'Срок действия ссылки на опрос истёк' }],
    });
    expect(await submit(401, '<html>login</html>')).toEqual({ kind: 'failed', reason: 'http-401' });
    expect(await submit(200, '<html>Wi-Fi</html>')).toEqual({ kind: 'failed', reason: 'not-json' });
    expect(await submit(429, { ok: false, error: 'rate-limited', reason: 'x' })).toEqual({ kind: 'failed', reason: 'rate-limited' });
    expect(await submit(500, { ok: false, error: 'internal', reason: 'x' })).toEqual({ kind: 'failed', reason: 'http-500' });
  });
});
