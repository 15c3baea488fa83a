import { describe, expect, it } from 'vitest';
import type { Db } from '../db/open.ts';
import { BOTH_DATABASES, openForSuite, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { storeHeartbeats } from '../../test/support/heartbeat-rows.ts';
import { heartbeat, testDb } from '../../test/support/test-records.ts';
import { createPruner } from './prune.ts';

const DAY = 24 * 60 * 60_000;
const NOW = Date.parse('2026-11-25T09:00:00.000Z');

/**
 * The pruning of heartbeats on both databases: rows written as each database's receive path writes
 * them (SQLite's record store, PostgreSQL's INSERT_BATCH), deleted through CentralSql. The outbox's
 * bound is the office's, on its SQLite only.
 */
describe.each(BOTH_DATABASES)('pruning heartbeats on $name', (database) => {
  let opened!: OpenedDatabase;
  let outboxDb!: Db;
  openForSuite(database, (_sql, o) => {
    opened = o;
    // PostgreSQL has no outbox: the pruner reads the office's from a SQLite of its own, empty as a central's.
    outboxDb = o.sqlite ?? testDb();
  });

  /** Stores a heartbeat received `daysAgo` days before NOW; `queued` also puts it in the outbox. */
  async function beat(deviceId: string, daysAgo: number, options: { officeId?: string; queued?: boolean } = {}): Promise<string> {
    const at = NOW - daysAgo * DAY;
    const record = heartbeat(deviceId, at, { officeId: options.officeId ?? 'sharya' });
    await storeHeartbeats(opened, [{ record, receivedAt: at }]);
    if (options.queued) outboxDb.prepare(`INSERT INTO outbox (kind, record_id) VALUES ('heartbeat', ?)`).run(record.id);
    return record.id;
  }

  const held = async () => new Set((await opened.sql.db.selectFrom('heartbeat').select('id').execute()).map((r) => r.id));
  const clear = async () => {
    await opened.sql.db.deleteFrom('heartbeat').execute();
    outboxDb.prepare('DELETE FROM outbox').run();
  };

  it('deletes those older than the cut, keeps recent ones and the newest of each device however old', async () => {
    await clear();
    const old = [await beat('drv-1', 50), await beat('drv-1', 40)];
    const recent = await beat('drv-1', 1);
    const silentOld = await beat('kiosk-gone', 60);
    const silentNewest = await beat('kiosk-gone', 45);
    // The same device id in another office is another device (the central holds every office).
    const otherOffice = await beat('drv-1', 45, { officeId: 'buy' });

    expect(await createPruner(outboxDb, opened.sql).heartbeats(NOW - 30 * DAY, 1000)).toBe(3);
    const left = await held();
    for (const id of [...old, silentOld]) expect(left.has(id)).toBe(false);
    for (const id of [recent, silentNewest, otherOffice]) expect(left.has(id)).toBe(true);
  });

  // Only an office hub queues heartbeats for the central, and an office hub is always on SQLite.
  it.skipIf(database.name === 'postgres')('never deletes a heartbeat still queued for the central, nor anything received after it', async () => {
    await clear();
    const before = await beat('drv-1', 60);
    const queued = await beat('drv-1', 50, { queued: true });
    const after = await beat('drv-1', 40);
    await beat('drv-1', 0);

    expect(await createPruner(outboxDb, opened.sql).heartbeats(NOW - 30 * DAY, 1000)).toBe(1);
    const left = await held();
    expect(left.has(before)).toBe(false);
    expect(left.has(queued)).toBe(true);
    expect(left.has(after)).toBe(true);

    outboxDb.prepare('DELETE FROM outbox').run();
    expect(await createPruner(outboxDb, opened.sql).heartbeats(NOW - 30 * DAY, 1000)).toBe(2);
  });

  it('goes oldest first, at most `limit` per call', async () => {
    await clear();
    const ids: string[] = [];
    for (const days of [70, 60, 50, 40]) ids.push(await beat('drv-1', days));
    await beat('drv-1', 0);
    const pruner = createPruner(outboxDb, opened.sql);
    expect(await pruner.heartbeats(NOW - 30 * DAY, 3)).toBe(3);
    expect([...(await held())].filter((id) => ids.includes(id))).toEqual([ids[3]]);
    expect(await pruner.heartbeats(NOW - 30 * DAY, 3)).toBe(1);
    expect(await pruner.heartbeats(NOW - 30 * DAY, 3)).toBe(0);
  });
});
