import { lowScoreRuleListSchema, type LowScoreRule } from '../../shared/alert-rules.ts';
import type { Queryable } from '../sql/queryable.ts';
import { newestLoadWins } from './newest-load.ts';
import { readSetting, SettingNotLoadedError, writeSetting } from './working-hours-store.ts';

/**
 * The low-score alert rules in force: the CX sector's own once it has saved some (the `setting`
 * table, on CentralSql), else the hub configuration's default. Read on every checked batch, so they
 * are kept in memory and read synchronously; `load` fills the memory at start (startHub) and again
 * after every transaction that wrote them, so a change applies to the next press without a restart.
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
  /** Writes through `sql` (the open transaction of the change); the memory follows at the next `load`. */
  replace(sql: Queryable, rules: LowScoreRule[], actor: string, now: number): Promise<void>;
  /** Reads the stored rules into memory: at start, and after a transaction that wrote them ended. */
  load(sql: Queryable): Promise<AlertRuleSet>;
}

export function createAlertRuleStore(configured: readonly LowScoreRule[]): AlertRuleStore {
  let loaded: AlertRuleSet | null = null;
  const load = newestLoadWins();
  const fallback = (): AlertRuleSet => ({ rules: [...configured], source: 'config', updatedAt: null, updatedBy: null });
  return {
    current() {
      if (loaded === null) throw new SettingNotLoadedError('правила сигналов ещё не прочитаны из базы (load при запуске хаба)');
      return loaded;
    },
    async replace(sql, rules, actor, now) {
      await writeSetting(sql, KEY, JSON.stringify(rules), actor, now);
    },
    async load(sql) {
      await load(
        () => readSetting(sql, KEY),
        (row) => {
          // Written only through `replace`, after validation; a value that no longer parses (a newer
          // program's format) falls back to the configured rules rather than to none.
          const parsed = row === null ? null : lowScoreRuleListSchema.safeParse(JSON.parse(row.value));
          loaded = row !== null && parsed?.success ? { rules: parsed.data, source: 'staff', updatedAt: row.updatedAt, updatedBy: row.updatedBy } : fallback();
        },
      );
      return loaded ?? fallback();
    },
  };
}
