import type { PanelStatus } from '../../shared/records.ts';
import type { LinkEventKind } from '../../shared/protocol/board.ts';

/**
 * Link transitions of one device and its panels, as pure functions: the tracker feeds them
 * heartbeats and the passing of time, and stores what they return. Event times are hub time.
 *
 * Two ways a device is found gone: the hub's sweep sees the silence while it lasts ('silence'), or,
 * if no sweep ran (the hub was down, too), the next heartbeat shows the gap ('gap'). Either way the
 * offline event is dated at the last heartbeat heard, so the history reads the same.
 */
export interface LinkState {
  online: boolean;
  since: number;
  /** The driver's disconnect counter for a panel at the last check; null for the device itself. */
  disconnects: number | null;
}

export interface DeviceLinks {
  device: LinkState;
  panels: Map<string, LinkState>;
}

export interface LinkEventDraft {
  /** '' for the device itself. */
  panelId: string;
  kind: LinkEventKind;
  at: number;
  cause: string;
}

export interface LinkStep {
  next: DeviceLinks;
  events: LinkEventDraft[];
  /** Panel ids (and '' for the device) whose stored state changed. */
  changed: string[];
}

export interface HeartbeatObservation {
  receivedAt: number;
  panels: readonly Pick<PanelStatus, 'panelId' | 'online' | 'disconnects'>[];
}

export function observeHeartbeat(prev: DeviceLinks | null, heartbeat: HeartbeatObservation, lastHeardAt: number | null, offlineAfterMs: number): LinkStep {
  const at = heartbeat.receivedAt;
  const events: LinkEventDraft[] = [];
  const changed: string[] = [];
  const panels = new Map(prev?.panels ?? []);
  let device = prev?.device ?? null;

  // A heartbeat older than what the hub already heard (a replay) changes nothing.
  if (lastHeardAt !== null && at < lastHeardAt && device) return { next: { device, panels }, events, changed };

  if (!device) {
    device = { online: true, since: at, disconnects: null };
    events.push({ panelId: '', kind: 'online', at, cause: 'first' });
    changed.push('');
  } else if (!device.online) {
    device = { online: true, since: at, disconnects: null };
    events.push({ panelId: '', kind: 'online', at, cause: 'reported' });
    changed.push('');
  } else if (lastHeardAt !== null && at - lastHeardAt > offlineAfterMs) {
    events.push({ panelId: '', kind: 'offline', at: lastHeardAt, cause: 'gap' });
    events.push({ panelId: '', kind: 'online', at, cause: 'gap' });
    device = { online: true, since: at, disconnects: null };
    changed.push('');
  }

  for (const status of heartbeat.panels) {
    const before = panels.get(status.panelId);
    const after: LinkState = { online: status.online, since: at, disconnects: status.disconnects };
    if (!before) {
      events.push({ panelId: status.panelId, kind: status.online ? 'online' : 'offline', at, cause: 'first' });
    } else if (before.online !== status.online) {
      events.push({ panelId: status.panelId, kind: status.online ? 'online' : 'offline', at, cause: 'reported' });
    } else {
      // Same state as before: keep its start. A risen counter between two "online" reports is a
      // drop too short for the heartbeats to see; a fallen one is a restarted driver.
      const drops = before.disconnects !== null ? status.disconnects - before.disconnects : 0;
      if (status.online && drops > 0) events.push({ panelId: status.panelId, kind: 'reconnect', at, cause: `blip:${drops}` });
      after.since = before.since;
      if (before.disconnects === status.disconnects) continue;
    }
    panels.set(status.panelId, after);
    changed.push(status.panelId);
  }
  return { next: { device, panels }, events, changed };
}

/** The hub's sweep: a device online by its state but silent past its limit goes offline. */
export function observeSilence(prev: DeviceLinks, lastHeardAt: number | null, now: number, offlineAfterMs: number): LinkStep {
  if (!prev.device.online || lastHeardAt === null || now - lastHeardAt <= offlineAfterMs) return { next: prev, events: [], changed: [] };
  return {
    next: { device: { online: false, since: lastHeardAt, disconnects: null }, panels: prev.panels },
    events: [{ panelId: '', kind: 'offline', at: lastHeardAt, cause: 'silence' }],
    changed: [''],
  };
}
