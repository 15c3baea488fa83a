import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';

/** Migration 0020 rebuilds the outbox to take survey answers: queued rows, their seqs and the counter survive. */
describe('migration 0020: the outbox rebuilt', () => {
  it('keeps queued rows and never hands out a seq twice', () => {
    const all = path.join(import.meta.dirname, '..', 'migrations');
    const before = mkdtempSync(path.join(tmpdir(), 'mig-0019-'));
    for (const file of readdirSync(all).filter((f) => f < '0020')) copyFileSync(path.join(all, file), path.join(before, file));
    const db = new Database(':memory:');
    migrate(db, before);
    db.prepare("INSERT INTO outbox (kind, record_id) VALUES ('press', 'a'), ('press', 'b'), ('press', 'c')").run();
    db.prepare("DELETE FROM outbox WHERE record_id IN ('b', 'c')").run();
    migrate(db, all);
    expect(db.prepare('SELECT seq, kind, record_id FROM outbox').all()).toEqual([{ seq: 1, kind: 'press', record_id: 'a' }]);
    db.prepare("INSERT INTO outbox (kind, record_id) VALUES ('survey-answer', 'd')").run();
    expect(db.prepare("SELECT seq FROM outbox WHERE record_id = 'd'").pluck().get()).toBe(4);
    // 0019's register events are still taken after 0020's rebuild.
    db.prepare("INSERT INTO outbox (kind, record_id) VALUES ('register-event', 'r')").run();
    expect(() => db.prepare("INSERT INTO outbox (kind, record_id) VALUES ('other', 'e')").run()).toThrow();
  });
});
