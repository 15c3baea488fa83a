import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { HubConfig } from '../config.ts';
import type { Db } from '../db/open.ts';

/**
 * `backup <folder> [--keep N]`: a consistent copy of the hub's database while the hub runs.
 * `VACUUM INTO` reads one snapshot (WAL readers do not block the hub's writes) and writes a
 * compact file; it is written under a temporary name, checked, synced and only then renamed, so a
 * file named like a backup is always a whole one. The oldest copies beyond `--keep` (14) go.
 */
const STAMP = /^(.+)-(\d{8}T\d{6}\.\d{3}Z)\.sqlite$/;

export function backupCommand(db: Db, config: HubConfig, argv: string[], now = new Date()): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { keep: { type: 'string' } } });
  const folder = positionals[0];
  if (!folder) return fail('укажите папку для копий: npm run hub -- backup /var/backups/czn-feedback [--keep 14]');
  const keep = values.keep === undefined ? 14 : Number(values.keep);
  if (!Number.isInteger(keep) || keep < 1 || keep > 1000) return fail('--keep: целое число копий от 1 до 1000');

  const base = path.basename(config.databaseFile, '.sqlite');
  const stamp = now.toISOString().replace(/[-:]/g, '');
  const target = path.join(folder, `${base}-${stamp}.sqlite`);
  const partial = `${target}.partial`;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o750 });
    if (existsSync(target)) return fail(`копия ${target} уже есть`);
    rmSync(partial, { force: true });
    db.prepare('VACUUM INTO ?').run(partial);
    const check = verify(partial);
    if (check !== 'ok') {
      rmSync(partial, { force: true });
      return fail(`копия не прошла проверку целостности: ${check}`);
    }
    syncFile(partial);
    renameSync(partial, target);
    syncFile(folder);
  } catch (error) {
    removeQuietly(partial);
    return fail(`копия не сделана: ${(error as Error).message}`);
  }
  const removed = pruneOld(folder, base, keep);
  console.log(`Копия базы: ${target}${removed.length > 0 ? `; удалены старые: ${removed.join(', ')}` : ''}`);
  // A central on PostgreSQL keeps its tables and records there; this file holds only what waits to be copied to it.
  if (config.databaseUrl) console.log('Таблицы и оценки центрального сборщика хранятся в PostgreSQL: их копию делают pg_dump или pg_basebackup (docs/central-postgres.md, «Backup»).');
  return 0;
}

function verify(file: string): string {
  const copy = new Database(file, { readonly: true });
  try {
    return String(copy.pragma('integrity_check', { simple: true }));
  } finally {
    copy.close();
  }
}

function syncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** This database's copies, newest first by the time in their names; those beyond `keep` are deleted. */
function pruneOld(folder: string, base: string, keep: number): string[] {
  const copies = readdirSync(folder)
    .map((name) => ({ name, match: STAMP.exec(name) }))
    .filter((c) => c.match?.[1] === base)
    .sort((a, b) => (a.match![2]! < b.match![2]! ? 1 : -1));
  const old = copies.slice(keep).map((c) => c.name);
  for (const name of old) rmSync(path.join(folder, name), { force: true });
  return old;
}

/** Cleanup after a failure must not hide the failure (the folder may not even exist). */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // nothing was written there
  }
}

function fail(message: string): number {
  console.error(message);
  return 1;
}
