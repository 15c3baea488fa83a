import { statfs } from 'node:fs/promises';
import type { Logger } from './logger.ts';
import { judgeFreeSpace, storageLines, type StorageConfig, type StorageReport, type StorageState } from './storage.ts';
import { describeStorage } from './storage-words.ts';
import { toInstant, type Clock } from './time.ts';

/**
 * Watches the free space of a data folder with the operating system's own figures (statfs), every
 * `checkSeconds` and after a write failed, so a full disk is seen before it bites and at once when
 * it does. Used by every hub and by the panel driver; each passes its own advice on what can be
 * tidied (nothing here deletes anything: presses and answers are never what makes room).
 */
export interface StorageWatch {
  /** The latest report (no I/O). */
  report(): StorageReport;
  /** Measures now; resolves with the new report. */
  check(): Promise<StorageReport>;
  /**
   * A write threw: when it was for lack of space, the state turns critical at once, a measurement
   * follows, and true is returned (the caller counts it as such). Other failures are not the disk's.
   */
  noteWriteFailure(error: unknown): boolean;
  /** A write succeeded: whatever failed before, the disk takes writes again. */
  noteWriteOk(): void;
  /** Called after every change of state (not of free bytes alone); returns the way to stop listening. */
  onChange(listener: (report: StorageReport, previous: StorageState) => void): () => void;
  stop(): void;
}

export interface FreeSpace {
  freeBytes: number;
  totalBytes: number;
}

export interface StorageWatchOptions {
  dir: string;
  config: StorageConfig;
  clock: Clock;
  logger: Logger;
  /** Russian: what can be tidied to make room, named in the warning. */
  advice: string;
  /** Tests inject a file system; otherwise statfs of `dir`. */
  measure?: (dir: string) => Promise<FreeSpace>;
}

/** SQLite says SQLITE_FULL (better-sqlite3's `code`); Node's file calls ENOSPC, or EDQUOT over a quota. */
export function isNoSpaceError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT';
}

async function statfsFreeSpace(dir: string): Promise<FreeSpace> {
  const s = await statfs(dir);
  // bavail, not bfree: what an unprivileged writer may still use (ext4 keeps 5 % for root).
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
}

/** A failed write is forgotten once this much more space is free than at the failure (or a write succeeds). */
const RECOVERY_MARGIN_BYTES = 1024 * 1024;

export function startStorageWatch(options: StorageWatchOptions): StorageWatch {
  const { config, clock, logger } = options;
  const measure = options.measure ?? statfsFreeSpace;
  let space: FreeSpace | null = null;
  let checkedAt: number | null = null;
  let failed: { at: number; freeBytes: number | null } | null = null;
  let state: StorageState = 'ok';
  const listeners: ((report: StorageReport, previous: StorageState) => void)[] = [];
  let running: Promise<StorageReport> | null = null;

  function report(): StorageReport {
    const lines = storageLines(config, space?.totalBytes ?? null);
    return {
      state,
      freeBytes: space?.freeBytes ?? null,
      totalBytes: space?.totalBytes ?? null,
      ...lines,
      checkedAt: checkedAt === null ? null : toInstant(checkedAt),
      writeFailedAt: failed === null ? null : toInstant(failed.at),
    };
  }

  function settle(): void {
    const lines = storageLines(config, space?.totalBytes ?? null);
    const byFree = space === null ? 'ok' : judgeFreeSpace(space.freeBytes, lines);
    const next: StorageState = failed !== null ? 'critical' : byFree;
    if (next === state) return;
    const previous = state;
    state = next;
    const now = report();
    const fields = { dir: options.dir, freeBytes: now.freeBytes, totalBytes: now.totalBytes, warnBelowBytes: now.warnBelowBytes, criticalBelowBytes: now.criticalBelowBytes };
    if (next === 'ok') logger.info(fields, `data folder: ${describeStorage(now)}`);
    else if (next === 'warning') logger.warn({ ...fields, advice: options.advice }, `data folder: ${describeStorage(now)}. ${options.advice}`);
    else logger.error({ ...fields, advice: options.advice, writeFailedAt: now.writeFailedAt }, `data folder: ${describeStorage(now)}. ${options.advice}`);
    for (const listener of listeners) {
      try {
        listener(now, previous);
      } catch (error) {
        logger.error({ err: error }, 'storage listener failed');
      }
    }
  }

  async function measureOnce(): Promise<StorageReport> {
    try {
      space = await measure(options.dir);
      checkedAt = clock();
      if (failed !== null && failed.freeBytes !== null && space.freeBytes >= failed.freeBytes + RECOVERY_MARGIN_BYTES) failed = null;
    } catch (error) {
      logger.warn({ err: error, dir: options.dir }, 'free space of the data folder could not be measured');
    }
    settle();
    return report();
  }

  function check(): Promise<StorageReport> {
    running ??= measureOnce().finally(() => (running = null));
    return running;
  }

  const timer = setInterval(() => void check(), Math.round(config.checkSeconds * 1000));
  timer.unref();
  void check();

  return {
    report,
    check,
    noteWriteFailure(error) {
      if (!isNoSpaceError(error)) return false;
      if (failed === null) failed = { at: clock(), freeBytes: null };
      settle();
      // The free space at the failure is what recovery is measured against: take it now.
      void check().then(() => {
        if (failed !== null && failed.freeBytes === null) failed = { ...failed, freeBytes: space?.freeBytes ?? null };
      });
      return true;
    },
    noteWriteOk() {
      if (failed === null && state !== 'critical') return;
      // Whatever failed before, the disk takes writes now; the last figures may be old, so measure.
      failed = null;
      settle();
      void check();
    },
    onChange(listener) {
      listeners.push(listener);
      return () => {
        const at = listeners.indexOf(listener);
        if (at >= 0) listeners.splice(at, 1);
      };
    },
    stop() {
      clearInterval(timer);
    },
  };
}
