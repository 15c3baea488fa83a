import { CLOCK_SKEW_LIMIT_MS, type ClockSkew } from '../../shared/protocol/board.ts';

/**
 * How often a device beats, when it counts as gone, and how far its clock is off: pure functions of
 * its recent heartbeats, so the board and the link tracker reckon the same way.
 */
export const OFFLINE_AFTER_INTERVALS = 2.5;
/** How many recent heartbeats the interval and the clock skew are read from. */
export const TIMING_SAMPLES = 6;
const MIN_INTERVAL_MS = 5_000;
const MAX_INTERVAL_MS = 15 * 60_000;

export interface HeartbeatTiming {
  bornAt: number;
  receivedAt: number;
}

/**
 * The interval from the gaps between successive heartbeats' `bornAt` (the device's own clock:
 * right for intervals even when skewed, and unaffected by batches delivered late). The lower median
 * ignores one outage gap among few samples; fewer than two gaps fall back to the default.
 */
export function heartbeatInterval(newestFirst: readonly HeartbeatTiming[], defaultMs: number): number {
  const gaps: number[] = [];
  for (let i = 0; i + 1 < newestFirst.length; i++) {
    const gap = (newestFirst[i]?.bornAt ?? 0) - (newestFirst[i + 1]?.bornAt ?? 0);
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length < 2) return defaultMs;
  gaps.sort((a, b) => a - b);
  const lowerMedian = gaps[Math.floor((gaps.length - 1) / 2)] ?? defaultMs;
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, lowerMedian));
}

export const offlineAfter = (intervalMs: number): number => Math.round(intervalMs * OFFLINE_AFTER_INTERVALS);

/**
 * device clock − hub clock. Each sample says bornAt − receivedAt = skew − delivery delay, and the
 * delay is never negative, so the largest difference among the last few heartbeats is the best
 * estimate: one heartbeat delivered late from an outbox does not flag a correct clock, while a
 * clock that runs ahead is flagged at its first heartbeat.
 */
export function clockSkew(newestFirst: readonly HeartbeatTiming[], samples = 3): ClockSkew | null {
  const recent = newestFirst.slice(0, samples);
  if (recent.length === 0) return null;
  const ms = Math.max(...recent.map((h) => h.bornAt - h.receivedAt));
  return { ms, flagged: Math.abs(ms) > CLOCK_SKEW_LIMIT_MS };
}
