import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDir, openDatabase } from './open.ts';

/**
 * 0019_register rebuilds two tables to widen their CHECKs (the outbox takes register events, a
 * user may hold the role «info»). Rows written under 0018 must come through unchanged, and the
 * outbox's seq must keep counting up from where it was (the sender's order).
 */
describe('migration 0019_register', () => {
  it('keeps queued records in order and every role grant, and widens both tables', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mig19-'));
    const old = path.join(dir, 'migrations-0018');
    mkdirSync(old);
    for (const f of readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith('.sql') && f < '0019')) copyFileSync(path.join(defaultMigrationsDir(), f), path.join(old, f));
    const file = path.join(dir, 'hub.sqlite');
    const before = openDatabase(file, old).db;
    before.prepare("INSERT INTO outbox (kind, record_id) VALUES ('press', 'a'), ('response', 'b'), ('heartbeat', 'c')").run();
    before.prepare("DELETE FROM outbox WHERE record_id = 'c'").run();
    before.prepare("INSERT INTO staff_user (id, login, display_name, created_at) VALUES (1, 'head', 'Начальник', 0)").run();
    before.prepare("INSERT INTO staff_role (user_id, role, office_id) VALUES (1, 'office-head', 'sharya'), (1, 'aho', '')").run();
    expect(() => before.prepare("INSERT INTO outbox (kind, record_id) VALUES ('register-event', 'x')").run()).toThrow(/CHECK/);
    before.close();

    const { db, migrations } = openDatabase(file);
    expect(migrations.applied[0]).toBe('0019_register.sql');
    expect(db.prepare('SELECT seq, kind, record_id FROM outbox ORDER BY seq').all()).toEqual([
      { seq: 1, kind: 'press', record_id: 'a' },
      { seq: 2, kind: 'response', record_id: 'b' },
    ]);
    db.prepare("INSERT INTO outbox (kind, record_id) VALUES ('register-event', 'x')").run();
    // AUTOINCREMENT: seq 3 was used before (then deleted) and is never handed out again.
    expect(db.prepare("SELECT seq FROM outbox WHERE record_id = 'x'").pluck().get()).toBe(4);
    expect(db.prepare('SELECT role, office_id FROM staff_role ORDER BY role').all()).toEqual([
      { role: 'aho', office_id: '' },
      { role: 'office-head', office_id: 'sharya' },
    ]);
    db.prepare("INSERT INTO staff_role (user_id, role, office_id) VALUES (1, 'info', '')").run();
    expect(() => db.prepare("INSERT INTO staff_role (user_id, role, office_id) VALUES (1, 'nobody', '')").run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM staff_user WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM staff_role').pluck().get()).toBe(0);
    db.close();
  });
});
