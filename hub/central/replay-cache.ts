import type { Db } from '../db/open.ts';

/**
 * Signatures the central has accepted, each until its timestamp leaves the clock window; after
 * that the window itself refuses the request. Kept in the database, not in memory, so restarting
 * the central does not reopen the window for a captured request. Costs one small write per
 * request, which is one per batch of up to 1,000 records.
 */
export interface ReplayCache {
  /** true: first time seen, now remembered; false: a replay. Throws when the database fails. */
  remember(signature: string, expiresAt: number, now: number): boolean;
}

export function createReplayCache(db: Db, options: { pruneEveryMs?: number } = {}): ReplayCache {
  const insert = db.prepare('INSERT INTO hub_request_seen (signature, expires_at) VALUES (?, ?) ON CONFLICT (signature) DO NOTHING');
  const prune = db.prepare('DELETE FROM hub_request_seen WHERE expires_at < ?');
  const pruneEveryMs = options.pruneEveryMs ?? 60_000;
  let prunedAt = 0;
  return {
    remember(signature, expiresAt, now) {
      if (now - prunedAt >= pruneEveryMs) {
        prune.run(now);
        prunedAt = now;
      }
      return insert.run(signature, expiresAt).changes === 1;
    },
  };
}
