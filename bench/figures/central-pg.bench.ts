import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { newRecordId } from '../../shared/ids.ts';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import { moscowMidnight, periodContaining } from '../../shared/periods.ts';
import type { ForwardRequest } from '../../shared/protocol/forward.ts';
import type { Press, SurveyResponse } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import { migratePostgres } from '../../hub/central-pg/migrate.ts';
import { openPostgresStore } from '../../hub/central-pg/postgres-store.ts';
import { seedDefaultOffices } from '../../hub/db/offices.ts';
import { createBatchReceiver } from '../../hub/central/receive-batch.ts';
import { createIngest } from '../../hub/ingest/ingest-batch.ts';
import { NO_SURVEY_VERSIONS } from '../../hub/db/survey-versions.ts';
import { createLogger } from '../../shared/logger.ts';
import { testDb } from '../../test/support/test-records.ts';
import { validateIngestBatch } from '../../hub/ingest/ingest-batch.ts';
import { findPostgresBin, startPostgres } from '../../test/support/postgres.ts';
import { figure, type BenchFigure } from '../figure.ts';
import { mulberry32 } from '../../shared/seeded-random.ts';

/**
 * The central's receive path on PostgreSQL (hub/central-pg/receive-batch.ts), in one process: a
 * drain of office batches of 1,000 records (90 % presses, 10 % responses, born in order over 2025
 * as an office's outbox drains them, so every month's partition is written in turn) through
 * validation, the one-statement insert and the commit, then the same volume from 4 offices at once
 * (each one batch at a time, as the protocol has it), then a fifth as many with births scattered
 * over another year (the worst case: every batch touches twelve partitions), beside PostgreSQL's own floor measured in the same run on the same cluster: COPY of the
 * same rows into unindexed, unpartitioned tables. The target is ≥ 25 % of that floor.
 *
 * The cluster is a throwaway one (test/support/postgres.ts) with fsync on, as in production.
 * BENCH_CENTRAL_PG_RECORDS sets the volume (default 1,000,000; the figure).
 */
const RECORDS = Number(process.env.BENCH_CENTRAL_PG_RECORDS ?? 1_000_000);
const BATCH = 1000;
const OFFICES = 4;
const YEAR = { start: moscowMidnight(2025, 1, 1), end: moscowMidnight(2026, 1, 1) };


const csvText = (v: string | null): string => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);
const csvNumber = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** One office's batch of records as its hub forwards them, and the same rows as CSV lines for the floor. */
function officeBatch(officeId: string, rand: () => number, birth: (i: number) => number): { request: ForwardRequest; pressCsv: string; responseCsv: string } {
  const records: (Press | SurveyResponse)[] = [];
  let pressCsv = '';
  let responseCsv = '';
  for (let i = 0; i < BATCH; i++) {
    const bornAt = birth(i);
    const receivedAt = toInstant(bornAt + 1000);
    const base = { id: newRecordId(), officeId, bornAt: toInstant(bornAt), receivedAt };
    if (rand() < 0.9) {
      const score = 1 + Math.floor(rand() * 5);
      const p: Press = { kind: 'press', ...base, deviceId: `drv-${officeId}`, channel: 'panel', panelId: 'p1', desk: 'Окно 1', seq: i, button: String(score), score, suppressed: null };
      records.push(p);
      pressCsv += [p.id, officeId, p.deviceId, bornAt, bornAt + 1000, 'p1', csvText(p.desk), i, csvText(p.button), score, ''].join(',') + '\n';
    } else {
      const answers = { csat1: 1 + Math.floor(rand() * 5), csat2: 1 + Math.floor(rand() * 5), csat3: 1 + Math.floor(rand() * 5), ces: 1 + Math.floor(rand() * 5), nps: Math.floor(rand() * 11) };
      const comment = rand() < 0.15 ? 'Долго ждал в очереди' : null;
      const r: SurveyResponse = { kind: 'response', ...base, deviceId: `kiosk-${officeId}`, channel: 'kiosk', answers, comment, serviceId: null, desk: null, complete: true };
      records.push(r);
      responseCsv += [r.id, officeId, r.deviceId, bornAt, bornAt + 1000, 'kiosk', '', '', answers.csat1, answers.csat2, answers.csat3, answers.ces, answers.nps, csvText(comment), 'true'].map((v) => (typeof v === 'number' ? csvNumber(v) : v)).join(',') + '\n';
    }
  }
  return { request: { records, backlog: { count: 0, oldestReceivedAt: null } }, pressCsv, responseCsv };
}

export async function run(): Promise<BenchFigure[]> {
  const cluster = await startPostgres({ durable: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-central-pg-'));
  const url = await cluster.createDatabase('central');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const store = openPostgresStore(url, createLogger('bench', { level: 'silent', pretty: false }));
  const db = testDb();
  try {
    const client = await pool.connect();
    await migratePostgres(client);
    await client.query('CREATE TABLE floor_press (LIKE press); CREATE TABLE floor_response (LIKE response)');
    client.release();
    await store.ready();
    await seedDefaultOffices(store.sql);
    // The central's whole receive path as DATABASE_URL runs it: validation, then one transaction in
    // PostgreSQL with the presses and responses (rollups by its triggers) and the office's status.
    const receive = createBatchReceiver(db, store.sql, createIngest(db, { clock: () => Date.now(), surveys: NO_SURVEY_VERSIONS, forward: false }), store.writer);

    const pressFile = path.join(dir, 'press.csv');
    const responseFile = path.join(dir, 'response.csv');
    const pressOut = openSync(pressFile, 'w');
    const responseOut = openSync(responseFile, 'w');
    const rand = mulberry32(16);
    const now = Date.parse('2026-01-15T09:00:00.000Z');
    const resend: ForwardRequest[] = [];
    let drainNs = 0n;
    let validateNs = 0n;
    // An office's outbox drains in the order it took records in, so births arrive in time order:
    // the year's records spread evenly, batch after batch.
    const step = (YEAR.end - YEAR.start) / RECORDS;
    for (let done = 0, b = 0; done < RECORDS; done += BATCH, b++) {
      const office = DEFAULT_OFFICES[b % DEFAULT_OFFICES.length]!.id;
      const { request, pressCsv, responseCsv } = officeBatch(office, rand, (i) => YEAR.start + Math.floor((done + i) * step));
      writeSync(pressOut, pressCsv);
      writeSync(responseOut, responseCsv);
      if (resend.length < 50) resend.push(request);
      // The shared validation alone, timed apart (the receive path below runs it again): the part
      // of each batch that is the same on SQLite and does not depend on the database.
      const v0 = process.hrtime.bigint();
      if (!validateIngestBatch({ records: request.records }, { kind: 'office-hub', officeId: office }, () => null).ok) throw new Error('invalid generated batch');
      validateNs += process.hrtime.bigint() - v0;
      const t0 = process.hrtime.bigint();
      const outcome = await receive(request, { officeId: office, keyId: `key-${office}` }, now);
      drainNs += process.hrtime.bigint() - t0;
      if (!outcome.ok || outcome.stored.length !== BATCH) throw new Error(`batch ${b} not stored whole: ${JSON.stringify(outcome.ok ? outcome.ack.results.find((r: { status: string }) => r.status !== 'stored') : outcome.rejection)}`);
      if (b % 50 === 0) process.stderr.write(`  central-pg: ${done + BATCH} of ${RECORDS}\r`);
    }
    process.stderr.write('\n');
    closeSync(pressOut);
    closeSync(responseOut);
    const drainRate = RECORDS / (Number(drainNs) / 1e9);

    let resendNs = 0n;
    for (const request of resend) {
      const t0 = process.hrtime.bigint();
      const outcome = await receive(request, { officeId: (request.records[0] as Press).officeId, keyId: 'key' }, now);
      resendNs += process.hrtime.bigint() - t0;
      if (!outcome.ok || outcome.ack.results.some((r: { status: string }) => r.status !== 'duplicate')) throw new Error('a resend was not all duplicates');
    }
    const resendRate = (resend.length * BATCH) / (Number(resendNs) / 1e9);

    // The worst case: every batch's births scattered over the whole year (a central taking in
    // offices' histories at once), so each batch writes into all twelve partitions and their indexes.
    const SCATTERED = Math.max(BATCH, Math.floor(RECORDS / 5 / BATCH) * BATCH);
    const scatteredYear = { start: moscowMidnight(2024, 1, 1), end: moscowMidnight(2025, 1, 1) };
    let scatteredNs = 0n;
    for (let done = 0, b = 0; done < SCATTERED; done += BATCH, b++) {
      const office = DEFAULT_OFFICES[b % DEFAULT_OFFICES.length]!.id;
      const { request } = officeBatch(office, rand, () => scatteredYear.start + Math.floor(rand() * (scatteredYear.end - scatteredYear.start)));
      const t0 = process.hrtime.bigint();
      const outcome = await receive(request, { officeId: office, keyId: `key-${office}` }, now);
      scatteredNs += process.hrtime.bigint() - t0;
      if (!outcome.ok || outcome.stored.length !== BATCH) throw new Error(`scattered batch ${b} not stored whole`);
    }
    const scatteredRate = SCATTERED / (Number(scatteredNs) / 1e9);

    // Several offices draining at once, each one batch at a time as an office hub sends (the
    // protocol is unchanged): the central validates one batch while PostgreSQL writes another.
    // Born in order over another year; the batches are made before the clock starts.
    const officeIds = DEFAULT_OFFICES.slice(0, OFFICES).map((o) => o.id);
    const perOffice = Math.max(BATCH, Math.floor(RECORDS / OFFICES / BATCH) * BATCH);
    const parallelYear = { start: moscowMidnight(2023, 1, 1), end: moscowMidnight(2024, 1, 1) };
    const parallelStep = (parallelYear.end - parallelYear.start) / perOffice;
    const queues = officeIds.map((office) =>
      Array.from({ length: perOffice / BATCH }, (_, b) => officeBatch(office, rand, (i) => parallelYear.start + Math.floor((b * BATCH + i) * parallelStep)).request),
    );
    const p0 = process.hrtime.bigint();
    await Promise.all(
      officeIds.map(async (office, o) => {
        for (const request of queues[o]!) {
          const outcome = await receive(request, { officeId: office, keyId: `key-${office}` }, now);
          if (!outcome.ok || outcome.stored.length !== BATCH) throw new Error(`office ${office}: a batch not stored whole`);
        }
      }),
    );
    const parallelRate = (perOffice * OFFICES) / (Number(process.hrtime.bigint() - p0) / 1e9);
    queues.length = 0;

    const counted = (await pool.query('SELECT (SELECT count(*) FROM press) + (SELECT count(*) FROM response) AS n')).rows[0] as { n: string };
    if (Number(counted.n) !== RECORDS + SCATTERED + perOffice * OFFICES) throw new Error(`stored ${counted.n} of ${RECORDS + SCATTERED + perOffice * OFFICES}`);

    // PostgreSQL's own floor: COPY of the same rows, through psql, into tables with no index, no
    // partition, no trigger; the best of three (emptied between), as one COPY's time varies with
    // when a checkpoint falls.
    const psql = path.join(findPostgresBin(), 'psql');
    const copyInto = (database: string, targets: readonly (readonly [string, string])[]): number => {
      const t0 = process.hrtime.bigint();
      for (const [table, file] of targets) {
        execFileSync(psql, [cluster.url(database), '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy ${table} FROM '${file}' WITH (FORMAT csv)`]);
      }
      return RECORDS / (Number(process.hrtime.bigint() - t0) / 1e9);
    };
    const pressColumns = '(id, office_id, device_id, born_at, received_at, panel_id, desk, seq, button, score, suppressed)';
    const responseColumns = '(id, office_id, device_id, born_at, received_at, channel, desk, service_id, csat1, csat2, csat3, ces, nps, comment, complete)';
    const floorTargets = [[`floor_press ${pressColumns}`, pressFile], [`floor_response ${responseColumns}`, responseFile]] as const;
    const rates: number[] = [];
    for (let run = 0; run < 3; run++) {
      await pool.query('TRUNCATE floor_press, floor_response');
      await pool.query('CHECKPOINT');
      rates.push(copyInto('central', floorTargets));
      const copied = (await pool.query('SELECT (SELECT count(*) FROM floor_press) + (SELECT count(*) FROM floor_response) AS n')).rows[0] as { n: string };
      if (Number(copied.n) !== RECORDS) throw new Error(`COPY loaded ${copied.n} of ${RECORDS}`);
    }
    const copyRate = Math.max(...rates);

    // For reference: COPY into the central's own tables (partitions, indexes, the rollup triggers)
    // in an empty database: what the schema costs before any deduplication (no record_key).
    const schemaUrl = await cluster.createDatabase('schema_only');
    const schemaPool = new pg.Pool({ connectionString: schemaUrl, max: 1 });
    const schemaClient = await schemaPool.connect();
    await migratePostgres(schemaClient);
    for (let m = 1; m <= 12; m++) {
      const month = periodContaining('month', moscowMidnight(2025, m, 1));
      await schemaClient.query('SELECT create_month_partitions($1, $2, $3)', [month.key, month.start, month.end]);
    }
    schemaClient.release();
    await schemaPool.end();
    const schemaRate = copyInto('schema_only', [[`press ${pressColumns}`, pressFile], [`response ${responseColumns}`, responseFile]]);

    const floor = { name: 'COPY of the same rows into unindexed, unpartitioned tables (psql \\copy, same cluster, fsync on; best of 3)', value: copyRate, unit: 'records/s' };
    process.stderr.write(`  central-pg: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores\n`);
    return [
      figure('central-pg.drain.records-per-second', drainRate, 'records/s', floor, `${RECORDS.toLocaleString('en')} records in batches of ${BATCH} (90 % presses, 10 % responses, born in order over a year as an office's outbox drains them, 12 monthly partitions), validation + one unnest statement + office status + commit per batch, one connection; ${(drainRate / copyRate * 100).toFixed(0)} % of the floor (target ≥ 25 %)`),
      figure('central-pg.drain-offices.records-per-second', parallelRate, 'records/s', floor, `${OFFICES} offices at once, ${perOffice.toLocaleString('en')} records each, each office one batch at a time (born in order over a third year, into tables already holding the drains above); ${(parallelRate / copyRate * 100).toFixed(0)} % of the floor`),
      figure('central-pg.drain-scattered.records-per-second', scatteredRate, 'records/s', floor, `${SCATTERED.toLocaleString('en')} records whose births are scattered over another whole year, each batch writing into all twelve monthly partitions: the worst case; ${(scatteredRate / copyRate * 100).toFixed(0)} % of the floor`),
      figure('central-pg.validation-only.records-per-second', RECORDS / (Number(validateNs) / 1e9), 'records/s', null, 'validateIngestBatch (zod schemas, sender checks) on the same batches: the share of the drain that is not the database'),
      figure('central-pg.resend.records-per-second', resendRate, 'records/s', floor, `${resend.length} batches sent again: every record read back and compared, all duplicate`),
      figure('central-pg.copy-into-central-schema.records-per-second', schemaRate, 'records/s', floor, `COPY of the same rows into the central's own partitioned tables with their indexes and rollup triggers (no record_key, no deduplication): what the schema alone costs; ${((schemaRate / copyRate) * 100).toFixed(0)} % of the floor; the three floor runs: ${rates.map((r) => r.toFixed(0)).join(', ')}`),
    ];
  } finally {
    await pool.end();
    await store.close();
    db.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
