import { describe, expect, it } from 'vitest';
import { observeHeartbeat, observeSilence, type DeviceLinks } from './link-state.ts';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const LIMIT = 75_000;
const panel = (panelId: string, online: boolean, disconnects = 0) => ({ panelId, online, disconnects });

/** Feeds heartbeats (offset s, panels) in order and collects every event. */
function run(sequence: { at: number; panels: ReturnType<typeof panel>[] }[]) {
  let links: DeviceLinks | null = null;
  let lastHeard: number | null = null;
  const events: string[] = [];
  for (const beat of sequence) {
    const step = observeHeartbeat(links, { receivedAt: T0 + beat.at * 1000, panels: beat.panels }, lastHeard, LIMIT);
    links = step.next;
    lastHeard = T0 + beat.at * 1000;
    for (const e of step.events) events.push(`${(e.at - T0) / 1000}s ${e.panelId || 'device'} ${e.kind} ${e.cause}`);
  }
  return { links, events };
}

describe('link transitions from heartbeats', () => {
  it('first contact: the device and each panel come on line', () => {
    const { events, links } = run([{ at: 0, panels: [panel('p1', true), panel('p2', false)] }]);
    expect(events).toEqual(['0s device online first', '0s p1 online first', '0s p2 offline first']);
    expect(links?.panels.get('p2')).toEqual({ online: false, since: T0, disconnects: 0 });
  });

  it('steady heartbeats make no events and keep the start of each state', () => {
    const { events, links } = run([0, 30, 60, 90].map((at) => ({ at, panels: [panel('p1', true)] })));
    expect(events).toHaveLength(2);
    expect(links?.device.since).toBe(T0);
    expect(links?.panels.get('p1')?.since).toBe(T0);
  });

  it('a panel reported offline then online again', () => {
    const { events } = run([
      { at: 0, panels: [panel('p1', true)] },
      { at: 30, panels: [panel('p1', false, 1)] },
      { at: 60, panels: [panel('p1', false, 1)] },
      { at: 90, panels: [panel('p1', true, 1)] },
    ]);
    expect(events.slice(2)).toEqual(['30s p1 offline reported', '90s p1 online reported']);
  });

  it('a drop between two heartbeats shows as a reconnect; a restarted driver (counter reset) does not', () => {
    const { events } = run([
      { at: 0, panels: [panel('p1', true, 4)] },
      { at: 30, panels: [panel('p1', true, 6)] },
      { at: 60, panels: [panel('p1', true, 0)] },
      { at: 90, panels: [panel('p1', true, 1)] },
    ]);
    expect(events.slice(2)).toEqual(['30s p1 reconnect blip:2', '90s p1 reconnect blip:1']);
  });

  it('a heartbeat after a gap longer than the limit records the outage, dated at the last heartbeat', () => {
    const { events, links } = run([
      { at: 0, panels: [] },
      { at: 30, panels: [] },
      { at: 300, panels: [] },
    ]);
    expect(events).toEqual(['0s device online first', '30s device offline gap', '300s device online gap']);
    expect(links?.device).toEqual({ online: true, since: T0 + 300_000, disconnects: null });
  });

  it('a gap just under the limit is not an outage', () => {
    expect(run([{ at: 0, panels: [] }, { at: 74, panels: [] }]).events).toHaveLength(1);
  });

  it('a replayed older heartbeat changes nothing', () => {
    const first = run([{ at: 0, panels: [panel('p1', true)] }, { at: 60, panels: [panel('p1', true)] }]);
    const step = observeHeartbeat(first.links, { receivedAt: T0 + 10_000, panels: [panel('p1', false)] }, T0 + 60_000, LIMIT);
    expect(step.events).toEqual([]);
    expect(step.next.panels.get('p1')?.online).toBe(true);
  });
});

describe('the sweep', () => {
  const online: DeviceLinks = { device: { online: true, since: T0, disconnects: null }, panels: new Map() };

  it('leaves a device alone within its limit', () => {
    expect(observeSilence(online, T0, T0 + LIMIT, LIMIT).events).toEqual([]);
  });

  it('marks a silent device offline, dated at its last heartbeat, once', () => {
    const step = observeSilence(online, T0 + 30_000, T0 + 30_000 + LIMIT + 1, LIMIT);
    expect(step.events).toEqual([{ panelId: '', kind: 'offline', at: T0 + 30_000, cause: 'silence' }]);
    expect(observeSilence(step.next, T0 + 30_000, T0 + 600_000, LIMIT).events).toEqual([]);
  });

  it('after the sweep, the next heartbeat brings it back without a second offline event', () => {
    const swept = observeSilence(online, T0, T0 + 200_000, LIMIT).next;
    const back = observeHeartbeat(swept, { receivedAt: T0 + 300_000, panels: [] }, T0, LIMIT);
    expect(back.events).toEqual([{ panelId: '', kind: 'online', at: T0 + 300_000, cause: 'reported' }]);
  });
});
