import type { Instant } from '../time.ts';
import type { DeviceKind } from '../records.ts';
import type { StorageReport } from '../storage.ts';

/**
 * The АХО health board as data: what `GET /api/devices` answers and what the `/devices` socket
 * namespace broadcasts. One snapshot is the whole board of a scope (an office, or every office on
 * the central); clients replace their copy with each snapshot, so no delta logic can drift.
 *
 * Bump BOARD_FORMAT when a field changes meaning or goes away (adding one is not a bump).
 */
export const BOARD_FORMAT = 1;

/** online / offline by the hub's reckoning; unknown: registered but never heard from. */
export type LinkStatus = 'online' | 'offline' | 'unknown';

export interface ErrorCount {
  /** The key the device reported, e.g. `bad-checksum`. */
  kind: string;
  /** Russian label for the technician (the key itself when the hub does not know it). */
  label: string;
  count: number;
}

export interface PressesToday {
  /** Presses born since Moscow midnight that count towards the office's average. */
  counted: number;
  /** Presses kept but not counted (e.g. pressed again too soon). */
  suppressed: number;
}

/** device clock − hub clock, estimated from the least-delayed of the last few heartbeats. */
export interface ClockSkew {
  ms: number;
  /** |ms| above CLOCK_SKEW_LIMIT_MS: the device's records may land in the wrong day or week. */
  flagged: boolean;
}

export type LinkEventKind = 'online' | 'offline' | 'reconnect';

export interface LinkEvent {
  at: Instant;
  /** null: the device itself (driver computer or kiosk); otherwise one of its panels. */
  panelId: string | null;
  kind: LinkEventKind;
  /** 'first' | 'gap' | 'silence' | 'reported' | 'blip:<n>' (see migration 0002). */
  cause: string;
  /** Russian, ready to show: «пульт p3: связь потеряна». */
  label: string;
}

export interface PanelHealth {
  panelId: string;
  desk: string | null;
  port: string | null;
  protocol: string | null;
  status: LinkStatus;
  /** Why a panel is offline: the panel itself (driver says so) or its driver is not heard from. */
  offlineCause: 'panel' | 'driver' | null;
  /** When the current status began, as far as the hub knows. */
  statusSince: Instant | null;
  /** Newest of the last stored press and the driver's own report (a press may still be queued). */
  lastPressAt: Instant | null;
  /** The panel's last sign of life, as the driver reported it (driver clock). */
  lastHeartbeatAt: Instant | null;
  pressesToday: PressesToday;
  /** The driver's counter of this panel's disconnects since the driver started; null if not reported. */
  disconnects: number | null;
  errors: ErrorCount[];
}

export interface DeviceHealth {
  officeId: string;
  deviceId: string;
  kind: DeviceKind;
  name: string;
  /** false: known only from its heartbeats (e.g. on the central, where devices are not registered). */
  registered: boolean;
  registeredAt: Instant | null;
  status: LinkStatus;
  statusSince: Instant | null;
  /** Hub time the last heartbeat arrived. */
  lastHeartbeatAt: Instant | null;
  /** Device time the last heartbeat was made. */
  lastHeartbeatBornAt: Instant | null;
  /** Derived from successive heartbeats, or the configured default. */
  heartbeatIntervalMs: number;
  /** Silence longer than this (2.5 intervals) makes the device offline. */
  offlineAfterMs: number;
  version: string | null;
  /** Records born on the device and not yet acknowledged by the hub (the driver's outbox). */
  backlog: number | null;
  lastSyncAt: Instant | null;
  clockSkew: ClockSkew | null;
  errors: ErrorCount[];
  /** A driver's panels; empty for a kiosk. */
  panels: PanelHealth[];
  /** Driver: presses of its panels today; kiosk: survey responses today (suppressed is 0). */
  today: PressesToday;
  /** Driver: last press of any of its panels; kiosk: last survey response. */
  lastRecordAt: Instant | null;
  /** Newest first, at most HISTORY_ON_BOARD; the hub keeps HISTORY_KEPT per device. */
  history: LinkEvent[];
  /** The device's data folder as its last heartbeat reported it; null when it does not report it (kiosks, older drivers). */
  storage: StorageReport | null;
}

export type AlertKind = 'device-offline' | 'panel-offline' | 'panel-silent' | 'clock-skew' | 'forward-stalled' | 'disk-low' | 'disk-full' | 'config-refused';

export interface BoardAlert {
  kind: AlertKind;
  severity: 'critical' | 'warning';
  officeId: string;
  deviceId: string | null;
  panelId: string | null;
  /** Since when the condition holds (for silence: the last sign of activity). */
  since: Instant | null;
  /** Russian, one line. */
  message: string;
}

/**
 * The office hub → central row, as the forwarding service (hub/forward/forward-status.ts) reports
 * it. Shaped as a subset of that service's own status, so it can hand its status over unchanged.
 */
export interface ForwardReport {
  /** false: no central configured; records are kept, nothing is sent. */
  configured: boolean;
  centralUrl: string | null;
  backlog: { count: number; oldestReceivedAt: Instant | null };
  /** Last batch the central acknowledged. */
  lastSyncAt: Instant | null;
  /** The most recent failure, even if a later sync succeeded. */
  lastError: { code: string; message: string; at: Instant } | null;
  /** The last attempt failed: the backlog is not moving. */
  failing: boolean;
  /** The regional configuration handed down by the central (absent from an older hub's report). */
  regionalConfig?: { revision: number | null; changedAt: Instant | null; failing: boolean; lastError: { code: string; message: string; at: Instant } | null };
}

/** The regional configuration on the board: the revision in force, when the central saved it, whether pulls fail. */
export interface ConfigRow {
  revision: number | null;
  changedAt: Instant | null;
  /** now − changedAt at the snapshot. */
  ageMs: number | null;
  failing: boolean;
  /** The last refused pull: `code` a PullRefusal (said in words on the board), `message` the technical detail. */
  lastError: { code: string; message: string; at: Instant } | null;
}

export interface ForwardingRow {
  configured: boolean;
  centralUrl: string | null;
  backlog: number;
  oldestQueuedAt: Instant | null;
  /** now − oldestQueuedAt at the snapshot, or null with an empty queue. */
  oldestAgeMs: number | null;
  lastSyncAt: Instant | null;
  lastError: { code: string; message: string; at: Instant } | null;
  /** off: not configured; failing: the last attempt failed; lagging: records waited longer than the silence limit. */
  state: 'off' | 'ok' | 'lagging' | 'failing';
  /** null: no central (settings are this hub's own). */
  config: ConfigRow | null;
}

export interface DeviceBoard {
  format: typeof BOARD_FORMAT;
  /** Hub time of the snapshot: clients show "N min ago" against it, not against their own clock. */
  generatedAt: Instant;
  /** officeId null: every office (central). */
  scope: { officeId: string | null; officeName: string | null };
  workingHours: { days: number[]; start: string; end: string; now: boolean };
  silenceMinutes: number;
  alerts: BoardAlert[];
  devices: DeviceHealth[];
  /** Office hub → central forwarding; null on the central or before forwarding reports anything. */
  forwarding: ForwardingRow | null;
  /** The data folder of the hub serving the board, and what can be tidied there. */
  hubStorage: HubStorage | null;
}

export interface HubStorage {
  role: 'office' | 'central';
  report: StorageReport;
  /** Russian: what can be tidied to make room (never presses or answers). */
  advice: string;
}

export const HISTORY_KEPT = 100;
export const HISTORY_ON_BOARD = 20;
export const CLOCK_SKEW_LIMIT_MS = 2 * 60_000;
