import { sql as raw } from 'kysely';
import type { Db } from '../db/open.ts';
import { oldestQueuedHeartbeat } from '../outbox/outbox.ts';
import type { CentralSql } from '../sql/central-sql.ts';

/**
 * What the hub deletes because it has outlived its use. Heartbeats are the only records that grow
 * without bound and are never counted: a device sends one every 30–60 s, which on the central is
 * about 200,000 rows a day. Presses and responses are never deleted here. Expired staff sessions
 * go by the sessions' own store (hub/staff/sessions.ts, pruneExpiredSessions).
 *
 * Heartbeats are deleted through CentralSql (`sql`: on a central, whichever database it runs on);
 * the bound set by the office's outbox is read from the hub's SQLite (`db`, the outbox's own module),
 * synchronously inside the same transaction (on SQLite the same connection). Only an office hub
 * queues heartbeats; a central's outbox is empty.
 */
export interface Pruner {
  /**
   * Deletes up to `limit` heartbeats received before `before`, oldest first, and resolves to how many.
   * Never deletes one still queued for the central, nor the newest of a device (the АХО board
   * shows it as the device's last word, however old).
   */
  heartbeats(before: number, limit: number): Promise<number>;
}

export function createPruner(db: Db, sql: CentralSql): Pruner {
  // The oldest heartbeat still waiting in the outbox bounds what may go; read once per chunk.
  const oldestQueued = oldestQueuedHeartbeat(db);
  return {
    heartbeats: (before, limit) =>
      sql.transaction(async (trx) => {
        const queued = oldestQueued();
        const bound = queued === null ? before : Math.min(before, queued);
        const result = await trx
          .deleteFrom('heartbeat')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('heartbeat as h')
              .select('h.id')
              .where('h.received_at', '<', bound)
              .where(({ exists, selectFrom }) =>
                exists(
                  selectFrom('heartbeat as l')
                    .select(raw<number>`1`.as('one'))
                    .whereRef('l.device_id', '=', 'h.device_id')
                    .whereRef('l.received_at', '>', 'h.received_at')
                    .whereRef('l.office_id', '=', 'h.office_id'),
                ),
              )
              .orderBy('h.received_at')
              .limit(limit),
          )
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      }),
  };
}
