import { describe, expect, it } from 'vitest';
import { createRecordStore } from './record-rows.ts';
import { heartbeat, press, response, testDb } from '../../test/support/test-records.ts';
import { noteCopiedStaging, pruneCopiedStaging } from './staging-copied.ts';

/**
 * A central on PostgreSQL keeps, in its SQLite, staging copies of the answers born at it on their
 * own: deleted once the copy has named them (taken into PostgreSQL) a week before; a recent one
 * stays. Every row the copy did not name stays whatever its age: above all the records of a central
 * moved from SQLite, its history (a second read found the first version deleting them).
 */
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-07T09:00:00.000Z');

describe('the central\'s copied staging rows', () => {
  it('go a week after the copy named them, chunked, with their notes; the history and the recent copies stay', () => {
    const db = testDb();
    const store = createRecordStore(db);
    const history = [response('kiosk-1', NOW - 400 * DAY), press('drv-1', 'p1', NOW - 300 * DAY), heartbeat('kiosk-1', NOW - 30 * DAY)];
    const copiedLongAgo = [response('phone', NOW - 10 * DAY), response('phone', NOW - 9 * DAY), response('phone', NOW - 9 * DAY)];
    const copiedRecently = response('phone', NOW - DAY);
    for (const r of [...history, ...copiedLongAgo, copiedRecently]) store.insert(r, Date.parse(r.bornAt));
    noteCopiedStaging(db, copiedLongAgo.map((r) => ({ kind: r.kind, id: r.id })), NOW - 8 * DAY);
    noteCopiedStaging(db, [{ kind: 'response', id: copiedRecently.id }], NOW - DAY);
    // Named twice (a resend copied again): one note.
    noteCopiedStaging(db, [{ kind: 'response', id: copiedLongAgo[0]!.id }], NOW - 8 * DAY);
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

    expect(pruneCopiedStaging(db, NOW - 7 * DAY, 2)).toBe(2);
    expect(pruneCopiedStaging(db, NOW - 7 * DAY, 2)).toBe(1);
    expect(pruneCopiedStaging(db, NOW - 7 * DAY, 2)).toBe(0);
    expect({ response: count('response'), press: count('press'), heartbeat: count('heartbeat'), notes: count('staging_copied') }).toEqual({ response: 2, press: 1, heartbeat: 1, notes: 1 });
    expect(db.prepare('SELECT id FROM response ORDER BY received_at').pluck().all()).toEqual([history[0]!.id, copiedRecently.id]);
    db.close();
  });
});
