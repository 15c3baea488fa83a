import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SerialPort } from 'serialport';
import { ptyPair } from '../test/support/pty-pair.ts';
import { percentile } from './figure.ts';

/**
 * The physical limits later figures are divided by. The database goes on the project's disk
 * (bench/.tmp), not /tmp, which may be memory on some machines and would flatter fsync.
 */
export function benchDir(): string {
  const root = path.join(import.meta.dirname, '.tmp');
  return mkdtempSync(path.join(root, 'run-'));
}

export function rawSqliteInserts(options: { batch: number; rows: number }): number {
  const dir = benchDir();
  const db = new Database(path.join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, office_id TEXT, score INTEGER, born_at INTEGER)');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
  const batch = db.transaction((from: number, count: number) => {
    for (let i = from; i < from + count; i++) insert.run(`id-${i}`, 'sharya', (i % 5) + 1, i);
  });
  const started = process.hrtime.bigint();
  for (let i = 0; i < options.rows; i += options.batch) batch(i, Math.min(options.batch, options.rows - i));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return options.rows / seconds;
}

/** One fsync-ed commit of one row: the durability cost every acknowledged press pays at least once. */
export function fsyncSampler(): { sample(): number; close(): void } {
  const dir = benchDir();
  const db = new Database(path.join(dir, 'fsync.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (x INTEGER)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  let i = 0;
  return {
    sample() {
      const t0 = process.hrtime.bigint();
      insert.run(i++);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function fsyncLatencyMs(samples = 200): { p50: number; p99: number } {
  const sampler = fsyncSampler();
  const times = Array.from({ length: samples }, () => sampler.sample());
  sampler.close();
  return percentiles(times);
}

/** One-way latency of a socat pseudo-terminal pair: one line written on one end, read on the other. */
export async function ptySampler(): Promise<{ sample(): Promise<number>; close(): Promise<void> }> {
  const pair = ptyPair();
  await pair.start();
  const open = (p: string) =>
    new Promise<SerialPort>((resolve, reject) => {
      const port = new SerialPort({ path: p, baudRate: 9600 }, (err) => (err ? reject(err) : resolve(port)));
    });
  const writer = await open(pair.panel);
  const reader = await open(pair.host);
  return {
    async sample() {
      const t0 = process.hrtime.bigint();
      const arrived = new Promise<void>((resolve) => reader.once('data', () => resolve()));
      writer.write('5\n');
      await arrived;
      return Number(process.hrtime.bigint() - t0) / 1e6;
    },
    async close() {
      await new Promise((r) => writer.close(r));
      await new Promise((r) => reader.close(r));
      await pair.stop();
    },
  };
}

export async function ptyOneWayLatencyMs(samples = 500): Promise<{ p50: number; p99: number }> {
  const sampler = await ptySampler();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push(await sampler.sample());
  await sampler.close();
  return percentiles(times);
}

function percentiles(times: number[]): { p50: number; p99: number } {
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}
