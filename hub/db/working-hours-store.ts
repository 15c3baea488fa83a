import { workingHoursSchema } from '../../shared/protocol/regional-config.ts';
import type { WorkingHours } from '../../shared/working-hours.ts';
import { queryable, type Queryable } from '../sql/queryable.ts';
import { newestLoadWins } from './newest-load.ts';

/**
 * The working hours in force (Moscow time): on the central, its configuration's (recorded here at
 * start, so a change makes a new regional revision); on an office hub with a central, the ones the
 * central handed down; else the hub's own configuration. Kept under one key of the `setting` table
 * (on CentralSql, hub/sql/), and in memory: the board and the silence watch read them synchronously.
 * The memory is filled by `load` at start (startHub) and again after every transaction that wrote
 * the value, committed or rolled back, so it holds what the database holds.
 */
const KEY = 'working-hours';

export interface WorkingHoursStore {
  current(): WorkingHours;
  /** The stored value, null when none was stored yet. */
  stored(): WorkingHours | null;
  /** Writes through `sql` (the open transaction of the change); the memory follows at the next `load`. */
  replace(sql: Queryable, hours: WorkingHours, actor: string, now: number): Promise<void>;
  /** Reads the stored value into memory: at start, and after a transaction that wrote it ended. */
  load(sql: Queryable): Promise<void>;
}

export class SettingNotLoadedError extends Error {
  override name = 'SettingNotLoadedError';
}

export function createWorkingHoursStore(configured: WorkingHours): WorkingHoursStore {
  let loaded: { value: WorkingHours | null } | null = null;
  const load = newestLoadWins();
  return {
    stored() {
      if (loaded === null) throw new SettingNotLoadedError('часы работы ещё не прочитаны из базы (load при запуске хаба)');
      return loaded.value;
    },
    current() {
      return this.stored() ?? configured;
    },
    async replace(sql, hours, actor, now) {
      await writeSetting(sql, KEY, JSON.stringify({ start: hours.start, end: hours.end, days: [...hours.days] }), actor, now);
    },
    load: (sql) =>
      load(
        () => readSetting(sql, KEY),
        (row) => {
          const parsed = row === null ? null : workingHoursSchema.safeParse(JSON.parse(row.value));
          loaded = { value: parsed?.success ? parsed.data : null };
        },
      ),
  };
}

export async function readSetting(sql: Queryable, key: string): Promise<{ value: string; updatedAt: number; updatedBy: string } | null> {
  const row = await queryable(sql).selectFrom('setting').select(['value', 'updated_at', 'updated_by']).where('key', '=', key).executeTakeFirst();
  return row ? { value: row.value, updatedAt: row.updated_at, updatedBy: row.updated_by } : null;
}

export async function writeSetting(sql: Queryable, key: string, value: string, actor: string, now: number): Promise<void> {
  await queryable(sql)
    .insertInto('setting')
    .values({ key, value, updated_at: now, updated_by: actor })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at'), updated_by: eb.ref('excluded.updated_by') })))
    .execute();
}
