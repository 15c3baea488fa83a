import { describe, expect, it } from 'vitest';
import { newRecordId } from './ids.ts';
import { canonicalBody, pressSchema, recordSchema, responseSchema } from './records.ts';
import { parseIngestAck } from './protocol/ingest.ts';

const press = () => ({
  kind: 'press' as const,
  id: newRecordId(),
  officeId: 'sharya',
  deviceId: 'driver-1',
  bornAt: '2026-11-25T07:00:00.000Z',
  channel: 'panel' as const,
  panelId: 'panel-1',
  desk: 'Окно 3',
  seq: 17,
  button: '5',
  score: 5,
  suppressed: null,
});

describe('record schemas', () => {
  it('accept a well-formed press and response', () => {
    expect(pressSchema.safeParse(press()).success).toBe(true);
    const response = {
      kind: 'response',
      id: newRecordId(),
      officeId: 'buy',
      deviceId: 'kiosk-1',
      bornAt: '2026-11-25T07:00:00.000Z',
      channel: 'kiosk',
      answers: { csat1: 5, nps: 0 },
      comment: null,
      serviceId: null,
      desk: null,
      complete: false,
    };
    expect(responseSchema.safeParse(response).success).toBe(true);
  });
  it('refuse unknown fields, out-of-range scores and non-v7 ids', () => {
    expect(pressSchema.safeParse({ ...press(), extra: 1 }).success).toBe(false);
    expect(pressSchema.safeParse({ ...press(), score: 6 }).success).toBe(false);
    expect(pressSchema.safeParse({ ...press(), id: '550e8400-e29b-41d4-a716-446655440000' }).success).toBe(false);
    expect(pressSchema.safeParse({ ...press(), bornAt: '2026-11-25 07:00' }).success).toBe(false);
    expect(recordSchema.safeParse({ ...press(), kind: 'tap' }).success).toBe(false);
  });
  it('canonical body ignores key order and receivedAt', () => {
    const p = press();
    const reordered = Object.fromEntries(Object.entries(p).reverse()) as typeof p;
    expect(canonicalBody({ ...reordered, receivedAt: '2026-11-25T07:00:01.000Z' })).toBe(canonicalBody(p));
    expect(canonicalBody({ ...p, score: 4 })).not.toBe(canonicalBody(p));
  });
  it('canonical body keeps its exact bytes: stored body hashes depend on them', () => {
    const heartbeat = {
      kind: 'heartbeat' as const,
      id: '019abc00-0000-7000-8000-000000000001',
      officeId: 'sharya',
      deviceId: 'drv-1',
      bornAt: '2026-11-25T07:00:00.000Z',
      receivedAt: '2026-11-25T07:00:00.050Z',
      channel: 'panel' as const,
      deviceKind: 'panel-driver' as const,
      version: '1.0.0',
      backlog: 0,
      lastSyncAt: null,
      errors: { 'partial-line': 2 },
      panels: [{ online: true, panelId: 'p1', nested: { b: 1, a: [2, 'Окно "3"'] }, gone: undefined }],
    };
    expect(canonicalBody(heartbeat as never)).toBe(
      '{"backlog":0,"bornAt":"2026-11-25T07:00:00.000Z","channel":"panel","deviceId":"drv-1","deviceKind":"panel-driver","errors":{"partial-line":2},' +
        '"id":"019abc00-0000-7000-8000-000000000001","kind":"heartbeat","lastSyncAt":null,"officeId":"sharya",' +
        '"panels":[{"nested":{"a":[2,"Окно \\"3\\""],"b":1},"online":true,"panelId":"p1"}],"version":"1.0.0"}',
    );
  });
});

describe('parseIngestAck', () => {
  const ids = [newRecordId(), newRecordId()];
  const ack = JSON.stringify({ ok: true, protocol: 1, results: ids.map((id) => ({ id, status: 'stored' })) });
  it('acknowledges only ids named in a well-formed answer', () => {
    const result = parseIngestAck(ack, ids);
    expect(result.ok && [...result.acked.keys()]).toEqual(ids);
  });
  it('an HTML page acknowledges nothing', () => {
    expect(parseIngestAck('<html>Wi-Fi login</html>', ids)).toEqual({ ok: false, reason: 'not-json' });
  });
  it('JSON of another shape acknowledges nothing', () => {
    expect(parseIngestAck('{"status":"ok"}', ids)).toEqual({ ok: false, reason: 'not-an-ack' });
  });
  it('an answer that leaves out an id acknowledges nothing', () => {
    expect(parseIngestAck(ack, [...ids, newRecordId()])).toEqual({ ok: false, reason: 'ids-missing' });
  });
});
