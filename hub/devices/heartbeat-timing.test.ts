import { describe, expect, it } from 'vitest';
import { clockSkew, heartbeatInterval, offlineAfter } from './heartbeat-timing.ts';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const beats = (bornOffsets: number[], delay = 50) => bornOffsets.map((b) => ({ bornAt: T0 + b, receivedAt: T0 + b + delay })).reverse();

describe('heartbeatInterval', () => {
  it('falls back to the default with fewer than two gaps', () => {
    expect(heartbeatInterval([], 30_000)).toBe(30_000);
    expect(heartbeatInterval(beats([0, 10_000]), 30_000)).toBe(30_000);
  });
  it('is the lower median of the gaps, so one outage gap does not stretch it', () => {
    expect(heartbeatInterval(beats([0, 20_000, 40_000, 60_000]), 30_000)).toBe(20_000);
    expect(heartbeatInterval(beats([0, 20_000, 620_000]), 30_000)).toBe(20_000);
    expect(heartbeatInterval(beats([0, 20_000, 40_000, 640_000, 660_000]), 30_000)).toBe(20_000);
  });
  it('is clamped to sane bounds', () => {
    expect(heartbeatInterval(beats([0, 100, 200]), 30_000)).toBe(5_000);
    expect(heartbeatInterval(beats([0, 3_600_000, 7_200_000]), 30_000)).toBe(15 * 60_000);
  });
  it('offline after 2.5 intervals', () => {
    expect(offlineAfter(30_000)).toBe(75_000);
    expect(offlineAfter(60_000)).toBe(150_000);
  });
});

describe('clockSkew', () => {
  it('is null without heartbeats', () => {
    expect(clockSkew([])).toBeNull();
  });
  it('flags a clock more than two minutes off, either way', () => {
    expect(clockSkew([{ bornAt: T0 + 121_000, receivedAt: T0 }])).toEqual({ ms: 121_000, flagged: true });
    expect(clockSkew([{ bornAt: T0 - 121_000, receivedAt: T0 }])).toEqual({ ms: -121_000, flagged: true });
    expect(clockSkew([{ bornAt: T0 - 119_000, receivedAt: T0 }])).toEqual({ ms: -119_000, flagged: false });
  });
  it('a heartbeat delivered late from an outbox does not flag a correct clock', () => {
    const late = { bornAt: T0, receivedAt: T0 + 10 * 60_000 };
    const fresh = { bornAt: T0 - 30_000, receivedAt: T0 - 29_900 };
    expect(clockSkew([late, fresh])?.flagged).toBe(false);
  });
  it('a clock running behind is flagged once all recent samples agree', () => {
    const behind = (i: number) => ({ bornAt: T0 + i * 30_000 - 5 * 60_000, receivedAt: T0 + i * 30_000 + 20 });
    expect(clockSkew([behind(3), behind(2), behind(1)])).toEqual({ ms: -300_020, flagged: true });
  });
});
