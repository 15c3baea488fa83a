import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MigrationMismatchError, readMigrations } from './migrate.ts';
import { DatabaseRefusedError, defaultMigrationsDir, openDatabase } from './open.ts';

const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'hubdb-')), 'hub.sqlite');

describe('openDatabase', () => {
  it('creates the file, applies every migration, sets WAL and synchronous=FULL', () => {
    const file = tempFile();
    const { db, migrations } = openDatabase(file);
    expect(migrations.applied).toEqual(readMigrations(defaultMigrationsDir()).map((m) => m.name));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    db.close();
  });

  it('starting twice changes nothing', () => {
    const file = tempFile();
    openDatabase(file).db.close();
    const second = openDatabase(file);
    expect(second.migrations.applied).toEqual([]);
    const rows = second.db.prepare('SELECT count(*) AS n FROM schema_migration').get() as { n: number };
    expect(rows.n).toBe(second.migrations.version);
    second.db.close();
  });

  it('refuses a file that is not a database, and leaves it as it was', () => {
    const file = tempFile();
    writeFileSync(file, 'это не база, а список покупок\n'.repeat(100));
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(DatabaseRefusedError);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database from a newer version of the program', () => {
    const file = tempFile();
    const { db } = openDatabase(file);
    db.prepare('INSERT INTO schema_migration (number, name, applied_at) VALUES (?, ?, ?)').run(999, '0999_future.sql', 0);
    db.close();
    expect(() => openDatabase(file)).toThrow(/более новой версией/);
  });

  it('refuses when an applied migration was renamed', () => {
    const file = tempFile();
    const { db } = openDatabase(file);
    db.prepare("UPDATE schema_migration SET name = '0001_renamed.sql' WHERE number = 1").run();
    db.close();
    expect(() => openDatabase(file)).toThrow(MigrationMismatchError);
  });

  it('refuses a corrupted database (quick_check fails) without touching it', () => {
    const file = tempFile();
    const db = new Database(file);
    db.pragma('page_size = 4096');
    db.exec('CREATE TABLE t (x TEXT); CREATE INDEX t_x ON t (x);');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`строка ${i} `.repeat(5));
    })();
    db.close();
    // Scribble over the middle pages, keeping the header valid.
    const bytes = readFileSync(file);
    for (let i = 4096 * 3; i < 4096 * 6; i++) bytes[i] = (i * 7) & 0xff;
    writeFileSync(file, bytes);
    expect(() => openDatabase(file)).toThrow();
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('applies pending migrations in one transaction: a failing one leaves the schema as it was', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mig-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '0001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(path.join(dir, '0002_b.sql'), 'CREATE TABLE b (x INTEGER); THIS IS NOT SQL;');
    const file = tempFile();
    expect(() => openDatabase(file, dir)).toThrow();
    const db = new Database(file);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('a', 'b')").all()).toEqual([]);
    db.close();
  });
});
