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

/** The response_day rollup (response-day.ts): migration 0018 backfills it from the responses already stored, and its trigger keeps it in step. */
const dir = mkdtempSync(path.join(tmpdir(), 'rollup-'));
const migrations = path.join(dir, 'migrations');
mkdirSync(migrations);
const db = new Database(path.join(dir, 'hub.sqlite'));
afterAll(() => db.close());

interface ResponseRow {
  office_id: string;
  born_at: number;
  csat1: number | null;
  csat2: number | null;
  csat3: number | null;
  ces: number | null;
  nps: number | null;
}

// Counted here in TypeScript from the rows, not by the migration's SQL, so the two are independent.
function fromResponses(): Record<string, number | string>[] {
  const rows = db.prepare('SELECT office_id, born_at, csat1, csat2, csat3, ces, nps FROM response').all() as ResponseRow[];
  const days = new Map<string, Record<string, number | string>>();
  for (const r of rows) {
    const day = Math.floor((r.born_at + 3 * 3600_000) / 86_400_000);
    const key = `${r.office_id} ${String(day).padStart(8, '0')}`;
    let cell = days.get(key);
    if (!cell) {
      cell = { office_id: r.office_id, day, responses: 0 };
      days.set(key, cell);
    }
    cell.responses = (cell.responses as number) + 1;
    for (const q of ['csat1', 'csat2', 'csat3', 'ces', 'nps'] as const) {
      const score = r[q];
      if (score !== null) cell[`${q}_${score}`] = ((cell[`${q}_${score}`] as number | undefined) ?? 0) + 1;
    }
  }
  return [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, cell]) => cell);
}

// The rollup's rows with the zero counters left out, to compare with fromResponses().
const rollup = (): Record<string, number | string>[] =>
  (db.prepare('SELECT * FROM response_day ORDER BY office_id, day').all() as Record<string, number | string>[]).map((row) =>
    Object.fromEntries(Object.entries(row).filter(([, v]) => v !== 0)),
  );

describe('response_day rollup (migration 0018)', () => {
  it('is backfilled from responses stored before the migration', () => {
    const files = readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith('.sql')).sort();
    const before = files.filter((f) => f < '0018');
    expect(before).toHaveLength(17);
    for (const f of before) copyFileSync(path.join(defaultMigrationsDir(), f), path.join(migrations, f));
    migrate(db, migrations);
    seedOfficesOnSqlite(db);
    const store = createRecordStore(db);
    const responses = knownAnswerRecords().filter((r) => r.kind === 'response');
    for (const r of responses.slice(0, 4)) store.insert(r, Date.parse(r.bornAt));
    for (const f of files.filter((f) => f >= '0018')) copyFileSync(path.join(defaultMigrationsDir(), f), path.join(migrations, f));
    migrate(db, migrations);
    expect(rollup()).toEqual(fromResponses());
    expect(rollup().length).toBeGreaterThan(2);
  });

  it('counts each newly stored response once, partial ones too; a resend counts nothing', () => {
    const store = createRecordStore(db);
    const records = knownAnswerRecords();
    for (const r of records) store.insert(r, Date.parse(r.bornAt));
    const response = records.find((r) => r.kind === 'response')!;
    expect(store.insert(response, Date.parse(response.bornAt))).toBe('duplicate');
    expect(rollup()).toEqual(fromResponses());
    expect(db.prepare('SELECT sum(responses) AS n FROM response_day').get()).toEqual(db.prepare('SELECT count(*) AS n FROM response').get());
  });
});
