import type { Generated } from 'kysely';
import type { Role } from '../../shared/roles.ts';
import type { DeviceKind, RecordKind } from '../../shared/records.ts';
import type { REGISTER_RECORD_KIND } from '../../shared/register.ts';
import type { LinkEventKind } from '../../shared/protocol/board.ts';

/**
 * Row types of the hub's own running (hub/sql/tables.ts lists them all): staff accounts and the audit
 * log, office keys and status, dead letters, regional settings, the directory, services, devices.
 */
/** Staff accounts (hub/staff/users.ts). SQLite's login is COLLATE NOCASE; the stores compare lower(login). */
export interface StaffUserTable {
  id: Generated<number>;
  login: string;
  display_name: string;
  password_hash: string | null;
  password_changed_at: number | null;
  created_at: number;
  disabled_at: number | null;
  source: Generated<'local' | 'central'>;
}

/** office_id '' for a role that covers every office. */
export interface StaffRoleTable {
  user_id: number;
  role: Role;
  office_id: string;
}

/** Sessions (hub/staff/sessions.ts): only the sha256 of the cookie's id is kept. */
export interface StaffSessionTable {
  id_hash: Buffer;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

/** One-time links to set a password (hub/staff/setup-links.ts), by the sha256 of their token. */
export interface SetupLinkTable {
  token_hash: Buffer;
  user_id: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** The audit log (SQLite 0007, PostgreSQL 0001 and 0016): append-only, numbered by seq. */
export interface AuditLogTable {
  seq: Generated<number>;
  at: number;
  actor: string;
  /** One of shared/audit-actions.ts. */
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
}

/** Office hub keys (hub/central/office-keys.ts; SQLite 0003, PostgreSQL 0015): the secret as issued, HMAC needs it. */
export interface OfficeKeyTable {
  key_id: string;
  office_id: string;
  secret: string;
  created_at: number;
  revoked_at: number | null;
}

/** Signatures the central accepted (hub/central/replay-cache.ts), until their clock window ends. */
export interface HubRequestSeenTable {
  signature: string;
  expires_at: number;
}

/** Records a hub refused: the same id held with another body (hub/ingest/dead-letters.ts; SQLite 0001, PostgreSQL 0001 + 0027). */
export interface DeadLetterTable {
  seq: Generated<number>;
  record_id: string;
  kind: RecordKind | typeof REGISTER_RECORD_KIND;
  reason: string;
  body: string;
  source: string;
  received_at: number;
}

/** Each office hub's forwarding as the central last saw it (hub/central/office-sync.ts; SQLite 0003 + 0017, PostgreSQL 0001 + 0026). */
export interface OfficeSyncTable {
  office_id: string;
  last_sync_at: number;
  lag_ms: number;
  records_received: number;
  batches_received: number;
  backlog_reported: number;
  backlog_oldest_at: number | null;
  key_id: string;
  storage_state: 'ok' | 'warning' | 'critical' | null;
  storage_free_bytes: number | null;
  storage_total_bytes: number | null;
}

/** Settings staff change at run time (SQLite 0012, PostgreSQL 0017): one JSON value per key. */
export interface SettingTable {
  key: string;
  value: string;
  updated_at: number;
  updated_by: string;
}

/** Central: one row per saved regional change (hub/regional-config/revisions.ts), numbered 1, 2, 3… */
export interface ConfigRevisionTable {
  revision: number;
  changed_at: number;
  actor: string;
  what: string;
}

/** Central: the revision each office hub last said it holds. */
export interface OfficeConfigReportTable {
  office_id: string;
  revision: number;
  reported_at: number;
}

/** Office hub: the one row (id 1) of the revision applied and the last pull (hub/db/regional-config-state.ts). */
export interface RegionalConfigStateTable {
  id: number;
  revision: number | null;
  schema_version: number | null;
  changed_at: number | null;
  applied_at: number | null;
  last_pull_at: number | null;
  last_error_code: string | null;
  last_error: string | null;
  last_error_at: number | null;
}

/** The kiosk's list of services (hub/db/services.ts, SQLite 0004, PostgreSQL 0018); active 0 or 1. */
export interface ServiceTable {
  id: string;
  name: string;
  position: number;
  active: number;
}

/** A device's one-time pairing code, by its sha256 (hub/staff/device-pairing.ts; SQLite 0007, PostgreSQL 0021). */
export interface PairingCodeTable {
  code_hash: Buffer;
  device_id: string;
  office_id: string;
  kind: 'panel-driver' | 'kiosk';
  name: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** The office directory (hub/db/offices.ts, read from memory as ctx.offices; SQLite 0001, PostgreSQL 0020). */
export interface OfficeTable {
  id: string;
  name: string;
  kind: 'otdelenie' | 'otdel';
  address: string;
  position: number;
  closed_at: number | null;
}

/** Both roles: registered devices by their token's sha256 (hub/devices/credentials.ts, read from memory as ctx.devices; SQLite 0001, PostgreSQL 0025). */
export interface DeviceTable {
  id: string;
  office_id: string;
  kind: DeviceKind;
  name: string;
  token_hash: Buffer;
  created_at: number;
  revoked_at: number | null;
}

/** Both roles: the board's link state of a device ('' panel) and its panels (hub/devices/link-store.ts; SQLite 0002, PostgreSQL 0025). */
export interface DeviceLinkTable {
  office_id: string;
  device_id: string;
  panel_id: string;
  online: 0 | 1;
  since: number;
  disconnects: number | null;
}

/** Both roles: the board's disconnect history, newest by seq, HISTORY_KEPT per device (hub/devices/link-store.ts; SQLite 0002, PostgreSQL 0025). */
export interface DeviceEventTable {
  seq: Generated<number>;
  office_id: string;
  device_id: string;
  panel_id: string;
  kind: LinkEventKind;
  at: number;
  cause: string;
}

/** Both roles: every panel of an office and the driver that last reported it (hub/devices/link-store.ts; SQLite 0002, PostgreSQL 0025). */
export interface DevicePanelTable {
  office_id: string;
  panel_id: string;
  device_id: string;
  first_seen_at: number;
}

/**
 * Both roles: health reports, `body` the heartbeat as the device said it (JSON text, without receivedAt).
 * Read through CentralSql (hub/devices/health-queries.ts, hub/housekeeping/prune.ts); written by the
 * synchronous ingest on SQLite (hub/db/record-rows.ts) and INSERT_BATCH on PostgreSQL (SQLite 0001, PostgreSQL 0001).
 */
export interface HeartbeatTable {
  id: string;
  office_id: string;
  device_id: string;
  born_at: number;
  received_at: number;
  body: string;
}
