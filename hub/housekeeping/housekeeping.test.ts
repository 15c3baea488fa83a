import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/eventually.ts';
import { readHubConfig } from '../config.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { heartbeat, silentLogger } from '../../test/support/test-records.ts';
import { startHub, type RunningHub } from '../server.ts';
import { startHousekeeping, type Housekeeping } from './housekeeping.ts';

const DAY = 24 * 60 * 60_000;
const NOW = Date.parse('2026-11-25T09:00:00.000Z');

let hub: RunningHub | null = null;
let housekeeping: Housekeeping | null = null;
afterEach(async () => {
  await housekeeping?.stop();
  await hub?.close();
  hub = housekeeping = null;
});

describe('housekeeping on a running hub', () => {
  it('deletes a backlog of old heartbeats in chunks on its first run, then finds nothing more to do', async () => {
    const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-housekeeping-')), PORT: '0', OFFICE_ID: 'sharya', HEARTBEAT_RETENTION_DAYS: '7' });
    if (!config.ok) throw new Error(config.message);
    hub = await startHub(config.value, { logger: silentLogger, clock: () => NOW });
    const { db } = hub.ctx;
    const store = createRecordStore(db);
    // Every 5 minutes for 60 days: 17,280 heartbeats, of which the last 7 days stay.
    const fill = db.transaction(() => {
      for (let at = NOW - 60 * DAY; at < NOW; at += 5 * 60_000) store.insert(heartbeat('drv-1', at), at);
    });
    fill();
    const count = () => db.prepare('SELECT count(*) FROM heartbeat').pluck().get() as number;
    expect(count()).toBe(17_280);

    housekeeping = startHousekeeping(hub.ctx, { firstRunMs: 10, everyMs: 3_600_000 });
    await eventually(() => count() === 7 * 288, { timeoutMs: 30_000, what: 'the first pass' });
    expect((await fetch(`${hub.url}/health`)).status).toBe(200);
    const oldest = db.prepare('SELECT min(received_at) FROM heartbeat').pluck().get() as number;
    expect(oldest).toBeGreaterThanOrEqual(NOW - 7 * DAY);
    expect(await housekeeping.runNow()).toEqual({ heartbeats: 0, sessions: 0, invitationCodes: 0, staging: 0 });
  });
});
