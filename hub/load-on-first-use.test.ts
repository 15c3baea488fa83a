import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The packages a process has loaded after importing `hub/server.ts`, read from a real node process. */
function packagesLoadedAtStart(): string[] {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(path.join(ROOT, 'hub/server.ts'))});
    const names = Object.keys(createRequire(import.meta.url).cache).map((file) => /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(file)?.[1]);
    console.log(JSON.stringify([...new Set(names.filter(Boolean))]));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

describe('libraries an office hub does not need are not loaded at start', () => {
  it('exceljs, qrcode and pg stay out of a started hub until first used', { timeout: 60_000 }, () => {
    const loaded = packagesLoadedAtStart();
    expect(loaded).toContain('better-sqlite3'); // the probe itself works
    expect(loaded.filter((name) => ['exceljs', 'qrcode', 'pg'].includes(name))).toEqual([]);
  });
});
