import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { issueOfficeKey } from '../../hub/central/office-keys.ts';
import { readOffice } from '../../hub/db/offices.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { sqlOverSqlite } from '../../hub/sql/central-sql.ts';
import { openDatabase } from '../../hub/db/open.ts';
import { createRecordStore } from '../../hub/db/record-rows.ts';
import { createOutbox } from '../../hub/outbox/outbox.ts';
import { backlogPress, centralEnv, healthOf, officeEnv, rssMb, spawnHub, stopGently, waitFor } from '../../test/support/forward-stack.ts';
import { figure, type BenchFigure } from '../figure.ts';
import { benchDir, rawSqliteInserts } from '../floors.ts';

/**
 * Office hub → central forwarding, as two real processes on this machine:
 * - drain rate of a 1,000,000-record backlog, beside raw better-sqlite3 inserts (WAL, FULL,
 *   1,000 rows per transaction) measured in the same run: the central's own write is the floor a
 *   forwarded record cannot beat;
 * - the central's record store alone, in one process: the part of the drain SQLite itself sets;
 * - the office hub's resident memory while it holds that backlog with the central down, and while
 *   it drains it.
 * The office hub runs with the production NODE_OPTIONS (docs/forwarding.md, "Memory").
 */
const BACKLOG = 1_000_000;
const OFFICE = 'sharya';
const ROOT = path.resolve(import.meta.dirname, '..', '..');

export async function run(): Promise<BenchFigure[]> {
  const floor = rawSqliteInserts({ batch: 1000, rows: 300_000 });
  const storeOnly = hubStoreInserts(100_000);
  // Not bench/.tmp: another bench finishing removes that folder under a run this long. data/ is on
  // the same disk and ignored by git.
  mkdirSync(path.join(ROOT, 'data'), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, 'data', 'bench-forward-'));
  try {
    return [...(await measure(floor, dir)), figure('forward.central.store-only', storeOnly, 'records/s', floorRef(floor), 'the central\'s record store in one process, no HTTP, no validation: row, indexes and the daily rollup trigger; what the drain rate could reach at most')];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(floor: number, dir: string): Promise<BenchFigure[]> {
  const centralDir = path.join(dir, 'central');
  const officeDir = path.join(dir, 'office');
  const key = await provision(centralDir);
  fillOutbox(officeDir, BACKLOG);

  // Held: the central is down (nothing listens on port 1), the office keeps trying.
  const held = await spawnHub(officeEnv(officeDir, OFFICE, 'http://127.0.0.1:1', key, { FORWARD_RETRY_MAX_MS: '1000' }));
  let heldRss = rssMb(held.pid) ?? 0;
  const heldUntil = Date.now() + 10_000;
  while (Date.now() < heldUntil) {
    const health = await healthOf(held.url);
    if (health.forward?.backlog.count !== BACKLOG) throw new Error(`backlog ${health.forward?.backlog.count}, expected ${BACKLOG}`);
    heldRss = Math.max(heldRss, rssMb(held.pid) ?? 0);
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopGently(held);

  // Drained: the central up, the office started against it; timed from the office's start to an empty outbox.
  const central = await spawnHub(centralEnv(centralDir));
  const office = await spawnHub(officeEnv(officeDir, OFFICE, central.url, key));
  const started = Date.now();
  let drainRss = rssMb(office.pid) ?? 0;
  await waitFor(
    'the backlog to drain',
    async () => {
      drainRss = Math.max(drainRss, rssMb(office.pid) ?? 0);
      return (await healthOf(office.url)).forward?.backlog.count === 0;
    },
    1_200_000,
    250,
  );
  const seconds = (Date.now() - started) / 1000;
  await stopGently(office);
  await stopGently(central);

  return [
    figure('forward.drain.rate', BACKLOG / seconds, 'records/s', floorRef(floor), `office hub → central over HTTP on 127.0.0.1, ${BACKLOG.toLocaleString('en')} records, batches of 1,000, target ≥ 20,000/s`),
    figure('forward.office.rss.holding-1m', heldRss, 'MB', null, 'office hub holding 1,000,000 unsent records, central down, /health polled every 250 ms; limit 200 MB'),
    figure('forward.office.rss.draining-1m', drainRss, 'MB', null, 'office hub while draining the 1,000,000-record backlog'),
  ];
}

const floorRef = (value: number) => ({ name: 'floor.sqlite.insert.batch-1000', value, unit: 'rows/s' });

/** Backlog presses through the hub's own record store into a fresh hub database, 1,000 per transaction. */
function hubStoreInserts(count: number): number {
  const dir = benchDir();
  try {
    const { db } = openDatabase(path.join(dir, 'store.sqlite'));
    seedOfficesOnSqlite(db);
    const store = createRecordStore(db);
    const now = Date.now();
    const records = Array.from({ length: count }, (_, i) => backlogPress(OFFICE, 'bench-driver', i, count, now));
    const insert = db.transaction((from: number) => {
      for (let i = from; i < Math.min(from + 1000, count); i++) store.insert(records[i]!, now);
    });
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i += 1000) insert(i);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    db.close();
    return count / seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function provision(centralDir: string): Promise<{ keyId: string; secret: string }> {
  const { db } = openDatabase(path.join(centralDir, 'central.sqlite'));
  seedOfficesOnSqlite(db);
  const issued = await issueOfficeKey(sqlOverSqlite(db), await readOffice(sqlOverSqlite(db), OFFICE), Date.now());
  db.close();
  if (!issued.ok) throw new Error(issued.reason);
  return { keyId: issued.value.keyId, secret: issued.value.secret };
}

/** Stores `count` presses the way the office's ingest does (record row + outbox row), without the HTTP and validation cost. */
function fillOutbox(officeDir: string, count: number): void {
  const { db } = openDatabase(path.join(officeDir, `office-${OFFICE}.sqlite`));
  seedOfficesOnSqlite(db);
  const store = createRecordStore(db);
  const outbox = createOutbox(db);
  const now = Date.now();
  const fill = db.transaction((from: number, n: number) => {
    for (let i = from; i < from + n; i++) {
      const record = backlogPress(OFFICE, 'bench-driver', i, count, now);
      // Received a moment after it was born, as a hub receives a press.
      store.insert(record, Date.parse(record.bornAt) + 50);
      outbox.enqueue([[record.kind, record.id]]);
    }
  });
  for (let done = 0; done < count; done += 10_000) fill(done, Math.min(10_000, count - done));
  db.close();
}
