import { describe, expect, it } from 'vitest';
import type { Db } from '../db/open.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { heartbeat, testDb } from '../../test/support/test-records.ts';
import { createPruner } from './prune.ts';

const DAY = 24 * 60 * 60_000;
const NOW = Date.parse('2026-11-25T09:00:00.000Z');

/** Stores a heartbeat received `daysAgo` days before NOW; `queued` also puts it in the outbox. */
function beat(db: Db, deviceId: string, daysAgo: number, options: { officeId?: string; queued?: boolean } = {}): string {
  const at = NOW - daysAgo * DAY;
  const record = heartbeat(deviceId, at, { officeId: options.officeId ?? 'sharya' });
  createRecordStore(db).insert(record, at);
  if (options.queued) db.prepare(`INSERT INTO outbox (kind, record_id) VALUES ('heartbeat', ?)`).run(record.id);
  return record.id;
}

const held = (db: Db) => new Set(db.prepare('SELECT id FROM heartbeat').pluck().all() as string[]);

describe('pruning heartbeats', () => {
  it('deletes those older than the cut, keeps recent ones and the newest of each device however old', () => {
    const db = testDb();
    const old = [beat(db, 'drv-1', 50), beat(db, 'drv-1', 40)];
    const recent = beat(db, 'drv-1', 1);
    const silentOld = beat(db, 'kiosk-gone', 60);
    const silentNewest = beat(db, 'kiosk-gone', 45);
    // The same device id in another office is another device (the central holds every office).
    const otherOffice = beat(db, 'drv-1', 45, { officeId: 'buy' });

    expect(createPruner(db).heartbeats(NOW - 30 * DAY, 1000)).toBe(3);
    const left = held(db);
    for (const id of [...old, silentOld]) expect(left.has(id)).toBe(false);
    for (const id of [recent, silentNewest, otherOffice]) expect(left.has(id)).toBe(true);
  });

  it('never deletes a heartbeat still queued for the central, nor anything received after it', () => {
    const db = testDb();
    const before = beat(db, 'drv-1', 60);
    const queued = beat(db, 'drv-1', 50, { queued: true });
    const after = beat(db, 'drv-1', 40);
    beat(db, 'drv-1', 0);

    expect(createPruner(db).heartbeats(NOW - 30 * DAY, 1000)).toBe(1);
    const left = held(db);
    expect(left.has(before)).toBe(false);
    expect(left.has(queued)).toBe(true);
    expect(left.has(after)).toBe(true);

    db.prepare('DELETE FROM outbox').run();
    expect(createPruner(db).heartbeats(NOW - 30 * DAY, 1000)).toBe(2);
  });

  it('goes oldest first, at most `limit` per call', () => {
    const db = testDb();
    const ids = [70, 60, 50, 40].map((days) => beat(db, 'drv-1', days));
    beat(db, 'drv-1', 0);
    const pruner = createPruner(db);
    expect(pruner.heartbeats(NOW - 30 * DAY, 3)).toBe(3);
    expect([...held(db)].filter((id) => ids.includes(id))).toEqual([ids[3]]);
    expect(pruner.heartbeats(NOW - 30 * DAY, 3)).toBe(1);
    expect(pruner.heartbeats(NOW - 30 * DAY, 3)).toBe(0);
  });
});
