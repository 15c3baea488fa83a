import type { Db } from '../db/open.ts';
import { oldestQueuedHeartbeat } from '../outbox/outbox.ts';

/**
 * What the hub deletes because it has outlived its use. Heartbeats are the only records that grow
 * without bound and are never counted: a device sends one every 30–60 s, which on the central is
 * about 200,000 rows a day. Presses and responses are never deleted here. Expired staff sessions
 * go by the sessions' own store (hub/staff/sessions.ts, pruneExpiredSessions).
 */
export interface Pruner {
  /**
   * Deletes up to `limit` heartbeats received before `before`, oldest first, and returns how many.
   * Never deletes one still queued for the central, nor the newest of a device (the АХО board
   * shows it as the device's last word, however old).
   */
  heartbeats(before: number, limit: number): number;
}

export function createPruner(db: Db): Pruner {
  // The oldest heartbeat still waiting in the outbox bounds what may go; read once per chunk.
  const oldestQueued = oldestQueuedHeartbeat(db);
  const deleteChunk = db.prepare(`
    DELETE FROM heartbeat WHERE rowid IN (
      SELECT h.rowid FROM heartbeat h
      WHERE h.received_at < @before
        AND EXISTS (SELECT 1 FROM heartbeat l WHERE l.device_id = h.device_id AND l.received_at > h.received_at AND l.office_id = h.office_id)
      ORDER BY h.received_at
      LIMIT @limit)`);

  return {
    heartbeats: db.transaction((before: number, limit: number): number => {
      const queued = oldestQueued();
      const bound = queued === null ? before : Math.min(before, queued);
      return deleteChunk.run({ before: bound, limit }).changes;
    }),
  };
}
