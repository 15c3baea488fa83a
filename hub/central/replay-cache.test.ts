import { sql as raw } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { createReplayCache } from './replay-cache.ts';

/**
 * The signatures the central has accepted, on the hub's SQLite and on the central's PostgreSQL:
 * a signature is fresh once, a replay after, also when two arrive at the same moment; the expired
 * are pruned at most once per period.
 */
afterAll(() => removeTempDirs());

const NOW = Date.parse('2026-11-25T08:00:00.000Z');
const WINDOW = 300_000;

describe.each(BOTH_DATABASES)('the replay cache on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  const seen = async () => (await opened.sql.db.selectFrom('hub_request_seen').select(['signature', 'expires_at']).orderBy('signature').execute()).map((r) => [r.signature, r.expires_at]);

  it('remembers a signature the first time and calls it a replay after, also from a cache made anew (a restart)', async () => {
    const cache = createReplayCache(opened.sql);
    expect(await cache.remember('sig-a', NOW + WINDOW, NOW)).toBe(true);
    expect(await cache.remember('sig-a', NOW + WINDOW, NOW + 1)).toBe(false);
    expect(await cache.remember('sig-b', NOW + WINDOW, NOW + 2)).toBe(true);
    expect(await createReplayCache(opened.sql).remember('sig-a', NOW + WINDOW, NOW + 3)).toBe(false);
  });

  it('of two concurrent requests with one signature, exactly one is the first', async () => {
    const caches = [createReplayCache(opened.sql), createReplayCache(opened.sql)];
    // The pool's connections opened beforehand, so the two inserts do run side by side on PostgreSQL.
    await Promise.all(Array.from({ length: 5 }, () => raw`SELECT 1`.execute(opened.sql.db)));
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(caches.map((c) => c.remember(`sig-race-${round}`, NOW + WINDOW, NOW)));
      expect(answers.filter(Boolean)).toHaveLength(1);
    }
  });

  it('prunes the expired signatures, at most once per period, and never the live ones', async () => {
    await opened.sql.db.deleteFrom('hub_request_seen').execute();
    const cache = createReplayCache(opened.sql, { pruneEveryMs: 60_000 });
    expect(await cache.remember('old-1', NOW + 100, NOW)).toBe(true);
    expect(await cache.remember('old-2', NOW + 200, NOW)).toBe(true);
    expect(await cache.remember('live', NOW + WINDOW, NOW)).toBe(true);

    // Past old-1's expiry but within the period since the last prune: nothing is removed.
    expect(await cache.remember('next', NOW + WINDOW, NOW + 150)).toBe(true);
    expect((await seen()).map(([s]) => s)).toEqual(['live', 'next', 'old-1', 'old-2']);

    // A period later: the expired go (expires_at < now), the rest stay; a pruned signature is fresh again,
    // which is safe because its timestamp is outside the clock window by then.
    expect(await cache.remember('later', NOW + 60_000 + WINDOW, NOW + 60_000)).toBe(true);
    expect(await seen()).toEqual([
      ['later', NOW + 60_000 + WINDOW],
      ['live', NOW + WINDOW],
      ['next', NOW + WINDOW],
    ]);
    expect(await cache.remember('old-1', NOW + 100, NOW + 60_001)).toBe(true);
    expect(await cache.remember('live', NOW + WINDOW, NOW + 60_002)).toBe(false);
  });
});
