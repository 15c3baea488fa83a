import { describe, expect, it } from 'vitest';
import { createRecordStore } from '../db/record-rows.ts';
import { createOutbox } from '../outbox/outbox.ts';
import { heartbeat, press, response, testDb } from '../../test/support/test-records.ts';
import { pruneCopiedStaging } from './staging-prune.ts';

/**
 * A central on PostgreSQL keeps, in its SQLite, staging copies of the answers born at it on their
 * own: deleted once copied (out of the outbox) and older than the bound; one still queued stays
 * whatever its age, and so does a recent one.
 */
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-07T09:00:00.000Z');

describe('the central\'s copied staging rows', () => {
  it('go when copied and old; a queued one and a recent one stay; chunked', () => {
    const db = testDb();
    const store = createRecordStore(db);
    const outbox = createOutbox(db);
    const old = [response('phone', NOW - 10 * DAY), response('phone', NOW - 9 * DAY), press('drv-1', 'p1', NOW - 9 * DAY), heartbeat('kiosk-1', NOW - 9 * DAY)];
    const queued = response('phone', NOW - 9 * DAY);
    const recent = response('phone', NOW - DAY);
    for (const r of [...old, queued, recent]) store.insert(r, Date.parse(r.bornAt));
    outbox.enqueue([['response', queued.id]]);
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

    expect(pruneCopiedStaging(db, NOW - 7 * DAY, 2)).toBe(2);
    expect(pruneCopiedStaging(db, NOW - 7 * DAY, 2)).toBe(2);
    expect(pruneCopiedStaging(db, NOW - 7 * DAY, 2)).toBe(0);
    expect({ response: count('response'), press: count('press'), heartbeat: count('heartbeat') }).toEqual({ response: 2, press: 0, heartbeat: 0 });
    expect(db.prepare('SELECT id FROM response ORDER BY received_at').pluck().all()).toEqual([queued.id, recent.id]);
    db.close();
  });
});
