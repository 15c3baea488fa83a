import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CentralOfficesResponse } from '../shared/api/central.ts';
import {
  centralEnv,
  deliverUntilAcked,
  healthOf,
  officeEnv,
  press,
  provisionCentral,
  provisionOffice,
  provisionStaff,
  spawnHub,
  staffCookie,
  stopGently,
  waitFor,
  type HubProcess,
} from './support/forward-stack.ts';
import { mountSmallDisk } from './support/small-disk.ts';
import { removeTempDirs } from './support/temp-dirs.ts';

/**
 * An office hub (a real process) whose data folder is a 16 MB file system, filled to the brim: it
 * tells the central with its next status report, and /central shows the office's disk as full;
 * once space is freed the central sees it recover and the office's records still arrive once.
 */
const mounted = mountSmallDisk('office-disk-', 16);
const skip = mounted.ok ? false : mounted.skip;
if (!mounted.ok) console.warn(`disk-full central test skipped: ${mounted.skip}`);

const started: HubProcess[] = [];
afterEach(async () => {
  for (const hub of started.splice(0)) await stopGently(hub);
});
afterAll(() => {
  if (mounted.ok) mounted.disk.unmount();
  removeTempDirs();
});

describe.skipIf(skip)('the central sees an office hub whose disk is full', () => {
  it('the forward envelope carries the disk state; /central shows the office critical, then fine', { timeout: 120_000 }, async () => {
    if (!mounted.ok) return;
    const disk = mounted.disk;
    const centralDir = mkdtempSync(path.join(tmpdir(), 'disk-c-'));
    const key = await provisionCentral(centralDir, 'sharya');
    await provisionStaff(path.join(centralDir, 'central.sqlite'), 'cx-disk', [{ role: 'cx' }]);
    const token = await provisionOffice(disk.dir, 'sharya');
    const central = await spawnHub(centralEnv(centralDir));
    started.push(central);
    const office = await spawnHub(
      officeEnv(disk.dir, 'sharya', central.url, key, {
        FORWARD_IDLE_REPORT_SECONDS: '1',
        STORAGE_WARN_MB: '4',
        STORAGE_WARN_PERCENT: '0',
        STORAGE_CRITICAL_MB: '1',
        STORAGE_CRITICAL_PERCENT: '0',
        STORAGE_CHECK_SECONDS: '1',
      }),
    );
    started.push(office);
    const cookie = await staffCookie(central.url, 'cx-disk');
    const sharya = async () => ((await (await fetch(`${central.url}/api/central/offices`, { headers: { cookie } })).json()) as CentralOfficesResponse).offices.find((o) => o.officeId === 'sharya');

    const before = Array.from({ length: 50 }, () => press('sharya', 'test-driver'));
    await deliverUntilAcked(() => office.url, token, before);
    await waitFor('the office reports a fine disk', async () => (await sharya())?.storage?.state === 'ok', 30_000);

    disk.fill();
    const full = await waitFor('the central shows the office disk full', async () => {
      const o = await sharya();
      return o?.storage?.state === 'critical' ? o : null;
    }, 30_000);
    expect(full.storage).toMatchObject({ state: 'critical', freeBytes: expect.any(Number) });
    expect(full.storage!.freeBytes).toBeLessThan(1024 * 1024);
    expect((await fetch(`${office.url}/health`)).status).toBe(503);

    disk.free();
    await waitFor('the central shows the office disk fine again', async () => (await sharya())?.storage?.state === 'ok', 30_000);
    const after = Array.from({ length: 50 }, () => press('sharya', 'test-driver'));
    const acked = await deliverUntilAcked(() => office.url, token, after);
    expect([...acked.values()].every((s) => s === 'stored')).toBe(true);
    await waitFor('the office outbox drained', async () => (await healthOf(office.url)).forward?.backlog.count === 0, 30_000);
    await waitFor('the central holds all 100', async () => (await sharya())?.recordsReceived === 100, 30_000);
    expect((await fetch(`${office.url}/health`)).status).toBe(200);
  });
});
