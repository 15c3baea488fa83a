import { figure, type BenchFigure } from '../figure.ts';
import { fsyncLatencyMs, ptyOneWayLatencyMs, rawSqliteInserts } from '../floors.ts';

/** The floors themselves: raw better-sqlite3 with synchronous=FULL, and a socat pty pair. */
export async function run(): Promise<BenchFigure[]> {
  const single = rawSqliteInserts({ batch: 1, rows: 3000 });
  const batched = rawSqliteInserts({ batch: 1000, rows: 300_000 });
  const fsync = fsyncLatencyMs();
  const pty = await ptyOneWayLatencyMs();
  return [
    figure('floor.sqlite.insert.single-row-tx', single, 'rows/s', null, 'better-sqlite3, WAL, synchronous=FULL, one row per transaction'),
    figure('floor.sqlite.insert.batch-1000', batched, 'rows/s', null, 'better-sqlite3, WAL, synchronous=FULL, 1,000 rows per transaction'),
    figure('floor.sqlite.commit.p50', fsync.p50, 'ms'),
    figure('floor.sqlite.commit.p99', fsync.p99, 'ms'),
    figure('floor.pty.one-way.p50', pty.p50, 'ms', null, 'socat pty pair, serialport on both ends'),
    figure('floor.pty.one-way.p99', pty.p99, 'ms'),
  ];
}
