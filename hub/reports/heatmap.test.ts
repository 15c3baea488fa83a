import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import { moscowMidnight, parsePeriodKey } from '../../shared/periods.ts';
import { toInstant } from '../../shared/time.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openDatabase } from '../db/open.ts';
import { readOffices } from '../db/offices.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { panelHeatmap } from './heatmap.ts';
import { sqliteRecordSource } from './record-source.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { REGION } from './scope.ts';

const FIXTURE_WEEK_PERIOD = (parsePeriodKey('2026-W48') as { ok: true; value: { start: number; end: number } }).value;

function fixtureDb(presses: { at: number; score: number; suppressed?: boolean }[]) {
  const { db } = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'heatmap-')), 'hub.sqlite'));
  seedOfficesOnSqlite(db);
  const store = createRecordStore(db);
  for (const p of presses) {
    store.insert(
      { kind: 'press', id: newRecordId(), officeId: 'sharya', deviceId: 'd', bornAt: toInstant(p.at), channel: 'panel', panelId: 'p1', desk: null, seq: null, button: String(p.score), score: p.score, suppressed: p.suppressed ? 'too-soon' : null },
      p.at + 1000,
    );
  }
  return db;
}

describe('panel heat map', () => {
  it('puts each counted press in its Moscow weekday and hour, averaging with the shared formula', async () => {
    const db = fixtureDb([
      // Monday 23 Nov 2026, 09:10 and 09:50 Moscow: scores 1 and 4; a suppressed 5 is left out.
      { at: moscowMidnight(2026, 11, 23) + 9 * 3_600_000 + 10 * 60_000, score: 1 },
      { at: moscowMidnight(2026, 11, 23) + 9 * 3_600_000 + 50 * 60_000, score: 4 },
      { at: moscowMidnight(2026, 11, 23) + 9 * 3_600_000 + 51 * 60_000, score: 5, suppressed: true },
      // Sunday 29 Nov 2026, 23:59 Moscow (20:59 UTC): weekday 7, hour 23.
      { at: moscowMidnight(2026, 11, 29) + 23 * 3_600_000 + 59 * 60_000, score: 5 },
      // Monday 30 Nov, outside the week.
      { at: moscowMidnight(2026, 11, 30) + 10 * 3_600_000, score: 1 },
    ]);
    expect(await panelHeatmap(sqlOverSqlite(db), sqliteRecordSource(db), await readOffices(sqlOverSqlite(db)), FIXTURE_WEEK_PERIOD, REGION)).toEqual({
      n: 3,
      cells: [
        { weekday: 1, hour: 9, n: 2, value: 2.5 },
        { weekday: 7, hour: 23, n: 1, value: 5 },
      ],
    });
  });
});
