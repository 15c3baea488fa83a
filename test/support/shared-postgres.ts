import { afterAll } from 'vitest';
import { startPostgres, type PostgresCluster } from './postgres.ts';

/**
 * A fresh empty database on one PostgreSQL cluster shared by the whole test file, for suites that
 * run the same tests on SQLite and on PostgreSQL. The cluster starts on first use and stops after
 * the file's last test (the afterAll below, registered by importing this module): a test process
 * ended by the runner does not reliably run 'exit' handlers, and a server left running would
 * outlive the test run.
 */
let shared: Promise<PostgresCluster> | null = null;
let databases = 0;

export async function sharedPostgresDatabase(): Promise<string> {
  shared ??= startPostgres();
  const cluster = await shared;
  databases += 1;
  return cluster.createDatabase(`test_${process.pid}_${databases}`);
}

afterAll(async () => {
  const running = shared;
  shared = null;
  if (running) await (await running).stop();
});
