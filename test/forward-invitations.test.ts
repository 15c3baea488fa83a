import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import { periodContaining } from '../shared/periods.ts';
import type { InvitationRatesResponse } from '../shared/api/figures.ts';
import {
  centralEnv,
  killHard,
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
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';

/**
 * Invitations are issued and counted at an office hub, answered at the central: the office hub
 * reports its daily counts with what it forwards, so the central's response rate per office has
 * both halves. Both hubs run as real processes on real files; the link between them drops answers
 * and goes down; both are killed with SIGKILL. The central ends up with exactly the office's
 * counts, each (day, channel) once.
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

const CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** What a phone sends for the invitation behind a slip's address (the short code, or the long token when none was registered). */
function answerFor(url: string) {
  const last = decodeURIComponent(new URL(url).pathname.split('/').at(-1)!);
  const token = CODE.test(last) ? last.replace(/-/g, '') : last;
  return {
    token,
    response: {
      kind: 'response',
      id: newRecordId(),
      officeId: OFFICE,
      deviceId: 'phone',
      bornAt: new Date().toISOString(),
      channel: 'visit-qr',
      answers: { csat1: 5, csat2: 5, csat3: 4, ces: 5, nps: 10 },
      comment: null,
      serviceId: null,
      desk: 'Окно 2',
      complete: true,
    },
  };
}

async function stack() {
  const centralDir = mkdtempSync(path.join(tmpdir(), 'inv-c-'));
  const officeDir = mkdtempSync(path.join(tmpdir(), 'inv-o-'));
  const centralFile = path.join(centralDir, 'central.sqlite');
  const officeFile = path.join(officeDir, `office-${OFFICE}.sqlite`);
  const key = await provisionCentral(centralDir, OFFICE);
  await provisionStaff(centralFile, 'cx-analyst', [{ role: 'cx' }]);
  await provisionStaff(officeFile, 'clerk', [{ role: 'staff', officeId: OFFICE }]);
  let central = track(await spawnHub(centralEnv(centralDir)));
  const proxy: TcpProxy = await startTcpProxy(central.port);
  running.push(proxy);
  // A long idle report: only issuing an invitation (or a record) makes the office send now.
  const env = officeEnv(officeDir, OFFICE, proxy.url, key, { FORWARD_IDLE_REPORT_SECONDS: '3600' });
  let office = track(await spawnHub(env));
  return {
    centralFile,
    officeFile,
    proxy,
    central: () => central,
    office: () => office,
    async restartCentral() {
      central = track(await spawnHub(centralEnv(centralDir)));
      proxy.retarget(central.port);
    },
    async restartOffice() {
      office = track(await spawnHub(env));
    },
  };
}

/** The central's figure for the office this month, as the dashboard reads it. */
async function centralRate(url: string): Promise<InvitationRatesResponse['offices'][number] & { byOffices: boolean }> {
  const cx = await session(url, 'cx-analyst');
  const res = await cx.get(`/api/invitations/response-rate?period=${periodContaining('month', Date.now()).key}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as InvitationRatesResponse;
  return { ...body.offices.find((o) => o.officeId === OFFICE)!, byOffices: body.issuedByOffices };
}

const officeCounts = (file: string) => scalar(file, 'SELECT coalesce(sum(issued), 0) FROM invitation_day');
const centralCounts = (file: string) => scalar(file, `SELECT coalesce(sum(issued), 0) FROM office_invitation_day WHERE office_id = '${OFFICE}'`);
function rows(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
const unforwarded = (file: string) => scalar(file, 'SELECT count(*) FROM invitation_day WHERE issued <> forwarded');

describe('invitation counts from an office hub to the central', () => {
  it('the central shows how many the office issued, how many were answered and the rate', { timeout: 120_000 }, async () => {
    const s = await stack();
    const clerk = await session(s.office().url, 'clerk');
    const urls: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await clerk.post('/api/invitations', { desk: 'Окно 2', serviceId: null });
      expect(res.status).toBe(200);
      urls.push(((await res.json()) as { url: string }).url);
    }
    const answer = await fetch(`${s.central().url}/api/public/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(answerFor(urls[0]!)) });
    expect(answer.status).toBe(200);

    // Sent at once (issuing wakes the sender), not at the hourly idle report.
    const row = await waitFor('the counts at the central', async () => {
      const r = await centralRate(s.central().url);
      return r.issued === 4 ? r : null;
    }, 20_000);
    expect(row).toMatchObject({ issued: 4, answered: 1, rate: 25, byOffices: true });
    expect(unforwarded(s.officeFile)).toBe(0);
  });

  it('lost answers, a central that is down and kill -9 of both hubs: the central ends with the office counts, once', { timeout: 180_000 }, async () => {
    const s = await stack();
    let clerk = await session(s.office().url, 'clerk');
    const issue = async (n: number) => {
      for (let i = 0; i < n; i++) expect((await clerk.post('/api/invitations', { desk: null, serviceId: null })).status).toBe(200);
    };

    // Issued while the link is down (the slips get long links), then the central stores the
    // batches twice over and the office never hears so: the counts go again and are kept once.
    s.proxy.pause();
    await issue(3);
    expect(unforwarded(s.officeFile)).toBeGreaterThan(0);
    s.proxy.dropResponses(2);
    s.proxy.resume();
    await waitFor('the resent counts acknowledged', () => unforwarded(s.officeFile) === 0, 30_000);
    expect(s.proxy.stats.droppedResponses).toBe(2);
    expect(centralCounts(s.centralFile)).toBe(3);

    // The central is killed; the office issues on (long links) and is killed too before it can send.
    await killHard(s.central());
    s.proxy.pause();
    await issue(2);
    expect(officeCounts(s.officeFile)).toBe(5);
    expect(unforwarded(s.officeFile)).toBeGreaterThan(0);
    await killHard(s.office());

    // Both come back: the counts waiting on the office's disk reach the central.
    await s.restartCentral();
    s.proxy.resume();
    await s.restartOffice();
    await waitFor('the waiting counts acknowledged', () => unforwarded(s.officeFile) === 0, 30_000);
    expect(centralCounts(s.centralFile)).toBe(5);
    clerk = await session(s.office().url, 'clerk');
    await issue(1);
    await waitFor('the new count acknowledged', () => unforwarded(s.officeFile) === 0, 30_000);
    expect(rows(s.centralFile, `SELECT day, channel, issued FROM office_invitation_day WHERE office_id = '${OFFICE}' ORDER BY 1, 2`)).toEqual(
      rows(s.officeFile, 'SELECT day, channel, issued FROM invitation_day ORDER BY 1, 2'),
    );
    expect(centralCounts(s.centralFile)).toBe(6);
    expect(await centralRate(s.central().url)).toMatchObject({ issued: 6, answered: 0, rate: 0 });
  });
});
