import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import type { Press, SurveyResponse } from '../../shared/records.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { createIngest, type IngestBatch } from './ingest-batch.ts';
import { NO_SURVEY_VERSIONS } from '../db/survey-versions.ts';

const device = { kind: 'device' as const, deviceId: 'driver-1', officeId: 'sharya' };
const now = Date.parse('2026-11-25T08:00:00.000Z');

const press = (over: Partial<Press> = {}): Press => ({
  kind: 'press',
  id: newRecordId(),
  officeId: 'sharya',
  deviceId: 'driver-1',
  bornAt: '2026-11-25T07:59:59.000Z',
  channel: 'panel',
  panelId: 'panel-1',
  desk: null,
  seq: 1,
  button: '5',
  score: 5,
  suppressed: null,
  ...over,
});

let db: Db;
let ingest: IngestBatch;
beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'ingest-')), 'hub.sqlite')).db;
  seedOfficesOnSqlite(db);
  ingest = createIngest(db, { surveys: NO_SURVEY_VERSIONS, clock: () => now, forward: true });
});

const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('ingestBatch', () => {
  it('stores a batch, queues it for the central, and a resend is a harmless duplicate', () => {
    const records = [press(), press({ score: 1, button: '1' })];
    const first = ingest({ records }, device);
    expect(first.ok && first.ack.results.map((r) => r.status)).toEqual(['stored', 'stored']);
    const again = ingest({ records }, device);
    expect(again.ok && again.ack.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect([count('press'), count('outbox')]).toEqual([2, 2]);
  });

  it('the same id with a different body is a conflict, kept in dead_letter, and the rest still flows', () => {
    const original = press();
    ingest({ records: [original] }, device);
    const other = press();
    const outcome = ingest({ records: [{ ...original, score: 2, button: '2' }, other] }, device);
    expect(outcome.ok && outcome.ack.results.map((r) => r.status)).toEqual(['conflict', 'stored']);
    expect(count('dead_letter')).toBe(1);
    expect(createRecordStore(db).read('press', original.id)).toMatchObject({ score: 5 });
  });

  it('every kind: a resend of the same body is a duplicate, one field changed is a conflict (bodies compared, not hashed)', () => {
    const bornAt = '2026-11-25T07:59:59.123Z';
    const response: SurveyResponse = { kind: 'response', id: newRecordId(), officeId: 'sharya', deviceId: 'driver-1', bornAt, channel: 'kiosk', answers: { csat2: 4, nps: 0 }, comment: '  долго ждал  ', serviceId: null, desk: 'окно 3', complete: false };
    const heartbeat = {
      kind: 'heartbeat', id: newRecordId(), officeId: 'sharya', deviceId: 'driver-1', bornAt, deviceKind: 'panel-driver', version: '1.0.0', backlog: 3, lastSyncAt: null, errors: { 'bad-checksum': 2 },
      panels: [{ panelId: 'p1', port: '/dev/ttyUSB0', protocol: 'framed', desk: null, online: true, lastPressAt: bornAt, lastHeartbeatAt: null, disconnects: 1, errors: {} }],
    };
    const originals = [press({ bornAt, desk: 'окно 1', seq: null, suppressed: 'too-soon' }), response, heartbeat];
    const stored = ingest({ records: originals }, device);
    expect(stored.ok && stored.ack.results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);
    // Keys in another order and a receivedAt of the sender's are still the same body.
    const reordered = originals.map((r) => ({ ...Object.fromEntries(Object.entries(r).reverse()), receivedAt: '2026-11-25T08:00:00.000Z' }));
    const again = ingest({ records: reordered }, device);
    expect(again.ok && again.ack.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const changed = [
      { ...originals[0], seq: 0 },
      { ...response, answers: { csat2: 4 } },
      { ...heartbeat, panels: [{ ...heartbeat.panels[0], disconnects: 2 }] },
    ];
    const conflicts = ingest({ records: changed }, device);
    expect(conflicts.ok && conflicts.ack.results.map((r) => r.status)).toEqual(['conflict', 'conflict', 'conflict']);
    expect([count('press'), count('response'), count('heartbeat'), count('dead_letter')]).toEqual([1, 1, 1, 3]);
  });

  it('half an emoji in a comment (from an older kiosk that cut one at the limit) is stored as U+FFFD, and its resend is a duplicate', () => {
    const response: SurveyResponse = { kind: 'response', id: newRecordId(), officeId: 'sharya', deviceId: 'driver-1', bornAt: '2026-11-25T07:59:59.000Z', channel: 'kiosk', answers: { csat1: 5 }, comment: 'спасибо \ud83d', serviceId: null, desk: null, complete: true };
    const first = ingest({ records: [response] }, device);
    expect(first.ok && first.ack.results[0]?.status).toBe('stored');
    expect(createRecordStore(db).read('response', response.id)).toMatchObject({ comment: 'спасибо \ufffd' });
    const again = ingest({ records: [response] }, device);
    expect(again.ok && again.ack.results[0]?.status).toBe('duplicate');
  });

  it('one invalid record refuses the whole batch with a reason per record, storing nothing', () => {
    const outcome = ingest({ records: [press(), { ...press(), score: 9 }, { nonsense: true }] }, device);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.rejection.invalid.map((i) => i.index)).toEqual([1, 2]);
    expect(outcome.rejection.invalid[0]?.reason).toMatch(/score/);
    expect(count('press')).toBe(0);
  });

  it('a device may speak only for itself and its office', () => {
    const outcome = ingest({ records: [press({ officeId: 'buy' }), press({ deviceId: 'other' })] }, device);
    expect(!outcome.ok && outcome.rejection.invalid.map((i) => i.reason)).toEqual([expect.stringMatching(/отдела buy/), expect.stringMatching(/устройства other/)]);
  });

  it('a device key carries only kiosk answers: the phone channels need the public endpoint and its token', () => {
    const answer = (channel: SurveyResponse['channel']): SurveyResponse => ({
      kind: 'response', id: newRecordId(), officeId: 'sharya', deviceId: 'driver-1', bornAt: '2026-11-25T07:00:00.000Z',
      channel, answers: { csat1: 1 }, comment: null, serviceId: null, desk: null, complete: true,
    });
    const refused = ingest({ records: [answer('visit-qr'), answer('email-link'), answer('qr-poster')] }, device);
    expect(!refused.ok && refused.rejection.invalid.map((i) => i.reason)).toEqual(Array(3).fill(expect.stringMatching(/с ключом устройства не принимается/)));
    expect(count('response')).toBe(0);
    // A kiosk's answer from weeks ago (an outage) is taken as it was born.
    expect(ingest({ records: [answer('kiosk')] }, device)).toMatchObject({ ok: true, ack: { results: [{ status: 'stored' }] } });
  });

  it('a phone through the public endpoint may send only responses of device phone for its office', () => {
    const phone = { kind: 'public' as const, officeId: 'sharya' };
    const response: SurveyResponse = {
      kind: 'response', id: newRecordId(), officeId: 'sharya', deviceId: 'phone', bornAt: '2026-11-25T07:00:00.000Z',
      channel: 'qr-poster', answers: { csat1: 5 }, comment: null, serviceId: null, desk: null, complete: true,
    };
    expect(ingest({ records: [response] }, phone)).toMatchObject({ ok: true, ack: { results: [{ id: response.id, status: 'stored' }] } });
    const refused = ingest({ records: [press({ deviceId: 'phone' }), { ...response, id: newRecordId(), deviceId: 'kiosk-1' }, { ...response, id: newRecordId(), officeId: 'buy' }] }, phone);
    expect(!refused.ok && refused.rejection.invalid.map((i) => i.reason)).toEqual([
      expect.stringMatching(/только анкеты/),
      expect.stringMatching(/только анкеты/),
      expect.stringMatching(/отдела buy/),
    ]);
  });

  it('an empty or malformed envelope is refused', () => {
    expect(ingest({ records: [] }, device)).toMatchObject({ ok: false, rejection: { error: 'invalid-batch' } });
    expect(ingest('text', device)).toMatchObject({ ok: false, rejection: { error: 'invalid-batch' } });
  });

  it('a response round-trips through its row exactly, receivedAt set by the hub clock', () => {
    const response: SurveyResponse = {
      kind: 'response',
      id: newRecordId(),
      officeId: 'sharya',
      deviceId: 'driver-1',
      bornAt: '2026-11-25T07:00:00.000Z',
      receivedAt: '2020-01-01T00:00:00.000Z', // a device's claim: ignored
      channel: 'kiosk',
      answers: { csat1: 4, csat3: 2, nps: 10 },
      comment: 'Всё понравилось, но долго ждал',
      serviceId: 'registration',
      desk: 'Окно 2',
      complete: false,
    };
    ingest({ records: [response] }, device);
    expect(createRecordStore(db).read('response', response.id)).toEqual({ ...response, receivedAt: new Date(now).toISOString() });
  });

  it('reading many records of a kind at once gives what reading each gives, and skips ids not held', () => {
    const presses = [press({ seq: 1 }), press({ seq: 2, desk: 'Окно 1', suppressed: 'too-soon' }), press({ seq: 3 })];
    ingest({ records: presses }, device);
    const store = createRecordStore(db);
    const absent = newRecordId();
    const many = store.readMany('press', [...presses.map((p) => p.id), absent]);
    expect([...many.keys()].sort()).toEqual(presses.map((p) => p.id).sort());
    for (const p of presses) expect(many.get(p.id)).toEqual(store.read('press', p.id));
    expect(store.readMany('response', presses.map((p) => p.id)).size).toBe(0);
    expect(store.readMany('press', []).size).toBe(0);
  });
});
