import path from 'node:path';
import { loadConfig, type ConfigResult, type EnvBinding } from '../shared/config-loader.ts';
import { officeIdSchema, type OfficeId } from '../shared/offices.ts';
import { deskSchema, deviceIdSchema, panelIdSchema } from '../shared/records.ts';
import { z } from '../shared/zod.ts';
import { STORAGE_ENV_BINDINGS, storageConfigSchema } from '../shared/storage.ts';
import { PROTOCOL_NAMES, type ProtocolName } from './protocols/index.ts';

/**
 * The driver's whole configuration, parsed once at start: a JSON file named by DRIVER_CONFIG,
 * overlaid by environment variables. Everything else receives the resolved `DriverConfig`.
 * With no panel listed, the driver runs against its built-in simulated panel.
 */
const DEFAULT_BUTTONS = { '1': 1, '2': 2, '3': 3, '4': 4, '5': 5 };

const buttonMapSchema = z
  .record(z.string().regex(/^[A-Za-z0-9]{1,8}$/, 'кнопка: латиница или цифры, до 8 знаков'), z.number().int().min(1).max(5))
  .refine((map) => Object.keys(map).length > 0, 'нужна хотя бы одна кнопка');

const panelSchema = z.strictObject({
  id: panelIdSchema,
  /** Prefer /dev/serial/by-id/…: it names the panel, not the USB socket it happens to be in. */
  port: z.string().min(1).max(200),
  baudRate: z.number().int().min(50).max(4_000_000).default(9600),
  protocol: z.enum(PROTOCOL_NAMES),
  /** The office the panel stands in; must be the driver's (the hub accepts only its own office). */
  officeId: officeIdSchema.optional(),
  desk: deskSchema.nullable().default(null),
  /** Button → score: a 3-button panel may send a/b/c for 1/3/5, a 5-button one 1…5. */
  buttons: buttonMapSchema.default(DEFAULT_BUTTONS),
  /** Overrides the driver-wide misuse interval for this panel. */
  misuseSeconds: z.number().min(0).max(3600).optional(),
});

const driverConfigSchema = z
  .strictObject({
    hubUrl: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8080'),
    deviceId: deviceIdSchema,
    deviceToken: z.string().min(16, 'ключ устройства, выданный командой «npm run hub -- devices add»'),
    officeId: officeIdSchema.default('kostroma'),
    dataDir: z.string().min(1).default('./data'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    logPretty: z.boolean().default(false),
    heartbeatSeconds: z.number().int().min(1).max(3600).default(30),
    /** A press this soon after the last counted one on the same panel is kept but not counted. */
    misuseSeconds: z.number().min(0).max(3600).default(3),
    /** Longest line a framed panel may send; longer ones are counted and dropped. */
    maxLineBytes: z.number().int().min(100).max(4096).default(256),
    /** Delivered presses older than this are pruned from driver.sqlite (the hub keeps them forever). */
    retentionDays: z.number().int().min(1).max(3650).default(30),
    panels: z.array(panelSchema).max(64).default([]),
    /** The data folder's free space (shared/storage-watch.ts), reported in the heartbeat: as on the hub. */
    storage: storageConfigSchema.prefault({}),
    forward: z
      .strictObject({
        retryBaseMs: z.number().int().min(10).max(60_000).default(1000),
        retryCapMs: z.number().int().min(100).max(3_600_000).default(60_000),
        batchRecords: z.number().int().min(1).max(1000).default(500),
        timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      })
      .prefault({}),
    /** While a port is gone it is retried with backoff; the cap keeps the reopen within seconds of its return. */
    reopen: z
      .strictObject({
        baseMs: z.number().int().min(10).max(10_000).default(100),
        capMs: z.number().int().min(100).max(4_000).default(2_000),
      })
      .prefault({}),
    /** The built-in simulated panel (only when `panels` is empty): a press every few seconds. */
    simulator: z
      .strictObject({
        minGapMs: z.number().int().min(10).max(600_000).default(2_000),
        maxGapMs: z.number().int().min(10).max(600_000).default(8_000),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    const ports = new Set<string>();
    c.panels.forEach((panel, i) => {
      if (ids.has(panel.id)) ctx.addIssue({ code: 'custom', path: ['panels', i, 'id'], message: 'пульт с таким id уже описан' });
      if (ports.has(panel.port)) ctx.addIssue({ code: 'custom', path: ['panels', i, 'port'], message: 'этот порт уже занят другим пультом' });
      ids.add(panel.id);
      ports.add(panel.port);
      if (panel.officeId !== undefined && panel.officeId !== c.officeId) {
        ctx.addIssue({ code: 'custom', path: ['panels', i, 'officeId'], message: `устройство зарегистрировано в отделе ${c.officeId}; пульт другого отдела подключите к его драйверу` });
      }
      if (panel.protocol === 'bare') {
        const long = Object.keys(panel.buttons).filter((key) => key.length !== 1);
        if (long.length > 0) ctx.addIssue({ code: 'custom', path: ['panels', i, 'buttons'], message: `пульт bare шлёт один символ на нажатие; кнопки ${long.join(', ')} длиннее` });
      }
    });
    if (c.simulator.minGapMs > c.simulator.maxGapMs) ctx.addIssue({ code: 'custom', path: ['simulator', 'minGapMs'], message: 'не больше maxGapMs' });
    if (c.reopen.baseMs > c.reopen.capMs) ctx.addIssue({ code: 'custom', path: ['reopen', 'baseMs'], message: 'не больше capMs' });
    if (c.forward.retryBaseMs > c.forward.retryCapMs) ctx.addIssue({ code: 'custom', path: ['forward', 'retryBaseMs'], message: 'не больше retryCapMs' });
  });

type ParsedConfig = z.infer<typeof driverConfigSchema>;

/** A panel with every default resolved: what the rest of the driver works with. */
export interface PanelConfig {
  id: string;
  port: string;
  baudRate: number;
  protocol: ProtocolName;
  officeId: OfficeId;
  desk: string | null;
  buttons: ReadonlyMap<string, number>;
  misuseMs: number;
}

export type DriverConfig = Omit<ParsedConfig, 'panels' | 'dataDir'> & {
  dataDir: string;
  databaseFile: string;
  panels: PanelConfig[];
};

const ENV_BINDINGS: readonly EnvBinding[] = [
  { key: 'HUB_URL', path: ['hubUrl'], type: 'string' },
  { key: 'DEVICE_ID', path: ['deviceId'], type: 'string' },
  { key: 'DEVICE_TOKEN', path: ['deviceToken'], type: 'string' },
  { key: 'OFFICE_ID', path: ['officeId'], type: 'string' },
  { key: 'DATA_DIR', path: ['dataDir'], type: 'string' },
  { key: 'LOG_LEVEL', path: ['logLevel'], type: 'string' },
  { key: 'LOG_PRETTY', path: ['logPretty'], type: 'bool' },
  { key: 'HEARTBEAT_SECONDS', path: ['heartbeatSeconds'], type: 'int' },
  { key: 'MISUSE_SECONDS', path: ['misuseSeconds'], type: 'int' },
  ...STORAGE_ENV_BINDINGS,
];

export function readDriverConfig(env: Record<string, string | undefined>): ConfigResult<DriverConfig> {
  const result = loadConfig(driverConfigSchema, { env, file: env.DRIVER_CONFIG ?? null, bindings: ENV_BINDINGS });
  if (!result.ok) return result;
  const parsed = result.value;
  const dataDir = path.resolve(parsed.dataDir);
  const panels = parsed.panels.map(
    (p): PanelConfig => ({
      id: p.id,
      port: p.port,
      baudRate: p.baudRate,
      protocol: p.protocol,
      officeId: p.officeId ?? parsed.officeId,
      desk: p.desk,
      buttons: new Map(Object.entries(p.buttons)),
      misuseMs: Math.round((p.misuseSeconds ?? parsed.misuseSeconds) * 1000),
    }),
  );
  return { ok: true, value: { ...parsed, dataDir, databaseFile: path.join(dataDir, 'driver.sqlite'), panels } };
}
