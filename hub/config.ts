import path from 'node:path';
import { loadConfig, type ConfigResult, type EnvBinding } from '../shared/config-loader.ts';
import { DEFAULT_LOW_SCORE_RULES, lowScoreRuleListSchema } from '../shared/alert-rules.ts';
import { officeIdSchema } from '../shared/offices.ts';
import { z } from '../shared/zod.ts';
import { STORAGE_ENV_BINDINGS, storageConfigSchema } from '../shared/storage.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS } from '../shared/protocol/wire.ts';

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
    /** Outgoing mail for reports and alerts (hub/mail/mailer.ts); null: nothing is e-mailed, reports are still archived. */
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
    /** Who gets low-score alerts by e-mail (the CX sector); on the central, also office silence alerts. */
    alertRecipients: z.array(z.email()).default([]),
    /**
     * Central: who is responsible for the register's due dates (59-ФЗ and the book of reviews), and
     * gets the reminders two working days before a date and on the day it is missed: `name@host`
     * for every office (the CX sector), `officeId:name@host` for one office (its head).
     */
    registerReminderRecipients: z
      .array(z.string().regex(/^([a-z0-9-]{1,40}:)?[^\s@:]+@[^\s@:]+\.[^\s@:]+$/, 'адрес name@host или отдел:name@host'))
      .default([]),
    /** Office hub: who gets "no link with a panel / kiosk / driver computer" and "link back" by e-mail (АХО). */
    deviceAlertRecipients: z.array(z.email()).default([]),
    /** Build the scheduled reports (Monday and the 1st, 06:00 Moscow) and catch up on a missed one at start. */
    scheduledReports: z.boolean().default(true),
    /**
     * Low-score alert rules until the CX sector sets its own at /alert-rules (kept in the
     * database, hub/db/alert-rule-store.ts): at least `minPresses` counted presses of an office
     * within `windowMinutes`, of which at least `share` scored `maxScore` or lower.
     */
    lowScoreAlerts: lowScoreRuleListSchema.default([...DEFAULT_LOW_SCORE_RULES]),
    /**
     * The address people and phones use to reach this hub (HTTPS behind the reverse proxy in
     * production). Setup links and survey links are built from it; cookies are Secure when it is https.
     */
    publicBaseUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
    /**
     * The address phones use for surveys (QR codes, e-mailed links): normally the central's, since
     * a phone on mobile internet cannot reach an office's local hub. null: publicBaseUrl, else this
     * hub's own address. See docs/phone-surveys.md.
     */
    surveyBaseUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
    /** Per-visit invitations and the public survey endpoints (hub/invitations/). */
    invitations: z
      .strictObject({
        ttlDays: z.number().int().min(1).max(90).default(7),
        /** Per client address: at most `rateMax` public requests per `rateWindowSeconds`. */
        rateWindowSeconds: z.number().int().min(1).max(3600).default(60),
        rateMax: z.number().int().min(1).max(10_000).default(30),
        /**
         * Per client address: at most `guessMax` refused invitation links or tokened answers (an
         * unknown, expired or used code) per `guessWindowSeconds`, then 429 for the rest of the
         * window. A client who mistypes a short code a few times is far under it; guessing codes is not.
         */
        guessWindowSeconds: z.number().int().min(1).max(86_400).default(900),
        guessMax: z.number().int().min(1).max(10_000).default(10),
        /** How long the office hub waits for the central to register a short code before giving the long link. */
        codeRegisterTimeoutMs: z.number().int().min(100).max(60_000).default(3000),
        /** One answer is well under 4 kB; anything larger is not a phone filling in the survey. */
        maxBodyBytes: z.number().int().min(1024).max(1024 * 1024).default(16 * 1024),
      })
      .prefault({}),
    /**
     * The central's presses and responses in PostgreSQL 15+ (postgres://user:password@host:5432/db)
     * instead of its SQLite file (docs/central-postgres.md); only for the central. A secret: never logged.
     */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'адрес базы PostgreSQL вида postgres://пользователь:пароль@сервер:5432/база')
      .nullable()
      .default(null),
    /**
     * Central with DATABASE_URL: a streaming replica of that database for the reports' and exports'
     * reads (docs/central-postgres.md, "A replica for reports"); null: they read DATABASE_URL too.
     * A secret: never logged.
     */
    reportsDatabaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'адрес реплики PostgreSQL вида postgres://пользователь:пароль@сервер:5432/база')
      .nullable()
      .default(null),
    /** Where an office hub forwards to (role office); null: not forwarding yet. */
    centralUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
    /**
     * The office hub's key on the central (issued there by `offices add`): its id, and the secret
     * from CENTRAL_KEY or a file named by CENTRAL_KEY_FILE. Never in the repository. The secret is
     * not checked here, so a wrong one is never echoed into an error message or a log.
     */
    centralKeyId: z.string().regex(/^[a-z0-9.-]{3,80}$/, 'идентификатор ключа из команды offices add').nullable().default(null),
    centralKey: z.string().nullable().default(null),
    centralKeyFile: z.string().min(1).nullable().default(null),
    /** How the office hub forwards (hub/forward/): batch bounds, retry backoff, idle status reports. */
    forward: z
      .strictObject({
        batchRecords: z.number().int().min(1).max(MAX_BATCH_RECORDS).default(MAX_BATCH_RECORDS),
        batchBytes: z.number().int().min(4096).max(MAX_BATCH_BYTES).default(MAX_BATCH_BYTES),
        retryBaseMs: z.number().int().min(10).max(60_000).default(1000),
        retryMaxMs: z.number().int().min(100).max(3_600_000).default(60_000),
        idleReportSeconds: z.number().int().min(1).max(3600).default(60),
        requestTimeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
      })
      .prefault({}),
    /**
     * Office hub with a central: how often it pulls the regional configuration (docs/regional-config.md).
     * It also pulls at start and at once when the central's answer to a batch names a newer revision.
     */
    configPullSeconds: z.number().int().min(5).max(86_400).default(300),
    /** Central: an office hub silent this long during working hours raises an alert on /central. */
    officeSilenceMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
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
    /**
     * The data folder's free space (shared/storage-watch.ts): warning below the larger of warnMb
     * and warnPercent of the file system, critical below the larger of criticalMb and
     * criticalPercent, checked every checkSeconds and after a write failed for lack of space.
     */
    storage: storageConfigSchema.prefault({}),
    /** Heartbeats older than this are deleted (hub/housekeeping/); presses and responses never are. */
    heartbeatRetentionDays: z.number().int().min(1).max(3650).default(30),
    /** Heartbeat interval assumed until a device's own heartbeats show it (АХО board: offline after 2.5 intervals). */
    deviceHeartbeatSeconds: z
      .strictObject({
        'panel-driver': z.number().int().min(5).max(900).default(30),
        kiosk: z.number().int().min(5).max(900).default(60),
      })
      .prefault({}),
  })
  .refine((c) => c.workingHours.start < c.workingHours.end, { message: 'начало рабочего дня должно быть раньше конца', path: ['workingHours'] })
  .refine((c) => c.databaseUrl === null || c.role === 'central', {
    message: 'DATABASE_URL задаётся только центральному сборщику (ROLE=central): хаб отдела хранит записи в своём файле SQLite',
    path: ['databaseUrl'],
  })
  .refine((c) => c.reportsDatabaseUrl === null || c.role === 'central', {
    message: 'REPORTS_DATABASE_URL задаётся только центральному сборщику (ROLE=central)',
    path: ['reportsDatabaseUrl'],
  })
  .refine((c) => c.reportsDatabaseUrl === null || c.role !== 'central' || c.databaseUrl !== null, {
    message: 'REPORTS_DATABASE_URL (реплика для отчётов) задаётся вместе с DATABASE_URL: без него записи центрального хранятся в SQLite',
    path: ['reportsDatabaseUrl'],
  })
  .refine((c) => c.role !== 'office' || c.centralUrl === null || (c.centralKeyId !== null && (c.centralKey === null) !== (c.centralKeyFile === null)), {
    message: 'для пересылки на центральный сборщик нужны CENTRAL_KEY_ID и ровно одно из CENTRAL_KEY или CENTRAL_KEY_FILE (выдаются командой offices add на центральном)',
    path: ['centralKeyId'],
  });

export type HubConfig = z.infer<typeof hubConfigSchema> & { databaseFile: string };

export const ENV_BINDINGS: readonly EnvBinding[] = [
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
  { key: 'SMTP_PASS', path: ['smtp', 'pass'], type: 'string', secret: true },
  { key: 'SMTP_FROM', path: ['smtp', 'from'], type: 'string' },
  { key: 'REPORT_RECIPIENTS', path: ['reportRecipients'], type: 'list' },
  { key: 'ALERT_RECIPIENTS', path: ['alertRecipients'], type: 'list' },
  { key: 'DEVICE_ALERT_RECIPIENTS', path: ['deviceAlertRecipients'], type: 'list' },
  { key: 'REGISTER_REMINDER_RECIPIENTS', path: ['registerReminderRecipients'], type: 'list' },
  { key: 'SCHEDULED_REPORTS', path: ['scheduledReports'], type: 'bool' },
  { key: 'DATABASE_URL', path: ['databaseUrl'], type: 'string', secret: true },
  { key: 'REPORTS_DATABASE_URL', path: ['reportsDatabaseUrl'], type: 'string', secret: true },
  { key: 'CENTRAL_URL', path: ['centralUrl'], type: 'string' },
  { key: 'CENTRAL_KEY_ID', path: ['centralKeyId'], type: 'string' },
  { key: 'CENTRAL_KEY', path: ['centralKey'], type: 'string', secret: true },
  { key: 'CENTRAL_KEY_FILE', path: ['centralKeyFile'], type: 'string' },
  { key: 'FORWARD_BATCH_RECORDS', path: ['forward', 'batchRecords'], type: 'int' },
  { key: 'FORWARD_BATCH_BYTES', path: ['forward', 'batchBytes'], type: 'int' },
  { key: 'FORWARD_RETRY_BASE_MS', path: ['forward', 'retryBaseMs'], type: 'int' },
  { key: 'FORWARD_RETRY_MAX_MS', path: ['forward', 'retryMaxMs'], type: 'int' },
  { key: 'FORWARD_IDLE_REPORT_SECONDS', path: ['forward', 'idleReportSeconds'], type: 'int' },
  { key: 'FORWARD_REQUEST_TIMEOUT_MS', path: ['forward', 'requestTimeoutMs'], type: 'int' },
  { key: 'CONFIG_PULL_SECONDS', path: ['configPullSeconds'], type: 'int' },
  { key: 'OFFICE_SILENCE_MINUTES', path: ['officeSilenceMinutes'], type: 'int' },
  { key: 'PUBLIC_BASE_URL', path: ['publicBaseUrl'], type: 'string' },
  { key: 'SURVEY_BASE_URL', path: ['surveyBaseUrl'], type: 'string' },
  { key: 'INVITATION_TTL_DAYS', path: ['invitations', 'ttlDays'], type: 'int' },
  { key: 'PUBLIC_RATE_WINDOW_SECONDS', path: ['invitations', 'rateWindowSeconds'], type: 'int' },
  { key: 'PUBLIC_RATE_MAX', path: ['invitations', 'rateMax'], type: 'int' },
  { key: 'PUBLIC_MAX_BODY_BYTES', path: ['invitations', 'maxBodyBytes'], type: 'int' },
  { key: 'PUBLIC_GUESS_WINDOW_SECONDS', path: ['invitations', 'guessWindowSeconds'], type: 'int' },
  { key: 'PUBLIC_GUESS_MAX', path: ['invitations', 'guessMax'], type: 'int' },
  { key: 'INVITATION_CODE_TIMEOUT_MS', path: ['invitations', 'codeRegisterTimeoutMs'], type: 'int' },
  { key: 'DEVICE_SILENCE_MINUTES', path: ['deviceSilenceMinutes'], type: 'int' },
  { key: 'HEARTBEAT_RETENTION_DAYS', path: ['heartbeatRetentionDays'], type: 'int' },
  ...STORAGE_ENV_BINDINGS,
];

/** `HUB_CONFIG` names a JSON file; environment variables override what it says. */
export function readHubConfig(env: Record<string, string | undefined>): ConfigResult<HubConfig> {
  const result = loadConfig(hubConfigSchema, { env, file: env.HUB_CONFIG ?? null, bindings: ENV_BINDINGS });
  if (!result.ok) return result;
  const dataDir = path.resolve(result.value.dataDir);
  const fileName = result.value.role === 'central' ? 'central.sqlite' : `office-${result.value.officeId}.sqlite`;
  return { ok: true, value: { ...result.value, dataDir, databaseFile: path.join(dataDir, fileName) } };
}
