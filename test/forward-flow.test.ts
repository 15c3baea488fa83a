import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import { openDatabase } from '../hub/db/open.ts';
import { createRecordStore } from '../hub/db/record-rows.ts';
import {
  centralEnv,
  deliverUntilAcked,
  healthOf,
  integrityCheck,
  officeEnv,
  press,
  provisionOffice,
  provisionStaff,
  staffCookie,
  spawnHub,
  stopGently,
  waitFor,
  type HubProcess,
} from './support/forward-stack.ts';

/**
 * The whole hop as it runs in production: a central and an office hub as real processes, the
 * office's key issued by the CLI on the central's database, a device handing the office presses,
 * survey responses and heartbeats. The central ends up with exactly what the office accepted,
 * byte for byte (receivedAt included), and shows the office on its page.
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const started: HubProcess[] = [];
afterEach(async () => {
  for (const hub of started.splice(0)) await stopGently(hub);
});

const response = (officeId: string, deviceId: string) => ({
  kind: 'response' as const,
  id: newRecordId(),
  officeId,
  deviceId,
  bornAt: new Date().toISOString(),
  channel: 'kiosk' as const,
  answers: { csat1: 5, csat2: 4, csat3: 5, ces: 4, nps: 9 },
  comment: 'Спасибо, всё понятно объяснили',
  serviceId: 'job-search',
  desk: null,
  complete: true,
});

const heartbeat = (officeId: string, deviceId: string) => ({
  kind: 'heartbeat' as const,
  id: newRecordId(),
  officeId,
  deviceId,
  bornAt: new Date().toISOString(),
  deviceKind: 'panel-driver' as const,
  version: '0.1.0',
  backlog: 0,
  lastSyncAt: null,
  errors: {},
  panels: [],
});

describe('office hub → central, as two processes', () => {
  it('forwards every kind of record exactly as the office stored it, and the central shows the office', { timeout: 120_000 }, async () => {
    const centralDir = mkdtempSync(path.join(tmpdir(), 'flow-c-'));
    const officeDir = mkdtempSync(path.join(tmpdir(), 'flow-o-'));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'hub/cli.ts', 'offices', 'add', 'sharya', '--json'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ROLE: 'central', DATA_DIR: centralDir },
    });
    const key = JSON.parse(stdout) as { keyId: string; secret: string };
    const token = await provisionOffice(officeDir, 'sharya');
    await provisionStaff(path.join(centralDir, 'central.sqlite'), 'cx-analyst', [{ role: 'cx' }]);

    const central = await spawnHub(centralEnv(centralDir));
    started.push(central);
    const office = await spawnHub(officeEnv(officeDir, 'sharya', central.url, key));
    started.push(office);

    const records = [
      ...Array.from({ length: 600 }, () => press('sharya', 'test-driver')),
      ...Array.from({ length: 300 }, () => response('sharya', 'test-driver')),
      ...Array.from({ length: 100 }, () => heartbeat('sharya', 'test-driver')),
    ];
    for (let i = 0; i < records.length; i += 200) {
      const acked = await deliverUntilAcked(() => office.url, token, records.slice(i, i + 200));
      expect([...acked.values()].every((s) => s === 'stored')).toBe(true);
    }
    await waitFor('office outbox drained', async () => (await healthOf(office.url)).forward?.backlog.count === 0, 30_000);

    const health = await healthOf(office.url);
    expect(health.forward).toMatchObject({ failing: false, lastSyncAt: expect.any(String) });
    const cookie = await staffCookie(central.url, 'cx-analyst');
    expect((await fetch(`${central.url}/api/central/offices`, { redirect: 'manual' })).status).not.toBe(200);
    const offices = (await (await fetch(`${central.url}/api/central/offices`, { headers: { cookie } })).json()) as { offices: { officeId: string; name: string; recordsReceived: number; backlogReported: number; state: string }[] };
    expect(offices.offices.find((o) => o.officeId === 'sharya')).toMatchObject({ recordsReceived: 1000, backlogReported: 0, state: 'ok' });
    // The page «Связь с отделами» draws this JSON (staff-app/src/screens/central/, test/staff-pages-browser.test.ts).
    expect(offices.offices.find((o) => o.officeId === 'sharya')).toMatchObject({ name: 'Шарьинское отделение', state: 'ok' });
    expect((await (await fetch(`${central.url}/health`)).json()) as object).toMatchObject({ central: { connected: 1 } });

    for (const hub of started.splice(0)) await stopGently(hub);
    const centralFile = path.join(centralDir, 'central.sqlite');
    const officeFile = path.join(officeDir, 'office-sharya.sqlite');
    const c = openDatabase(centralFile).db;
    const o = openDatabase(officeFile).db;
    const [atCentral, atOffice] = [createRecordStore(c), createRecordStore(o)];
    for (const r of records) expect(atCentral.read(r.kind, r.id)).toEqual(atOffice.read(r.kind, r.id));
    c.close();
    o.close();
    expect([integrityCheck(centralFile), integrityCheck(officeFile)]).toEqual(['ok', 'ok']);
  });
});
