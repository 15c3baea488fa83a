import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { storageConfigSchema } from './storage.ts';
import { formatBytes, describeStorage } from './storage-words.ts';
import { isNoSpaceError, startStorageWatch, type StorageWatch } from './storage-watch.ts';

const MB = 1024 * 1024;
const logger = createLogger('test', { level: 'silent', pretty: false });
let watch: StorageWatch | null = null;
afterEach(() => watch?.stop());

function watchOf(fs: { free: number; total: number }, config = {}) {
  watch = startStorageWatch({
    dir: '/data',
    config: storageConfigSchema.parse({ checkSeconds: 3600, ...config }),
    clock: () => Date.parse('2026-12-05T10:00:00.000Z'),
    logger,
    advice: 'удалите старое',
    measure: async () => ({ freeBytes: fs.free, totalBytes: fs.total }),
  });
  return watch;
}

describe('storage watermarks', () => {
  it('defaults: warning below the larger of 1 GB and 5 %, critical below the larger of 256 MB and 1 %', async () => {
    const fs = { free: 2000 * MB, total: 10_000 * MB };
    const w = watchOf(fs);
    expect(await w.check()).toMatchObject({ state: 'ok', warnBelowBytes: 1024 * MB, criticalBelowBytes: 256 * MB });
    fs.total = 100_000 * MB; // 5 % is 5,000 MB now
    expect((await w.check()).state).toBe('warning');
    fs.free = 900 * MB; // 1 % is 1,000 MB
    expect((await w.check()).state).toBe('critical');
    fs.free = 10_000 * MB;
    expect((await w.check()).state).toBe('ok');
  });

  it('a write failed for lack of space: critical at once, until the space grows or a write succeeds', async () => {
    const fs = { free: 50 * MB, total: 100 * MB };
    const w = watchOf(fs, { warnMb: 4, criticalMb: 1, warnPercent: 0, criticalPercent: 0 });
    await w.check();
    const changes: string[] = [];
    w.onChange((r, previous) => changes.push(`${previous}→${r.state}`));
    expect(w.noteWriteFailure(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
    expect(w.report()).toMatchObject({ state: 'critical', writeFailedAt: '2026-12-05T10:00:00.000Z' });
    await w.check();
    expect(w.report().state).toBe('critical'); // the figures say nothing new: the failure stands
    fs.free = 60 * MB;
    expect((await w.check()).state).toBe('ok');
    w.noteWriteFailure(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    w.noteWriteOk();
    expect(w.report()).toMatchObject({ state: 'ok', writeFailedAt: null });
    expect(changes).toEqual(['ok→critical', 'critical→ok', 'ok→critical', 'critical→ok']);
  });

  it('other failures are not the disk’s', () => {
    const w = watchOf({ free: 50 * MB, total: 100 * MB });
    expect(w.noteWriteFailure(Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isNoSpaceError(new Error('x'))).toBe(false);
    expect(w.report().state).toBe('ok');
  });

  it('refuses a critical line above the warning line', () => {
    expect(storageConfigSchema.safeParse({ warnMb: 10, criticalMb: 20 }).success).toBe(false);
  });

  it('speaks Russian to people', () => {
    expect(formatBytes(1536 * MB)).toBe('1,5 ГБ');
    expect(formatBytes(0)).toBe('0 Б');
    expect(
      describeStorage({ state: 'critical', freeBytes: 0, totalBytes: 16 * MB, warnBelowBytes: 4 * MB, criticalBelowBytes: MB, checkedAt: null, writeFailedAt: '2026-12-05T10:00:00.000Z' }),
    ).toBe('диск заполнен: свободно 0 Б из 16 МБ, запись не удаётся');
  });
});
