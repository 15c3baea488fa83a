import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { defaultMigrationsDir } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { knownAnswerRecords } from '../../test/support/known-answer-fixture.ts';

/** The press_day rollup (press-day.ts): migration 0005 backfills it from the presses already stored, and its trigger keeps it in step. */
const dir = mkdtempSync(path.join(tmpdir(), 'rollup-'));
const migrations = path.join(dir, 'migrations');
mkdirSync(migrations);
const db = new Database(path.join(dir, 'hub.sqlite'));
afterAll(() => db.close());

const fromPresses = () =>
  db
    .prepare('SELECT office_id, (born_at + 10800000) / 86400000 AS day, score, suppressed IS NOT NULL AS suppressed, count(*) AS presses FROM press GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4')
    .all();
const rollup = () => db.prepare('SELECT office_id, day, score, suppressed, presses FROM press_day ORDER BY 1, 2, 3, 4').all();

describe('press_day rollup (migration 0005)', () => {
  it('is backfilled from presses stored before the migration', () => {
    const files = readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith('.sql')).sort();
    const before = files.filter((f) => f < '0005');
    expect(before).toHaveLength(4);
    for (const f of before) copyFileSync(path.join(defaultMigrationsDir(), f), path.join(migrations, f));
    migrate(db, migrations);
    seedOfficesOnSqlite(db);
    // Written as the schema of that time held them (with the body hash dropped by 0013).
    const insertThen = db.prepare(`INSERT INTO press (id, office_id, device_id, panel_id, desk, seq, button, score, suppressed, born_at, received_at, body_hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, x'00')`);
    for (const r of knownAnswerRecords()) {
      if (r.kind === 'press') insertThen.run(r.id, r.officeId, r.deviceId, r.panelId, r.desk, r.seq, r.button, r.score, r.suppressed, Date.parse(r.bornAt), Date.parse(r.bornAt));
    }
    for (const f of files.filter((f) => f >= '0005')) copyFileSync(path.join(defaultMigrationsDir(), f), path.join(migrations, f));
    migrate(db, migrations);
    expect(rollup()).toEqual(fromPresses());
    expect(rollup().length).toBeGreaterThan(5);
  });

  it('counts each newly stored press once; a resend counts nothing', () => {
    const store = createRecordStore(db);
    const records = knownAnswerRecords();
    for (const r of records) store.insert(r, Date.parse(r.bornAt));
    const first = records[0]!;
    expect(store.insert(first, Date.parse(first.bornAt))).toBe('duplicate');
    expect(rollup()).toEqual(fromPresses());
  });
});
