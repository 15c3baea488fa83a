import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './temp-dirs.ts';

/**
 * A small file system of its own for a data folder, so a test can fill it to the brim: tmpfs,
 * mounted as root (sessions and CI run as root). Where that is impossible, `skip` says why and the
 * test is skipped with that reason. Unmount in afterAll, even when the test failed.
 */
export interface SmallDisk {
  dir: string;
  /** Writes zeros to a ballast file until the file system refuses (ENOSPC). */
  fill(): void;
  /** Deletes the ballast. */
  free(): void;
  unmount(): void;
}

export function mountSmallDisk(prefix: string, sizeMb: number): { ok: true; disk: SmallDisk } | { ok: false; skip: string } {
  if (process.getuid?.() !== 0) return { ok: false, skip: 'mounting a small tmpfs needs root (CI runs as root); this run is not root' };
  const dir = makeTempDir(prefix);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    return { ok: false, skip: `mount -t tmpfs failed (a container without CAP_SYS_ADMIN?): ${(error as Error).message.split('\n')[0]}` };
  }
  const ballast = path.join(dir, 'ballast');
  let mounted = true;
  return {
    ok: true,
    disk: {
      dir,
      fill() {
        const fd = openSync(ballast, 'a');
        const chunk = Buffer.alloc(64 * 1024);
        try {
          for (;;) writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        } finally {
          closeSync(fd);
        }
        // The last pages a 64 kB chunk did not fit in.
        const fd2 = openSync(ballast, 'a');
        try {
          for (;;) writeSync(fd2, Buffer.alloc(512));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        } finally {
          closeSync(fd2);
        }
      },
      free() {
        rmSync(ballast, { force: true });
      },
      unmount() {
        if (!mounted) return;
        mounted = false;
        // Lazy: a database a failed test left open must not keep the mount (and the next run) busy.
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      },
    },
  };
}
