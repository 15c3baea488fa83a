import { lowScoreRuleListSchema, type LowScoreRule } from '../../shared/alert-rules.ts';
import type { Db } from './open.ts';

/**
 * The low-score alert rules in force: the CX sector's own once it has saved some (the `setting`
 * table), else the hub configuration's default. Read on every checked batch, so a change applies to
 * the next press without a restart; the value is cached until the next save.
 */
const KEY = 'low-score-alert-rules';

export interface AlertRuleSet {
  rules: LowScoreRule[];
  /** 'config' until the CX sector saves its own. */
  source: 'config' | 'staff';
  updatedAt: number | null;
  updatedBy: string | null;
}

export interface AlertRuleStore {
  current(): AlertRuleSet;
  replace(rules: LowScoreRule[], actor: string, now: number): AlertRuleSet;
  /** Drops the cached value: the next read goes to the database (after a rolled-back transaction). */
  forget(): void;
}

export function createAlertRuleStore(db: Db, configured: readonly LowScoreRule[]): AlertRuleStore {
  let cached: AlertRuleSet | null = null;
  const read = (): AlertRuleSet => {
    const row = db.prepare('SELECT value, updated_at, updated_by FROM setting WHERE key = ?').get(KEY) as { value: string; updated_at: number; updated_by: string } | undefined;
    if (!row) return { rules: [...configured], source: 'config', updatedAt: null, updatedBy: null };
    // Written only through `replace`, after validation; a value that no longer parses (a newer
    // program's format) falls back to the configured rules rather than to none.
    const parsed = lowScoreRuleListSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? { rules: parsed.data, source: 'staff', updatedAt: row.updated_at, updatedBy: row.updated_by } : { rules: [...configured], source: 'config', updatedAt: null, updatedBy: null };
  };
  return {
    current() {
      return (cached ??= read());
    },
    replace(rules, actor, now) {
      db.prepare('INSERT INTO setting (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by').run(KEY, JSON.stringify(rules), now, actor);
      cached = null;
      return this.current();
    },
    forget() {
      cached = null;
    },
  };
}
