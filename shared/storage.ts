import { z } from './zod.ts';
import { instantSchema } from './time.ts';
import type { EnvBinding } from './config-loader.ts';

/**
 * The free space of a component's data folder, as hubs and the panel driver report it: on /health,
 * in the driver's heartbeat, in an office hub's forward envelope, on the АХО board. Pure data, no
 * I/O: the watching itself is shared/storage-watch.ts.
 *
 * - ok: free space above the warning line;
 * - warning: below it (default the larger of 1 GB and 5 % of the file system): time to tidy up;
 * - critical: below the second line, or a write has just failed for lack of space.
 */
export const storageStateSchema = z.enum(['ok', 'warning', 'critical']);
export type StorageState = z.infer<typeof storageStateSchema>;

export const storageReportSchema = z.strictObject({
  state: storageStateSchema,
  /** Bytes the component may still write (statfs `bavail`); null before the first measurement or when it failed. */
  freeBytes: z.number().int().min(0).nullable(),
  totalBytes: z.number().int().min(0).nullable(),
  warnBelowBytes: z.number().int().min(0),
  criticalBelowBytes: z.number().int().min(0),
  checkedAt: instantSchema.nullable(),
  /** A write failed for lack of space at this moment and none has succeeded since: writes are being refused. */
  writeFailedAt: instantSchema.nullable(),
});
export type StorageReport = z.infer<typeof storageReportSchema>;

const MB = 1024 * 1024;

/**
 * The watermarks as each component's config.ts reads them (megabytes and per cent of the file
 * system; the larger of the two applies), and how often to look. Defaults: warning below the larger
 * of 1 GB and 5 %, critical below the larger of 256 MB and 1 %, checked every minute.
 */
export const storageConfigSchema = z
  .strictObject({
    warnMb: z.number().int().min(0).max(10_000_000).default(1024),
    warnPercent: z.number().min(0).max(50).default(5),
    criticalMb: z.number().int().min(0).max(10_000_000).default(256),
    criticalPercent: z.number().min(0).max(50).default(1),
    /** Fractions of a second are for tests. */
    checkSeconds: z.number().min(0.05).max(3600).default(60),
  })
  .refine((c) => c.criticalMb <= c.warnMb && c.criticalPercent <= c.warnPercent, { message: 'критический порог не может быть выше предупреждающего', path: ['criticalMb'] });
export type StorageConfig = z.infer<typeof storageConfigSchema>;

/** The same variables for every hub and the driver (their config.ts list them with their own). */
export const STORAGE_ENV_BINDINGS: readonly EnvBinding[] = [
  { key: 'STORAGE_WARN_MB', path: ['storage', 'warnMb'], type: 'int' },
  { key: 'STORAGE_WARN_PERCENT', path: ['storage', 'warnPercent'], type: 'int' },
  { key: 'STORAGE_CRITICAL_MB', path: ['storage', 'criticalMb'], type: 'int' },
  { key: 'STORAGE_CRITICAL_PERCENT', path: ['storage', 'criticalPercent'], type: 'int' },
  { key: 'STORAGE_CHECK_SECONDS', path: ['storage', 'checkSeconds'], type: 'int' },
];

/** The two lines in bytes for a file system of `totalBytes`. */
export function storageLines(config: StorageConfig, totalBytes: number | null): { warnBelowBytes: number; criticalBelowBytes: number } {
  const total = totalBytes ?? 0;
  return {
    warnBelowBytes: Math.round(Math.max(config.warnMb * MB, (total * config.warnPercent) / 100)),
    criticalBelowBytes: Math.round(Math.max(config.criticalMb * MB, (total * config.criticalPercent) / 100)),
  };
}

/** The state by the free space alone; a failed write makes it critical whatever this says. */
export function judgeFreeSpace(freeBytes: number, lines: { warnBelowBytes: number; criticalBelowBytes: number }): StorageState {
  if (freeBytes < lines.criticalBelowBytes) return 'critical';
  if (freeBytes < lines.warnBelowBytes) return 'warning';
  return 'ok';
}

