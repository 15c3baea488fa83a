import { workingHoursSchema } from '../../shared/protocol/regional-config.ts';
import type { WorkingHours } from '../../shared/working-hours.ts';
import type { Db } from './open.ts';

/**
 * The working hours in force (Moscow time): on the central, its configuration's (recorded here at
 * start, so a change makes a new regional revision); on an office hub with a central, the ones the
 * central handed down; else the hub's own configuration. Kept under one key of the `setting` table.
 */
const KEY = 'working-hours';

export interface WorkingHoursStore {
  current(): WorkingHours;
  /** The stored value, null when none was stored yet. */
  stored(): WorkingHours | null;
  replace(hours: WorkingHours, actor: string, now: number): void;
  /** Drops the cached value: the next read goes to the database (after a rolled-back transaction). */
  forget(): void;
}

export function createWorkingHoursStore(db: Db, configured: WorkingHours): WorkingHoursStore {
  let cached: WorkingHours | null | undefined;
  const read = (): WorkingHours | null => {
    const row = db.prepare('SELECT value FROM setting WHERE key = ?').get(KEY) as { value: string } | undefined;
    if (!row) return null;
    const parsed = workingHoursSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : null;
  };
  return {
    stored() {
      if (cached === undefined) cached = read();
      return cached;
    },
    current() {
      return this.stored() ?? configured;
    },
    replace(hours, actor, now) {
      db.prepare('INSERT INTO setting (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by').run(
        KEY,
        JSON.stringify({ start: hours.start, end: hours.end, days: [...hours.days] }),
        now,
        actor,
      );
      cached = undefined;
    },
    forget() {
      cached = undefined;
    },
  };
}
