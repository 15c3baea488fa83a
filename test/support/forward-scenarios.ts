import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  centralEnv,
  deliverUntilAcked,
  healthOf,
  integrityCheck,
  killHard,
  officeEnv,
  backlogPress,
  provisionCentral,
  provisionOffice,
  recordIds,
  rssMb,
  scalar,
  spawnHub,
  stopGently,
  waitFor,
  type HubProcess,
} from './forward-stack.ts';
import { startTcpProxy } from './tcp-proxy.ts';

/**
 * The two long forwarding scenarios, shared by the short variants in `npm test` and the full ones
 * in `npm run test:soak`. Both return what they measured; the tests assert on it.
 */
export interface ForwardOutcome {
  accepted: number;
  centralIds: number;
  centralRows: number;
  /** ids the office accepted that the central does not hold, and the other way round. */
  missingAtCentral: number;
  extraAtCentral: number;
  /** Sum of `stored` answers the central gave: equals accepted when nothing was stored twice. */
  storedAnswers: number;
  centralDeadLetters: number;
  officeDeadLetters: number;
  officeOutbox: number;
  integrity: { office: string; central: string };
  seconds: number;
}

const OFFICE = 'sharya';
const DEVICE = 'test-driver';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function dirs() {
  const root = mkdtempSync(path.join(tmpdir(), 'fwd-scenario-'));
  return { centralDir: path.join(root, 'central'), officeDir: path.join(root, 'office') };
}

function compare(centralDir: string, officeDir: string, accepted: Set<string>, started: number): ForwardOutcome {
  const centralFile = path.join(centralDir, 'central.sqlite');
  const officeFile = path.join(officeDir, `office-${OFFICE}.sqlite`);
  const atCentral = recordIds(centralFile);
  let missing = 0;
  for (const id of accepted) if (!atCentral.ids.has(id)) missing++;
  let extra = 0;
  for (const id of atCentral.ids) if (!accepted.has(id)) extra++;
  return {
    accepted: accepted.size,
    centralIds: atCentral.ids.size,
    centralRows: atCentral.rows,
    missingAtCentral: missing,
    extraAtCentral: extra,
    storedAnswers: scalar(centralFile, `SELECT coalesce(sum(records_received), 0) FROM office_sync`),
    centralDeadLetters: scalar(centralFile, 'SELECT count(*) FROM dead_letter'),
    officeDeadLetters: scalar(officeFile, 'SELECT count(*) FROM forward_dead_letter'),
    officeOutbox: scalar(officeFile, 'SELECT count(*) FROM outbox'),
    integrity: { office: integrityCheck(officeFile), central: integrityCheck(centralFile) },
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/**
 * kill -9 of the office hub and of the central at random moments while `records` flow from a
 * device through the office to the central. The central sits behind a TCP proxy with a stable
 * port, so the office's CENTRAL_URL survives the central's restarts on new ports.
 */
export async function killScenario(options: { records: number; kills: number; batch?: number; log?: (line: string) => void }): Promise<ForwardOutcome & { kills: { office: number; central: number } }> {
  const started = Date.now();
  const batch = options.batch ?? 500;
  const { centralDir, officeDir } = dirs();
  const key = await provisionCentral(centralDir, OFFICE);
  const token = await provisionOffice(officeDir, OFFICE, DEVICE);
  const proxy = await startTcpProxy(1);
  let central: HubProcess = await spawnHub(centralEnv(centralDir));
  proxy.retarget(central.port);
  const startOffice = () => spawnHub(officeEnv(officeDir, OFFICE, proxy.url, key));
  let office: HubProcess = await startOffice();
  const accepted = new Set<string>();
  const kills = { office: 0, central: 0 };

  // The device's batches are spread over the kills (a few between two kills), so records are
  // flowing, into the office and on to the central, at every kill.
  let killed = 0;
  let cancelled = false;
  const t0 = Date.now();
  const batches = Math.ceil(options.records / batch);
  const producer = (async () => {
    for (let i = 0; i < batches; i++) {
      while (!cancelled && killed < Math.floor((i * options.kills) / batches)) await sleep(20);
      const records = Array.from({ length: Math.min(batch, options.records - i * batch) }, (_, j) => backlogPress(OFFICE, DEVICE, i * batch + j, options.records, t0));
      const acked = await deliverUntilAcked(() => office.url, token, records, 50, () => cancelled);
      for (const id of acked.keys()) accepted.add(id);
    }
  })();

  try {
    for (let k = 0; k < options.kills; k++) {
      await sleep(150 + Math.random() * 900);
      // Alternate with a random start, so both sides are killed about equally often and in runs.
      const victim = Math.random() < 0.5 ? 'office' : 'central';
      if (victim === 'office') {
        await killHard(office);
        office = await startOffice();
      } else {
        await killHard(central);
        central = await spawnHub(centralEnv(centralDir));
        proxy.retarget(central.port);
      }
      kills[victim]++;
      killed++;
      options.log?.(`kill ${k + 1}/${options.kills}: ${victim}, accepted so far ${accepted.size}`);
    }
    await producer;
    await waitFor('the office outbox to drain', async () => (await healthOf(office.url)).forward?.backlog.count === 0, 180_000, 250);
  } finally {
    cancelled = true;
    await producer.catch(() => undefined);
    await Promise.allSettled([stopGently(office), stopGently(central)]);
    await proxy.close();
  }
  return { ...compare(centralDir, officeDir, accepted, started), kills };
}

/**
 * The central down while the office accepts `records`, then up: everything drains, and the office
 * hub's resident memory is sampled throughout.
 */
export async function backlogScenario(options: { records: number; batch?: number; log?: (line: string) => void }): Promise<ForwardOutcome & { maxOfficeRssMb: number; acceptSeconds: number; drainSeconds: number; drainRate: number }> {
  const started = Date.now();
  const batch = options.batch ?? 1000;
  const { centralDir, officeDir } = dirs();
  const key = await provisionCentral(centralDir, OFFICE);
  const token = await provisionOffice(officeDir, OFFICE, DEVICE);
  // Nothing listens behind the proxy yet: the central is "down" until it is started and retargeted.
  const proxy = await startTcpProxy(1);
  const office = await spawnHub(officeEnv(officeDir, OFFICE, proxy.url, key, { FORWARD_RETRY_MAX_MS: '2000' }));
  let central: HubProcess | null = null;
  let maxRss = rssMb(office.pid) ?? 0;
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssMb(office.pid) ?? 0)), 100);
  const accepted = new Set<string>();
  let acceptSeconds = 0;
  let drainSeconds = 0;
  try {
    for (let sent = 0; sent < options.records; sent += batch) {
      const records = Array.from({ length: Math.min(batch, options.records - sent) }, (_, j) => backlogPress(OFFICE, DEVICE, sent + j, options.records, started));
      const acked = await deliverUntilAcked(() => office.url, token, records);
      for (const id of acked.keys()) accepted.add(id);
      if ((sent / batch) % 100 === 0) options.log?.(`accepted ${accepted.size}, office rss ${rssMb(office.pid)?.toFixed(0)} MB`);
    }
    acceptSeconds = (Date.now() - started) / 1000;
    const backlog = (await healthOf(office.url)).forward?.backlog.count;
    options.log?.(`backlog ${backlog} after ${acceptSeconds.toFixed(1)} s; starting the central`);
    central = await spawnHub(centralEnv(centralDir));
    const drainStarted = Date.now();
    proxy.retarget(central.port);
    await waitFor('the office outbox to drain', async () => (await healthOf(office.url)).forward?.backlog.count === 0, 600_000, 250);
    drainSeconds = (Date.now() - drainStarted) / 1000;
  } finally {
    clearInterval(sampler);
    await Promise.allSettled([stopGently(office), ...(central ? [stopGently(central)] : [])]);
    await proxy.close();
  }
  const outcome = compare(centralDir, officeDir, accepted, started);
  return { ...outcome, maxOfficeRssMb: Math.round(maxRss), acceptSeconds: Math.round(acceptSeconds * 10) / 10, drainSeconds: Math.round(drainSeconds * 10) / 10, drainRate: Math.round(accepted.size / drainSeconds) };
}
