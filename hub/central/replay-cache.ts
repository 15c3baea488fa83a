import type { CentralSql } from '../sql/central-sql.ts';

/**
 * Signatures the central has accepted, each until its timestamp leaves the clock window; after
 * that the window itself refuses the request. Kept in the database, not in memory, so restarting
 * the central does not reopen the window for a captured request. Costs one small write per
 * request, which is one per batch of up to 1,000 records. On both databases
 * (hub/sql/central-sql.ts): of two requests with one signature, however concurrent, the one whose
 * row the database inserted is the first; the other's insert does nothing and it is a replay.
 */
export interface ReplayCache {
  /** true: first time seen, now remembered; false: a replay. Rejects when the database fails. */
  remember(signature: string, expiresAt: number, now: number): Promise<boolean>;
}

export function createReplayCache(sql: CentralSql, options: { pruneEveryMs?: number } = {}): ReplayCache {
  const pruneEveryMs = options.pruneEveryMs ?? 60_000;
  let prunedAt = 0;
  return {
    async remember(signature, expiresAt, now) {
      if (now - prunedAt >= pruneEveryMs) {
        // Marked before the delete, so requests arriving meanwhile do not each start one; a failed one is tried again.
        const before = prunedAt;
        prunedAt = now;
        try {
          await sql.db.deleteFrom('hub_request_seen').where('expires_at', '<', now).execute();
        } catch (error) {
          prunedAt = before;
          throw error;
        }
      }
      const result = await sql.db
        .insertInto('hub_request_seen')
        .values({ signature, expires_at: expiresAt })
        .onConflict((oc) => oc.column('signature').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
  };
}
