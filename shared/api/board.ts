import { z } from '../zod.ts';

/**
 * The АХО board (GET /api/devices, the `/devices` socket's `board` event and its `join`
 * acknowledgement, shared/protocol/board-socket.ts), as shared/protocol/board.ts describes it and
 * hub/board/device-board.ts builds it. A snapshot is the whole board of a scope.
 */
const linkStatusSchema = z.enum(['online', 'offline', 'unknown']);
export type LinkStatus = z.infer<typeof linkStatusSchema>;
const errorCountSchema = z.object({ kind: z.string(), label: z.string(), count: z.number().int() });
const pressesTodaySchema = z.object({ counted: z.number().int(), suppressed: z.number().int() });
const instant = z.string();

const storageReportSchema = z.object({
  state: z.enum(['ok', 'warning', 'critical']),
  freeBytes: z.number().nullable(),
  totalBytes: z.number().nullable(),
  warnBelowBytes: z.number(),
  criticalBelowBytes: z.number(),
  checkedAt: instant.nullable(),
  writeFailedAt: instant.nullable(),
});
export type StorageReport = z.infer<typeof storageReportSchema>;
const hubStorageSchema = z.object({ role: z.enum(['office', 'central']), report: storageReportSchema, advice: z.string() });
export type HubStorage = z.infer<typeof hubStorageSchema>;

export const panelHealthSchema = z.object({
  panelId: z.string(),
  desk: z.string().nullable(),
  port: z.string().nullable(),
  protocol: z.string().nullable(),
  status: linkStatusSchema,
  offlineCause: z.enum(['panel', 'driver']).nullable(),
  statusSince: instant.nullable(),
  lastPressAt: instant.nullable(),
  lastHeartbeatAt: instant.nullable(),
  pressesToday: pressesTodaySchema,
  disconnects: z.number().int().nullable(),
  errors: z.array(errorCountSchema),
});
export type PanelHealth = z.infer<typeof panelHealthSchema>;

export const linkEventSchema = z.object({ at: instant, panelId: z.string().nullable(), kind: z.enum(['online', 'offline', 'reconnect']), cause: z.string(), label: z.string() });

export const deviceHealthSchema = z.object({
  officeId: z.string(),
  deviceId: z.string(),
  kind: z.enum(['panel-driver', 'kiosk']),
  name: z.string(),
  registered: z.boolean(),
  registeredAt: instant.nullable(),
  status: linkStatusSchema,
  statusSince: instant.nullable(),
  lastHeartbeatAt: instant.nullable(),
  lastHeartbeatBornAt: instant.nullable(),
  heartbeatIntervalMs: z.number(),
  offlineAfterMs: z.number(),
  version: z.string().nullable(),
  backlog: z.number().int().nullable(),
  lastSyncAt: instant.nullable(),
  clockSkew: z.object({ ms: z.number(), flagged: z.boolean() }).nullable(),
  errors: z.array(errorCountSchema),
  panels: z.array(panelHealthSchema),
  today: pressesTodaySchema,
  lastRecordAt: instant.nullable(),
  history: z.array(linkEventSchema),
  storage: storageReportSchema.nullable(),
});
export type DeviceHealth = z.infer<typeof deviceHealthSchema>;

export const boardAlertSchema = z.object({
  kind: z.enum(['device-offline', 'panel-offline', 'panel-silent', 'clock-skew', 'forward-stalled', 'disk-low', 'disk-full', 'config-refused']),
  severity: z.enum(['critical', 'warning']),
  officeId: z.string(),
  deviceId: z.string().nullable(),
  panelId: z.string().nullable(),
  since: instant.nullable(),
  message: z.string(),
});

export const forwardingRowSchema = z.object({
  configured: z.boolean(),
  centralUrl: z.string().nullable(),
  backlog: z.number().int(),
  oldestQueuedAt: instant.nullable(),
  oldestAgeMs: z.number().nullable(),
  lastSyncAt: instant.nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: instant }).nullable(),
  state: z.enum(['off', 'ok', 'lagging', 'failing']),
  config: z.object({ revision: z.number().int().nullable(), changedAt: instant.nullable(), ageMs: z.number().nullable(), failing: z.boolean(), lastError: z.object({ code: z.string(), message: z.string(), at: instant }).nullable() }).nullable(),
});
export type ForwardingRow = z.infer<typeof forwardingRowSchema>;

export const deviceBoardSchema = z.object({
  format: z.literal(1),
  generatedAt: instant,
  scope: z.object({ officeId: z.string().nullable(), officeName: z.string().nullable() }),
  workingHours: z.object({ days: z.array(z.number().int()), start: z.string(), end: z.string(), now: z.boolean() }),
  silenceMinutes: z.number(),
  alerts: z.array(boardAlertSchema),
  devices: z.array(deviceHealthSchema),
  forwarding: forwardingRowSchema.nullable(),
  hubStorage: hubStorageSchema.nullable(),
});
export type DeviceBoard = z.infer<typeof deviceBoardSchema>;

export const devicesResponseSchema = deviceBoardSchema.extend({ ok: z.literal(true) });
export type DevicesResponse = z.infer<typeof devicesResponseSchema>;
