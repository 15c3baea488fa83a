import type { Logger } from '../../shared/logger.ts';
import type { FeedbackRecord, Heartbeat, DeviceKind } from '../../shared/records.ts';
import { fromInstant } from '../../shared/time.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { HealthQueries } from './health-queries.ts';
import { heartbeatInterval, offlineAfter, TIMING_SAMPLES } from './heartbeat-timing.ts';
import { observeHeartbeat, observeSilence, type DeviceLinks, type LinkEventDraft } from './link-state.ts';
import { deviceKey, type KnownPanel, type LinkStore } from './link-store.ts';

/**
 * Keeps the link states and disconnect history up to date: from every committed batch (the hub's
 * 'stored' event) and from a periodic sweep that notices devices falling silent. In-memory copies
 * are touched only after the write commits, so a failed write leaves memory and disk agreeing.
 *
 * The link tables and the heartbeats are on CentralSql (`sql`; the heartbeats read by `queries`, before
 * a step's transaction: a steady heartbeat opens none). Steps run one at a time, in the order asked (a batch, a sweep), each in a transaction
 * of its own, so a step always starts from the memory the previous one left. The links are read
 * into memory before the first step.
 */
export interface HealthTrackerDeps {
  sql: CentralSql;
  queries: HealthQueries;
  store: LinkStore;
  heartbeatDefaultsMs: Record<DeviceKind, number>;
  logger: Logger;
}

interface Tracked {
  officeId: string;
  deviceId: string;
  links: DeviceLinks;
  lastHeardAt: number | null;
  offlineAfterMs: number;
}

export function createHealthTracker(deps: HealthTrackerDeps) {
  const { sql, queries, store } = deps;
  const tracked = new Map<string, Tracked>();
  const panelOwner = new Map<string, string>();
  let loaded = false;
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `step` after every step asked before it (and after the first load). */
  const inTurn = <T>(step: () => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      if (!loaded) await load();
      return step();
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const timing = async (officeId: string, deviceId: string, kind: DeviceKind) => {
    const recent = await queries.recentHeartbeatTimes(officeId, deviceId, TIMING_SAMPLES);
    return { lastHeardAt: recent[0]?.receivedAt ?? null, offlineAfterMs: offlineAfter(heartbeatInterval(recent, deps.heartbeatDefaultsMs[kind])) };
  };

  async function load(): Promise<void> {
    const all = await store.loadAll(null);
    const panels = await store.panels(null);
    for (const [key, links] of all) {
      const [officeId = '', deviceId = ''] = key.split('/');
      const kind = (await queries.latestHeartbeat(officeId, deviceId))?.body?.deviceKind ?? 'panel-driver';
      tracked.set(key, { officeId, deviceId, links, ...(await timing(officeId, deviceId, kind)) });
    }
    for (const p of panels) panelOwner.set(deviceKey(p.officeId, p.panelId), p.deviceId);
    loaded = true;
  }

  /** Applies one committed batch. Resolves to the offices whose board changed. Never rejects. */
  function onStored(records: readonly FeedbackRecord[]): Promise<Set<string>> {
    return inTurn(() => applyBatch(records)).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'device health: link state not saved; the next heartbeat retries');
      return new Set(records.map((r) => r.officeId));
    });
  }

  async function applyBatch(records: readonly FeedbackRecord[]): Promise<Set<string>> {
    const offices = new Set(records.map((r) => r.officeId));
    const beatsByDevice = new Map<string, Heartbeat[]>();
    const panelNotes = new Map<string, KnownPanel>();
    for (const record of records) {
      if (record.kind === 'heartbeat') {
        const key = deviceKey(record.officeId, record.deviceId);
        beatsByDevice.set(key, [...(beatsByDevice.get(key) ?? []), record]);
        const at = record.receivedAt ? fromInstant(record.receivedAt) : fromInstant(record.bornAt);
        for (const panel of record.panels) {
          const pkey = deviceKey(record.officeId, panel.panelId);
          if (panelOwner.get(pkey) !== record.deviceId) panelNotes.set(pkey, { officeId: record.officeId, panelId: panel.panelId, deviceId: record.deviceId, firstSeenAt: at });
        }
      } else if (record.kind === 'press') {
        const pkey = deviceKey(record.officeId, record.panelId);
        // Heartbeats say which driver holds a panel; a press only introduces a panel not yet known.
        if (!panelOwner.has(pkey) && !panelNotes.has(pkey)) {
          panelNotes.set(pkey, { officeId: record.officeId, panelId: record.panelId, deviceId: record.deviceId, firstSeenAt: record.receivedAt ? fromInstant(record.receivedAt) : fromInstant(record.bornAt) });
        }
      }
    }
    if (beatsByDevice.size === 0 && panelNotes.size === 0) return offices;

    // The steps are worked out from memory and the heartbeats first; only a step that changed a
    // state or has events, or a new panel, is written: a steady heartbeat opens no transaction.
    const updates: Tracked[] = [];
    const saves: { officeId: string; deviceId: string; links: DeviceLinks; changed: string[]; events: LinkEventDraft[] }[] = [];
    for (const [key, beats] of beatsByDevice) {
      const first = beats[0];
      if (!first) continue;
      beats.sort((a, b) => receivedAt(a) - receivedAt(b) || fromInstant(a.bornAt) - fromInstant(b.bornAt));
      const before = tracked.get(key);
      const { offlineAfterMs } = await timing(first.officeId, first.deviceId, first.deviceKind);
      let lastHeardAt = before?.lastHeardAt ?? (await queries.lastHeardBefore(first.officeId, first.deviceId, receivedAt(beats[0] ?? first)));
      let links = before?.links ?? null;
      const events: LinkEventDraft[] = [];
      const changed: string[] = [];
      for (const beat of beats) {
        const step = observeHeartbeat(links, { receivedAt: receivedAt(beat), panels: beat.panels }, lastHeardAt, before?.offlineAfterMs ?? offlineAfterMs);
        links = step.next;
        events.push(...step.events);
        changed.push(...step.changed);
        lastHeardAt = Math.max(lastHeardAt ?? 0, receivedAt(beat));
      }
      if (!links) continue;
      if (changed.length > 0 || events.length > 0) saves.push({ officeId: first.officeId, deviceId: first.deviceId, links, changed, events });
      updates.push({ officeId: first.officeId, deviceId: first.deviceId, links, lastHeardAt, offlineAfterMs });
    }
    if (saves.length > 0 || panelNotes.size > 0) {
      try {
        await sql.transaction(async (trx) => {
          for (const u of saves) await store.save(trx, u.officeId, u.deviceId, u.links, u.changed, u.events);
          for (const note of panelNotes.values()) await store.notePanel(trx, note);
        });
      } catch (error) {
        deps.logger.error({ err: error }, 'device health: link state not saved; the next heartbeat retries');
        return offices;
      }
    }
    for (const u of updates) tracked.set(deviceKey(u.officeId, u.deviceId), u);
    for (const [pkey, note] of panelNotes) panelOwner.set(pkey, note.deviceId);
    return offices;
  }

  /** Marks devices silent past their limit offline. Resolves to the offices whose board changed. Never rejects. */
  function sweep(now: number): Promise<Set<string>> {
    return inTurn(() => sweepNow(now)).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'device health: sweep failed; the next sweep retries');
      return new Set<string>();
    });
  }

  async function sweepNow(now: number): Promise<Set<string>> {
    const offices = new Set<string>();
    for (const [key, t] of tracked) {
      const step = observeSilence(t.links, t.lastHeardAt, now, t.offlineAfterMs);
      if (step.events.length === 0) continue;
      try {
        await sql.transaction((trx) => store.save(trx, t.officeId, t.deviceId, step.next, step.changed, step.events));
      } catch (error) {
        deps.logger.error({ err: error, device: t.deviceId }, 'device health: offline transition not saved; the next sweep retries');
        continue;
      }
      tracked.set(key, { ...t, links: step.next });
      offices.add(t.officeId);
    }
    return offices;
  }

  return { onStored, sweep };
}

export type HealthTracker = ReturnType<typeof createHealthTracker>;

const receivedAt = (beat: Heartbeat): number => (beat.receivedAt ? fromInstant(beat.receivedAt) : fromInstant(beat.bornAt));
