import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOW_SCORE_RULES, type LowScoreRule } from '../../shared/alert-rules.ts';
import type { WorkingHours } from '../../shared/working-hours.ts';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { createAlertRuleStore } from './alert-rule-store.ts';
import { createWorkingHoursStore, SettingNotLoadedError } from './working-hours-store.ts';

/**
 * The settings staff change at run time (the `setting` table): the working hours and the low-score
 * alert rules, the same statements on SQLite and PostgreSQL. Read from memory, which `load` fills.
 */
afterAll(() => removeTempDirs());

const CONFIGURED_HOURS: WorkingHours = { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] };
const RULES: LowScoreRule[] = [
  { windowMinutes: 30, minPresses: 3, share: 0.5, maxScore: 1 },
  { windowMinutes: 60, minPresses: 10, share: 0.3, maxScore: 2 },
];

describe.each(BOTH_DATABASES)('the settings on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('are not read before they are loaded', () => {
    expect(() => createWorkingHoursStore(CONFIGURED_HOURS).current()).toThrow(SettingNotLoadedError);
    expect(() => createAlertRuleStore(DEFAULT_LOW_SCORE_RULES).current()).toThrow(SettingNotLoadedError);
  });

  it('default to the configuration while none is stored', async () => {
    const hours = createWorkingHoursStore(CONFIGURED_HOURS);
    await hours.load(opened.sql);
    expect(hours.stored()).toBeNull();
    expect(hours.current()).toEqual(CONFIGURED_HOURS);
    const rules = createAlertRuleStore(DEFAULT_LOW_SCORE_RULES);
    expect(await rules.load(opened.sql)).toEqual({ rules: DEFAULT_LOW_SCORE_RULES, source: 'config', updatedAt: null, updatedBy: null });
  });

  it('are saved, read back after the load, and replaced in place', async () => {
    const { sql } = opened;
    const hours = createWorkingHoursStore(CONFIGURED_HOURS);
    const rules = createAlertRuleStore(DEFAULT_LOW_SCORE_RULES);
    await hours.replace(sql, { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5, 6] }, 'центральный сборщик', 1000);
    await rules.replace(sql, RULES, 'cx.head', 2000);
    // The memory follows the database at the load, not at the write.
    await hours.load(sql);
    expect(hours.current()).toEqual({ start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5, 6] });
    expect(hours.stored()).toEqual(hours.current());
    expect(await rules.load(sql)).toEqual({ rules: RULES, source: 'staff', updatedAt: 2000, updatedBy: 'cx.head' });

    await rules.replace(sql, [RULES[1]!], 'cx.other', 3000);
    expect(rules.current().rules).toEqual(RULES);
    expect(await rules.load(sql)).toEqual({ rules: [RULES[1]], source: 'staff', updatedAt: 3000, updatedBy: 'cx.other' });
    // An empty list is a choice (no alerts), not "none stored".
    await rules.replace(sql, [], 'cx.other', 4000);
    expect(await rules.load(sql)).toMatchObject({ rules: [], source: 'staff' });
    // One row per key.
    expect(await sql.db.selectFrom('setting').select(['key', 'updated_by']).orderBy('key').execute()).toEqual([
      { key: 'low-score-alert-rules', updated_by: 'cx.other' },
      { key: 'working-hours', updated_by: 'центральный сборщик' },
    ]);
  });

  it('a write rolled back leaves the stored value, and the load after it says so', async () => {
    const { sql } = opened;
    const rules = createAlertRuleStore(DEFAULT_LOW_SCORE_RULES);
    await expect(
      sql.transaction(async (trx) => {
        await rules.replace(trx, RULES, 'cx.head', 5000);
        expect((await rules.load(trx)).rules).toEqual(RULES);
        throw new Error('отказ');
      }),
    ).rejects.toThrow('отказ');
    expect(await rules.load(sql)).toMatchObject({ rules: [], updatedAt: 4000 });
  });

  it('a stored value that no longer reads (a newer format) falls back to the configuration', async () => {
    const { sql } = opened;
    await sql.db.updateTable('setting').set({ value: JSON.stringify([{ window: '30m' }]) }).where('key', '=', 'low-score-alert-rules').execute();
    await sql.db.updateTable('setting').set({ value: JSON.stringify({ from: '09:00' }) }).where('key', '=', 'working-hours').execute();
    const rules = createAlertRuleStore(DEFAULT_LOW_SCORE_RULES);
    expect(await rules.load(sql)).toEqual({ rules: DEFAULT_LOW_SCORE_RULES, source: 'config', updatedAt: null, updatedBy: null });
    const hours = createWorkingHoursStore(CONFIGURED_HOURS);
    await hours.load(sql);
    expect(hours.stored()).toBeNull();
    expect(hours.current()).toEqual(CONFIGURED_HOURS);
  });
});
