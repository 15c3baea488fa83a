import type { Clock } from '../../shared/time.ts';
import { archivedPeriods, type ArchivedReport } from './archive.ts';
import { archiveReport, type ArchiveDeps } from './archive-run.ts';
import { dueRuns, nextRunAt, type MonthlyKind } from './schedule.ts';
import type { MoreReportTables } from './archive-run.ts';

const monthlyKindsOf = (more: MoreReportTables | undefined): MonthlyKind[] => Object.keys(more ?? {}) as MonthlyKind[];

/**
 * Runs the schedule of schedule.ts: at start it catches up on a missed run, then sleeps until the
 * next Monday / 1st 06:00 Moscow. It wakes at least hourly and asks again, because the question
 * "what is due and not archived" is idempotent: a clock jump or a suspended machine costs
 * nothing but a wasted wake-up.
 */
export interface ReportScheduler {
  /** Generates whatever is due now; resolves with what it archived. Concurrent calls share one run. */
  runDue(): Promise<ArchivedReport[]>;
  /** Stops the timer and waits for a run in progress, so the database can be closed after it. */
  stop(): Promise<void>;
}

const MAX_SLEEP_MS = 60 * 60 * 1000;

export function startReportScheduler(deps: ArchiveDeps & { clock: Clock; enabled: boolean }): ReportScheduler {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<ArchivedReport[]> | null = null;
  let stopped = false;

  async function runOnce(): Promise<ArchivedReport[]> {
    const archived: ArchivedReport[] = [];
    let due;
    try {
      const kinds: MonthlyKind[] = ['monthly', ...monthlyKindsOf(deps.moreTables)];
      const archivedNow = await archivedPeriods(deps.sql, ['weekly-panel', ...kinds]);
      due = dueRuns(deps.clock(), (kind, key) => archivedNow.has(kind, key), kinds);
    } catch (error) {
      deps.logger.error({ err: error }, 'report archive unreadable; scheduled reports skipped until the next wake-up');
      return archived;
    }
    for (const run of due) {
      if (stopped) break;
      try {
        archived.push(await archiveReport(deps, run.kind, run.period, 'schedule', deps.clock()));
      } catch (error) {
        deps.logger.error({ err: error, kind: run.kind, period: run.period.key }, 'scheduled report failed; retried at the next wake-up');
      }
    }
    return archived;
  }

  function runDue(): Promise<ArchivedReport[]> {
    running ??= runOnce().finally(() => {
      running = null;
    });
    return running;
  }

  function arm(): void {
    if (stopped) return;
    const now = deps.clock();
    const wait = Math.max(1000, Math.min(MAX_SLEEP_MS, nextRunAt(now) - now));
    timer = setTimeout(() => void runDue().finally(arm), wait);
    timer.unref();
  }

  const kickoff = deps.enabled ? setImmediate(() => void runDue().finally(arm)) : null;
  return {
    runDue,
    async stop() {
      stopped = true;
      if (kickoff) clearImmediate(kickoff);
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
