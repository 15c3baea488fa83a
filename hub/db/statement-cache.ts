import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';

/**
 * Prepared statements kept per database, for code that runs per record on the ingest path:
 * compiling the same SQL again for every press costs more than running it.
 */
const caches = new WeakMap<Db, Map<string, Statement>>();

export function cachedStatement(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}
