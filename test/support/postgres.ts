import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for one test file: Debian's own server binaries (the `postgresql`
 * package, which .ci/run installs), a data directory in a temp folder, a unix socket in that folder
 * and a free TCP port on 127.0.0.1. Start it in beforeAll and stop it in afterAll; it starts in
 * about two seconds.
 *
 * initdb refuses to run as root, and CI runs as root: then every server command runs as the
 * `postgres` user the package creates (runuser), in a folder chowned to it. As any other user the
 * commands run as that user.
 *
 * The cluster is for tests only: fsync is off (a stopped test server loses nothing the OS has;
 * only a power cut would) unless `durable` is asked for (the benchmarks, which must pay for every
 * commit as production does), and authentication is `trust` on a socket and a port nobody else knows.
 */
export interface PostgresCluster {
  host: string;
  port: number;
  /** The temp folder holding the data directory, the socket and the server log. */
  folder: string;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** Creates an empty database and answers its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server as a crash would (the fault tests' "database gone"). */
  kill(): Promise<void>;
  /** Starts it again on the same port after kill(). */
  restart(): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

const run = promisify(execFile);
const MIN_VERSION = 15;

/** The newest installed Debian PostgreSQL server of version 15 or newer, or a readable reason. */
export function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .map(Number)
        .filter((v) => Number.isInteger(v) && v >= MIN_VERSION && existsSync(path.join(root, String(v), 'bin', 'initdb')))
        .sort((a, b) => b - a)
    : [];
  if (versions.length === 0) throw new Error(`PostgreSQL ${MIN_VERSION}+ is not installed (${root}/<version>/bin/initdb): apt-get install postgresql`);
  return path.join(root, String(versions[0]), 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const asRoot = (): boolean => process.getuid?.() === 0;

/** The command line for a server binary, as the `postgres` user when this process is root. */
function serverCommand(bin: string, tool: string, args: string[]): [string, string[]] {
  const file = path.join(bin, tool);
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

/** A temp folder for one server, owned by the user its commands run as. */
function serverFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (asRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  return dir;
}

type Exec = (tool: string, args: string[]) => Promise<void>;

function serverExec(bin: string, dir: string, log: string): Exec {
  return async (tool, args) => {
    const [file, argv] = serverCommand(bin, tool, args);
    try {
      await run(file, argv, { cwd: dir, env: { ...process.env, LC_ALL: 'C' } });
    } catch (error) {
      const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${tool} failed: ${(error as Error).message}\n${tail}`);
    }
  };
}

export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const dir = serverFolder('pg-');
  const exec = serverExec(bin, dir, path.join(dir, 'log'));
  await exec('initdb', ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  return runServer(bin, dir, await freePort(), options);
}

/**
 * A streaming replica of `primary` (hot standby, read-only): `pg_basebackup -R` from it, started on
 * its own port. initdb's pg_hba already lets replication connect from 127.0.0.1 (trust, as every
 * test connection), and PostgreSQL 15's defaults (wal_level=replica, max_wal_senders=10) need
 * nothing more on the primary. Its databases have the primary's names.
 */
export interface PostgresStandby extends PostgresCluster {
  /** Resolves when the standby has replayed everything the primary had written when it was called (polled, no fixed sleep). */
  caughtUp(timeoutMs?: number): Promise<void>;
}

export async function startStandby(primary: PostgresCluster): Promise<PostgresStandby> {
  const bin = findPostgresBin();
  const dir = serverFolder('pg-standby-');
  const exec = serverExec(bin, dir, path.join(dir, 'log'));
  await exec('pg_basebackup', ['-h', primary.host, '-p', String(primary.port), '-U', 'postgres', '-D', path.join(dir, 'data'), '-R', '-X', 'stream', '--no-sync']);
  // A standby whose primary came back reconnects within a moment, not after the default 5 s.
  const standby = await runServer(bin, dir, await freePort(), { settings: '-c wal_retrieve_retry_interval=200ms' });
  const lsn = async (url: string, sql: string): Promise<string | null> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return ((await client.query<{ lsn: string | null }>(sql)).rows[0]?.lsn ?? null);
    } finally {
      await client.end();
    }
  };
  return {
    ...standby,
    async caughtUp(timeoutMs = 30_000) {
      const target = await lsn(primary.url(), 'SELECT pg_current_wal_lsn()::text AS lsn');
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const replayed = await lsn(standby.url(), `SELECT CASE WHEN pg_last_wal_replay_lsn() >= '${target}'::pg_lsn THEN 'yes' END AS lsn`).catch(() => null);
        if (replayed === 'yes') return;
        if (Date.now() > deadline) throw new Error(`the standby has not replayed ${target} in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** Starts the server of the data directory `<dir>/data` and answers its controls. */
async function runServer(bin: string, dir: string, port: number, options: { durable?: boolean; settings?: string }): Promise<PostgresCluster> {
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'log');
  const exec = serverExec(bin, dir, log);
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c TimeZone=UTC${options.durable ? '' : ' -c fsync=off -c full_page_writes=off'} ${options.settings ?? ''}`;
  const start = () => exec('pg_ctl', ['-D', data, '-o', settings, '-l', log, '-w', '-t', '60', 'start']);
  const kill = () => exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);

  await start();
  let running = true;
  // A test process that dies without afterAll must not leave a server behind.
  const onExit = () => {
    if (!running) return;
    const [file, argv] = serverCommand(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    try {
      execFileSync(file, argv, { stdio: 'ignore' });
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    host: '127.0.0.1',
    port,
    folder: dir,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async kill() {
      await kill();
      running = false;
    },
    async restart() {
      await start();
      running = true;
    },
    async stop() {
      process.removeListener('exit', onExit);
      if (running) await kill();
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

