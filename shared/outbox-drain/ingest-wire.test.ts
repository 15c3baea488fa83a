import { describe, expect, it } from 'vitest';
import { newRecordId } from '../ids.ts';
import * as shared from '../protocol/ingest.ts';
import { readIngestAck, readIngestRejection } from './ingest-wire.ts';

const a = newRecordId();
const b = newRecordId();
const ack = (results: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ ok: true, protocol: 1, results, ...extra });

const answers: [string, string, string[]][] = [
  ['a full ack', ack([{ id: a, status: 'stored' }, { id: b, status: 'duplicate' }]), [a, b]],
  ['an ack with a conflict', ack([{ id: a, status: 'conflict' }]), [a]],
  ['an ack missing an id', ack([{ id: a, status: 'stored' }]), [a, b]],
  ['captive portal HTML', '<!doctype html><html><body>Войдите в сеть Wi-Fi</body></html>', [a]],
  ['empty body', '', [a]],
  ['JSON that is not an ack', '{"ok":true}', [a]],
  ['an ack of another protocol', JSON.stringify({ ok: true, protocol: 2, results: [{ id: a, status: 'stored' }] }), [a]],
  ['an unknown status', ack([{ id: a, status: 'maybe' }]), [a]],
  ['an extra field', ack([{ id: a, status: 'stored' }], { note: 'x' }), [a]],
  ['an extra field in a result', ack([{ id: a, status: 'stored', at: 1 }]), [a]],
  ['a rejection', JSON.stringify({ ok: false, error: 'invalid-records', reason: 'x', invalid: [] }), [a]],
  ['JSON null', 'null', [a]],
  ['an array', '[]', [a]],
];

describe('readIngestAck agrees with parseIngestAck', () => {
  it.each(answers)('%s', (_name, body, ids) => {
    expect(readIngestAck(body, ids)).toEqual(shared.parseIngestAck(body, ids));
  });
});

describe('readIngestRejection', () => {
  it('names refused records by index, and nothing else counts as a rejection', () => {
    const rejection = { ok: false, error: 'invalid-records', reason: '1 из 2', invalid: [{ index: 1, id: b, reason: 'answers.nps: слишком большое' }] };
    expect(shared.ingestRejectionSchema.safeParse(rejection).success).toBe(true);
    expect(readIngestRejection(JSON.stringify(rejection))).toEqual([{ index: 1, reason: 'answers.nps: слишком большое' }]);
    expect(readIngestRejection('<html>400 Bad Request</html>')).toBeNull();
    expect(readIngestRejection(JSON.stringify({ ok: false, error: 'invalid-batch', reason: 'x', invalid: [] }))).toBeNull();
  });
});
