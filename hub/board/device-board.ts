import { moscowDate, moscowMidnight } from '../../shared/periods.ts';
import type { PanelStatus, DeviceKind } from '../../shared/records.ts';
import { fromInstant, toInstant } from '../../shared/time.ts';
import { boardAlerts } from './board-alerts.ts';
import { BOARD_FORMAT, HISTORY_ON_BOARD, type DeviceBoard, type DeviceHealth, type ForwardReport, type HubStorage, type LinkEvent, type PanelHealth } from '../../shared/protocol/board.ts';
import { forwardingRow, readForwardReport } from './forwarding-row.ts';
import { figuresKey, type BoardDeviceRow, type DeviceFigures, type HealthQueries, type StoredHeartbeat } from '../devices/health-queries.ts';
import type { RecordSource } from '../records/record-source.ts';
import { clockSkew, heartbeatInterval, offlineAfter, TIMING_SAMPLES } from '../devices/heartbeat-timing.ts';
import { errorCounts, linkEventLabel } from './labels.ts';
import type { DeviceLinks } from '../devices/link-state.ts';
import type { KnownPanel, LinkStore, StoredLinkEvent } from '../devices/link-store.ts';
import type { HeartbeatTiming } from '../devices/heartbeat-timing.ts';
import { isWorkingTime, type WorkingHours } from '../../shared/working-hours.ts';

/**
 * Builds one snapshot of the АХО board for an office (or every office, officeId null) at `now`.
 * Status is reckoned here from the last heartbeat's arrival, so the board is right even between
 * sweeps; the stored link states only say since when.
 *
 * Devices, link states and history are read first (CentralSql: one query each for the whole board),
 * then each device's recent heartbeats (CentralSql: two index reads per device); then the presses and
 * responses of every panel and kiosk on the board in one ask of the RecordSource (on a central with
 * DATABASE_URL, one PostgreSQL round trip per snapshot); then the snapshot is put together.
 */
export interface BoardSettings {
  role: 'office' | 'central';
  officeId: string;
  workingHours: WorkingHours;
  deviceSilenceMinutes: number;
  deviceHeartbeatSeconds: Record<DeviceKind, number>;
}

export interface BoardDeps {
  queries: HealthQueries;
  /** Where the presses and responses are (the hub's SQLite, or the central's PostgreSQL). */
  records: Pick<RecordSource, 'deviceFigures'>;
  store: LinkStore;
  settings: BoardSettings;
  /** The office hub → central status at this moment; null on the central. */
  forwardReport: () => ForwardReport | null | Promise<ForwardReport | null>;
  officeName: (officeId: string) => string | null;
  /** The data folder of this hub at this moment. */
  hubStorage: () => HubStorage | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : toInstant(ms));
const newest = (...values: (number | null)[]): number | null => values.reduce<number | null>((a, b) => (b === null ? a : a === null ? b : Math.max(a, b)), null);

export async function buildDeviceBoard(deps: BoardDeps, officeId: string | null, now: number): Promise<DeviceBoard> {
  const { settings } = deps;
  const today = moscowDate(now);
  const midnight = moscowMidnight(today.year, today.month, today.day);
  const panelsByDevice = new Map<string, KnownPanel[]>();
  for (const p of await deps.store.panels(officeId)) {
    const key = `${p.officeId}/${p.deviceId}`;
    panelsByDevice.set(key, [...(panelsByDevice.get(key) ?? []), p]);
  }
  const rows = await deps.queries.devices(officeId);
  const links = await deps.store.loadAll(officeId);
  const history = await deps.store.recentEvents(officeId, HISTORY_ON_BOARD);
  const heard = await Promise.all(
    rows.map((row) => {
      const key = `${row.officeId}/${row.deviceId}`;
      return deviceHeard(deps, row, panelsByDevice.get(key) ?? [], links.get(key) ?? null, history.get(key) ?? [], now);
    }),
  );
  const figures = await deps.records.deviceFigures({
    panels: heard.flatMap((d) => d.panelIds.map((panelId) => ({ officeId: d.row.officeId, panelId }))),
    kiosks: heard.filter((d) => d.kind === 'kiosk').map((d) => ({ officeId: d.row.officeId, deviceId: d.row.deviceId })),
    since: midnight,
  });
  const devices = heard.map((d) => deviceHealth(deps, d, figures)).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'panel-driver' ? -1 : 1));

  const silenceMs = settings.deviceSilenceMinutes * 60_000;
  const ownForwarding = settings.role === 'office' && (officeId === null || officeId === settings.officeId);
  const forwarding = ownForwarding ? forwardingRow(await readForwardReport(deps.forwardReport), now, silenceMs) : null;
  const rules = { workingHours: settings.workingHours, silenceMinutes: settings.deviceSilenceMinutes };
  const hubStorage = deps.hubStorage();
  const hub = hubStorage ? { officeId: officeId ?? settings.officeId, storage: hubStorage } : null;
  return {
    format: BOARD_FORMAT,
    generatedAt: toInstant(now),
    scope: { officeId, officeName: officeId === null ? null : deps.officeName(officeId) },
    workingHours: { days: [...settings.workingHours.days], start: settings.workingHours.start, end: settings.workingHours.end, now: isWorkingTime(now, settings.workingHours) },
    silenceMinutes: settings.deviceSilenceMinutes,
    alerts: boardAlerts(devices, forwarding ? { officeId: settings.officeId, row: forwarding } : null, now, rules, hub),
    devices,
    forwarding,
    hubStorage,
  };
}

/** What the hub's database says of a device: its heartbeats, link states and the panels to show. */
interface DeviceHeard {
  row: BoardDeviceRow;
  kind: DeviceKind;
  known: KnownPanel[];
  recent: HeartbeatTiming[];
  latest: StoredHeartbeat | null;
  intervalMs: number;
  offlineAfterMs: number;
  status: DeviceHealth['status'];
  statusSince: number | null;
  links: DeviceLinks | null;
  /** The newest link events, newest first, HISTORY_ON_BOARD at most. */
  events: StoredLinkEvent[];
  /** The panels reported in the last heartbeat, then the others known to be on the driver. */
  panelIds: string[];
}

async function deviceHeard(deps: BoardDeps, row: BoardDeviceRow, known: KnownPanel[], links: DeviceLinks | null, events: StoredLinkEvent[], now: number): Promise<DeviceHeard> {
  const recent = await deps.queries.recentHeartbeatTimes(row.officeId, row.deviceId, TIMING_SAMPLES);
  const latest: StoredHeartbeat | null = await deps.queries.latestHeartbeat(row.officeId, row.deviceId);
  const kind: DeviceKind = row.kind ?? latest?.body?.deviceKind ?? 'panel-driver';
  const intervalMs = heartbeatInterval(recent, deps.settings.deviceHeartbeatSeconds[kind] * 1000);
  const offlineAfterMs = offlineAfter(intervalMs);
  const status = !latest ? 'unknown' : now - latest.receivedAt > offlineAfterMs ? 'offline' : 'online';
  const statusSince = !latest ? null : status === 'online' && links?.device.online ? links.device.since : latest.receivedAt;
  const reported = kind === 'kiosk' ? [] : (latest?.body?.panels ?? []).map((p) => p.panelId);
  const panelIds = kind === 'kiosk' ? [] : [...new Set([...reported, ...known.map((p) => p.panelId)])];
  return { row, kind, known, recent, latest, intervalMs, offlineAfterMs, status, statusSince, links, events, panelIds };
}

function deviceHealth(deps: BoardDeps, heard: DeviceHeard, figures: DeviceFigures): DeviceHealth {
  const { row, kind, known, recent, latest, intervalMs, offlineAfterMs, status, statusSince, links, events } = heard;
  const body = latest?.body ?? null;
  const panels = kind === 'kiosk' ? [] : panelRows(figures, row.officeId, body?.panels ?? [], known, links, status === 'online', latest?.receivedAt ?? null);
  let today = { counted: 0, suppressed: 0 };
  let lastRecordAt: number | null = null;
  if (kind === 'kiosk') {
    const responses = figures.kiosks.get(figuresKey(row.officeId, row.deviceId)) ?? { lastAt: null, count: 0 };
    today = { counted: responses.count, suppressed: 0 };
    lastRecordAt = responses.lastAt;
  } else {
    for (const p of panels) {
      today = { counted: today.counted + p.pressesToday.counted, suppressed: today.suppressed + p.pressesToday.suppressed };
      lastRecordAt = newest(lastRecordAt, p.lastPressAt === null ? null : fromInstant(p.lastPressAt));
    }
  }

  const history: LinkEvent[] = events.map((e) => {
    const panelId = e.panelId === '' ? null : e.panelId;
    return { at: toInstant(e.at), panelId, kind: e.kind, cause: e.cause, label: linkEventLabel(panelId, e.kind, e.cause) };
  });

  return {
    officeId: row.officeId,
    deviceId: row.deviceId,
    kind,
    name: row.name ?? row.deviceId,
    registered: row.kind !== null,
    registeredAt: iso(row.registeredAt),
    status,
    statusSince: iso(statusSince),
    lastHeartbeatAt: iso(latest?.receivedAt ?? null),
    lastHeartbeatBornAt: iso(latest?.bornAt ?? null),
    heartbeatIntervalMs: intervalMs,
    offlineAfterMs,
    version: body?.version ?? null,
    backlog: body?.backlog ?? null,
    lastSyncAt: body?.lastSyncAt ?? null,
    clockSkew: clockSkew(recent),
    errors: errorCounts(body?.errors),
    panels,
    today,
    lastRecordAt: iso(lastRecordAt),
    history,
    storage: body?.storage ?? null,
  };
}

/** The panels a driver reported in its last heartbeat, then any others known to be on it (from presses). */
function panelRows(
  figuresOf: DeviceFigures,
  officeId: string,
  reported: readonly PanelStatus[],
  known: readonly KnownPanel[],
  links: DeviceLinks | null,
  driverOnline: boolean,
  driverHeardAt: number | null,
): PanelHealth[] {
  const noPresses = { lastPressAt: null, counted: 0, suppressed: 0 };
  const rows: PanelHealth[] = [];
  const seen = new Set<string>();
  for (const status of reported) {
    seen.add(status.panelId);
    const figures = figuresOf.panels.get(figuresKey(officeId, status.panelId)) ?? noPresses;
    const linkSince = links?.panels.get(status.panelId)?.since ?? driverHeardAt;
    // A panel is on line only while its driver is: the driver's word is all the hub has.
    const online = driverOnline && status.online;
    const offlineCause = online ? null : driverOnline ? 'panel' : 'driver';
    const since = offlineCause === 'driver' && status.online ? driverHeardAt : linkSince;
    rows.push({
      panelId: status.panelId,
      desk: status.desk,
      port: status.port,
      protocol: status.protocol,
      status: online ? 'online' : 'offline',
      offlineCause,
      statusSince: iso(since),
      lastPressAt: iso(newest(figures.lastPressAt, status.lastPressAt === null ? null : fromInstant(status.lastPressAt))),
      lastHeartbeatAt: status.lastHeartbeatAt,
      pressesToday: { counted: figures.counted, suppressed: figures.suppressed },
      disconnects: status.disconnects,
      errors: errorCounts(status.errors),
    });
  }
  for (const panel of known) {
    if (seen.has(panel.panelId)) continue;
    const figures = figuresOf.panels.get(figuresKey(officeId, panel.panelId)) ?? noPresses;
    rows.push({
      panelId: panel.panelId,
      desk: null,
      port: null,
      protocol: null,
      status: 'unknown',
      offlineCause: null,
      statusSince: null,
      lastPressAt: iso(figures.lastPressAt),
      lastHeartbeatAt: null,
      pressesToday: { counted: figures.counted, suppressed: figures.suppressed },
      disconnects: null,
      errors: [],
    });
  }
  return rows;
}
