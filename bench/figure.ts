/**
 * One measured figure. `floor` is the physical limit it is compared with, measured in the same run
 * on the same machine, so a figure reads as "x times the floor" and not as a bare number.
 */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  floor: { name: string; value: number; unit: string } | null;
  /** value / floor.value, or floor.value / value for rates (always ≥ 1 means "slower than the floor"). */
  timesFloor: number | null;
  notes?: string;
}

export function figure(name: string, value: number, unit: string, floor: BenchFigure['floor'] = null, notes?: string): BenchFigure {
  let timesFloor: number | null = null;
  if (floor && floor.value > 0 && value > 0) timesFloor = unit.endsWith('/s') ? floor.value / value : value / floor.value;
  return { name, value: round(value), unit, floor: floor ? { ...floor, value: round(floor.value) } : null, timesFloor: timesFloor === null ? null : round(timesFloor), ...(notes ? { notes } : {}) };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** Runs `f` once to warm up, then `runs` times, and gives the median and 90th percentile in ms. */
export function timeRuns(runs: number, f: () => unknown): { median: number; p90: number } {
  f();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), p90: percentile(samples, 90) };
}

/** timeRuns for work that answers a promise (a query across a socket): each run awaited before the next. */
export async function timeAsyncRuns(runs: number, f: () => unknown): Promise<{ median: number; p90: number }> {
  await f();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await f();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), p90: percentile(samples, 90) };
}
