import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import type { RegisterEntryResponse, RegisterListResponse } from '../shared/api/register.ts';
import {
  centralEnv,
  healthOf,
  integrityCheck,
  officeEnv,
  provisionCentral,
  provisionStaff,
  scalar,
  spawnHub,
  processTracker,
  staffProcessSession,
  stopGently,
  waitFor,
  type HubProcess,
} from './support/forward-stack.ts';
import { startTcpProxy } from './support/tcp-proxy.ts';

/**
 * Issue 18: an entry typed on an office hub while the central is down is kept there, and once the
 * central is back it arrives exactly once, with its steps, through the same outbox as presses and
 * answers. Two real hub processes, the office's key issued on the central's database, a TCP proxy
 * in between so the central can stop and come back on another port.
 */
const OFFICE = 'sharya';
const hubs = processTracker();
const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
  await hubs.stopAll();
});
const track = hubs.track;
const session = staffProcessSession;

describe('register entries, office hub → central', () => {
  it('an entry typed while the central is down reaches it exactly once after it comes back', { timeout: 120_000 }, async () => {
    const centralDir = mkdtempSync(path.join(tmpdir(), 'reg-c-'));
    const officeDir = mkdtempSync(path.join(tmpdir(), 'reg-o-'));
    const centralFile = path.join(centralDir, 'central.sqlite');
    const officeFile = path.join(officeDir, `office-${OFFICE}.sqlite`);
    const key = provisionCentral(centralDir, OFFICE);
    await provisionStaff(centralFile, 'cx-analyst', [{ role: 'cx' }]);
    await provisionStaff(officeFile, 'clerk', [{ role: 'staff', officeId: OFFICE }]);
    await provisionStaff(officeFile, 'head', [{ role: 'office-head', officeId: OFFICE }]);
    let central = track(await spawnHub(centralEnv(centralDir)));
    const proxy = await startTcpProxy(central.port);
    running.push(proxy);
    const office = track(await spawnHub(officeEnv(officeDir, OFFICE, proxy.url, key)));

    await stopGently(central);
    const clerk = await session(office.url, 'clerk');
    const id = newRecordId();
    const entry = {
      id,
      officeId: OFFICE,
      receivedOn: new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10),
      details: { channel: 'book-of-reviews' },
      summary: 'Долго ждал в очереди у окна 2',
      tone: 'negative',
      author: { name: 'Иванов И. И.', address: 'г. Шарья, ул. Вокзальная, 5', contacts: null },
      answerOwed: true,
    };
    expect((await clerk.post('/api/register', entry)).status).toBe(201);
    // The form sent twice (a double click, a retry after a lost answer) stores it once.
    expect((await clerk.post('/api/register', entry)).status).toBe(200);
    const head = await session(office.url, 'head');
    expect((await head.post(`/api/register/${id}/steps`, { step: 'measures', text: 'Открыто третье окно в часы пик' })).status).toBe(201);
    await waitFor('the office to notice the central is gone', async () => (await healthOf(office.url)).forward?.failing === true, 30_000);
    expect((await healthOf(office.url)).forward?.backlog.count).toBe(2);

    central = track(await spawnHub(centralEnv(centralDir)));
    proxy.retarget(central.port);
    await waitFor('office outbox drained', async () => (await healthOf(office.url)).forward?.backlog.count === 0, 60_000);

    const cx = await session(central.url, 'cx-analyst');
    const list = (await (await cx.get('/api/register')).json()) as RegisterListResponse;
    expect(list.rows.map((r) => [r.id, r.officeId, r.status, r.openDue?.what])).toEqual([[id, OFFICE, 'measures', 'book-answer']]);
    expect(JSON.stringify(list)).not.toContain('Иванов');
    const detail = (await (await cx.get(`/api/register/${id}`)).json()) as RegisterEntryResponse;
    expect(detail.entry.measures.map((m) => [m.text, m.by])).toEqual([['Открыто третье окно в часы пик', 'head']]);
    expect(detail.entry.openedBy).toBe('clerk');

    for (const r of running.splice(0).reverse()) await r.close();
    await hubs.stopAll();
    expect(scalar(centralFile, 'SELECT count(*) FROM register_event')).toBe(2);
    expect(scalar(centralFile, 'SELECT count(*) FROM dead_letter')).toBe(0);
    expect(scalar(officeFile, 'SELECT count(*) FROM forward_dead_letter')).toBe(0);
    expect(scalar(officeFile, 'SELECT count(*) FROM outbox')).toBe(0);
    expect([integrityCheck(centralFile), integrityCheck(officeFile)]).toEqual(['ok', 'ok']);
  });
});
