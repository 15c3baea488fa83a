import path from 'node:path';
import { loadConfig, type ConfigResult, type EnvBinding } from '../shared/config-loader.ts';
import { officeIdSchema } from '../shared/offices.ts';
import { z } from '../shared/zod.ts';

/**
 * The hub's whole configuration, parsed once at start. Everything else receives `HubConfig`.
 * Role `office`: one per office, owns its devices, buffers and forwards to the central.
 * Role `central`: receives from every office and serves the regional figures.
 */
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'время в виде ЧЧ:ММ');

export const hubConfigSchema = z
  .strictObject({
    role: z.enum(['office', 'central']).default('office'),
    /** Which office this hub serves (role office). */
    officeId: officeIdSchema.default('kostroma'),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    dataDir: z.string().min(1).default('./data'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    logPretty: z.boolean().default(false),
    /** Outgoing mail for reports and alerts (hub/reports/mailer.ts); null: nothing is e-mailed, reports are still archived. */
    smtp: z
      .strictObject({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(587),
        /** true: TLS from the first byte (465); false: STARTTLS when the server offers it. */
        secure: z.boolean().default(false),
        user: z.string().min(1).nullable().default(null),
        pass: z.string().nullable().default(null),
        from: z.email('адрес отправителя: name@example.ru'),
      })
      .nullable()
      .default(null),
    /** Who gets the weekly panel table and the monthly CSAT / NPS / CES report by e-mail. */
    reportRecipients: z.array(z.email()).default([]),
    /** Who gets low-score alerts by e-mail (the CX sector). */
    alertRecipients: z.array(z.email()).default([]),
    /** Build the scheduled reports (Monday and the 1st, 06:00 Moscow) and catch up on a missed one at start. */
    scheduledReports: z.boolean().default(true),
    /**
     * Low-score alert rules: at least `minPresses` counted presses of an office within
     * `windowMinutes`, of which at least `share` scored `maxScore` or lower.
     */
    lowScoreAlerts: z
      .array(
        z.strictObject({
          windowMinutes: z.number().int().min(1).max(24 * 60),
          minPresses: z.number().int().min(1).max(10_000),
          share: z.number().gt(0).max(1),
          maxScore: z.number().int().min(1).max(4).default(1),
        }),
      )
      .max(10)
      .default([{ windowMinutes: 30, minPresses: 4, share: 0.5, maxScore: 1 }]),
    /**
     * The address people and phones use to reach this hub (HTTPS behind the reverse proxy in
     * production). Setup links and survey links are built from it; cookies are Secure when it is https.
     */
    publicBaseUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
    /** Where an office hub forwards to (role office); null: not forwarding yet. */
    centralUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
    /** Working hours in Moscow time: silence outside them raises no alert. */
    workingHours: z
      .strictObject({
        start: timeOfDay.default('08:00'),
        end: timeOfDay.default('18:00'),
        days: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
      })
      .prefault({}),
    /** A panel or kiosk silent this long during working hours raises an alert on the АХО board. */
    deviceSilenceMinutes: z.number().int().min(1).max(24 * 60).default(30),
    /** Heartbeat interval assumed until a device's own heartbeats show it (АХО board: offline after 2.5 intervals). */
    deviceHeartbeatSeconds: z
      .strictObject({
        'panel-driver': z.number().int().min(5).max(900).default(30),
        kiosk: z.number().int().min(5).max(900).default(60),
      })
      .prefault({}),
  })
  .refine((c) => c.workingHours.start < c.workingHours.end, { message: 'начало рабочего дня должно быть раньше конца', path: ['workingHours'] });

export type HubConfig = z.infer<typeof hubConfigSchema> & { databaseFile: string };

const ENV_BINDINGS: readonly EnvBinding[] = [
  { key: 'ROLE', path: ['role'], type: 'string' },
  { key: 'OFFICE_ID', path: ['officeId'], type: 'string' },
  { key: 'HOST', path: ['host'], type: 'string' },
  { key: 'PORT', path: ['port'], type: 'int' },
  { key: 'DATA_DIR', path: ['dataDir'], type: 'string' },
  { key: 'LOG_LEVEL', path: ['logLevel'], type: 'string' },
  { key: 'LOG_PRETTY', path: ['logPretty'], type: 'bool' },
  { key: 'SMTP_HOST', path: ['smtp', 'host'], type: 'string' },
  { key: 'SMTP_PORT', path: ['smtp', 'port'], type: 'int' },
  { key: 'SMTP_SECURE', path: ['smtp', 'secure'], type: 'bool' },
  { key: 'SMTP_USER', path: ['smtp', 'user'], type: 'string' },
  { key: 'SMTP_PASS', path: ['smtp', 'pass'], type: 'string' },
  { key: 'SMTP_FROM', path: ['smtp', 'from'], type: 'string' },
  { key: 'REPORT_RECIPIENTS', path: ['reportRecipients'], type: 'list' },
  { key: 'ALERT_RECIPIENTS', path: ['alertRecipients'], type: 'list' },
  { key: 'SCHEDULED_REPORTS', path: ['scheduledReports'], type: 'bool' },
  { key: 'CENTRAL_URL', path: ['centralUrl'], type: 'string' },
  { key: 'PUBLIC_BASE_URL', path: ['publicBaseUrl'], type: 'string' },
  { key: 'DEVICE_SILENCE_MINUTES', path: ['deviceSilenceMinutes'], type: 'int' },
];

/** `HUB_CONFIG` names a JSON file; environment variables override what it says. */
export function readHubConfig(env: Record<string, string | undefined>): ConfigResult<HubConfig> {
  const result = loadConfig(hubConfigSchema, { env, file: env.HUB_CONFIG ?? null, bindings: ENV_BINDINGS });
  if (!result.ok) return result;
  const dataDir = path.resolve(result.value.dataDir);
  const fileName = result.value.role === 'central' ? 'central.sqlite' : `office-${result.value.officeId}.sqlite`;
  return { ok: true, value: { ...result.value, dataDir, databaseFile: path.join(dataDir, fileName) } };
}
