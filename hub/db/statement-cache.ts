import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';

/**
 * Prepared statements kept per database, for code that runs the same SQL again and again (per
 * record on the ingest path, per report query): compiling it every time costs more than running it.
 */
const caches = new WeakMap<Db, Map<string, Statement>>();

export function cachedStatement(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}
