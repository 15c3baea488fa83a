import type { Logger } from '../../shared/logger.ts';
import type { FeedbackRecord } from '../../shared/records.ts';
import type { Clock } from '../../shared/time.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { AlertPressReader } from '../records/record-source.ts';
import { checkOffice, describeRule, recordAlertMail, ruleKey, WindowCounts, type LowScoreAlert, type LowScoreRule } from './low-score-alerts.ts';
import { sendFailureText, type Mailer } from '../mail/mailer.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';

/**
 * Watches committed batches for low-score bursts. Each counted press is a moment at which the
 * rules are evaluated (a backlog batch from a reconnected driver is checked press by press, up to
 * the last MAX_POINTS per office). Alerts are stored first, then e-mailed when mail is configured.
 */
const MAX_POINTS = 200;
/**
 * Presses born longer ago than this are stored and counted but raise no alert: an alert is for
 * reacting now, and a backlog replayed after a long outage would otherwise page people about
 * yesterday. (It also keeps a central's catch-up drain from re-checking old windows.)
 */
const ALERT_HORIZON_MS = 6 * 60 * 60 * 1000;

export interface AlertWatchDeps {
  /** Where the alerts are kept (ctx.sql: the hub's SQLite, or the central's PostgreSQL). */
  sql: CentralSql;
  /** Where the presses are read (ctx.records: the hub's SQLite, or the central's PostgreSQL). */
  presses: AlertPressReader;
  /** The rules in force, asked on every batch (the CX sector may change them at any time). */
  rules(): readonly LowScoreRule[];
  mailer: Mailer | null;
  recipients: readonly string[];
  logger: Logger;
  clock: Clock;
  officeName(officeId: string): string;
}

export interface AlertWatch {
  /**
   * Checks one committed batch; resolves to the alerts it raised. Batches are checked one at a
   * time in the order given (the carried window counts are one state), so a slow read (PostgreSQL)
   * does not let a later batch overtake an earlier one.
   */
  onStored(records: readonly FeedbackRecord[]): Promise<LowScoreAlert[]>;
  /** Waits for e-mails in flight. */
  settle(): Promise<void>;
}

export function createAlertWatch(deps: AlertWatchDeps): AlertWatch {
  const inFlight = new Set<Promise<void>>();
  const windows = new WindowCounts();

  function mail(alert: LowScoreAlert): void {
    if (!deps.mailer || deps.recipients.length === 0) return;
    const rule = deps.rules().find((r) => ruleKey(r) === alert.ruleKey);
    const office = deps.officeName(alert.officeId);
    const job = deps.mailer
      .send({
        to: deps.recipients,
        subject: `Низкие оценки на пульте: ${office}`,
        text:
          `${office}: ${alert.lowPresses} из ${alert.presses} нажатий с низкой оценкой ` +
          `с ${formatMoscowDateTime(alert.windowStart)} по ${formatMoscowDateTime(alert.windowEnd)} (московское время).\n` +
          `Правило: ${rule ? describeRule(rule) : alert.ruleKey}.\n\nПисьмо сформировано автоматически системой обратной связи ЦЗН Костромской области.`,
      })
      .then(async (sent) => {
        await recordAlertMail(deps.sql, alert.id, sent.ok ? 'sent' : 'failed', sent.ok ? null : sendFailureText(sent));
        if (!sent.ok) deps.logger.warn({ alert: alert.id, reason: sendFailureText(sent) }, 'alert e-mail failed');
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'alert e-mail bookkeeping failed'));
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  }

  let queue: Promise<unknown> = Promise.resolve();

  async function check(records: readonly FeedbackRecord[]): Promise<LowScoreAlert[]> {
    const rules = deps.rules();
    if (rules.length === 0) return [];
    const moments = new Map<string, number[]>();
    const horizon = deps.clock() - ALERT_HORIZON_MS;
    for (const r of records) {
      if (r.kind !== 'press' || r.suppressed !== null) continue;
      const bornAt = Date.parse(r.bornAt);
      if (bornAt < horizon) continue;
      let list = moments.get(r.officeId);
      if (!list) moments.set(r.officeId, (list = []));
      list.push(bornAt);
    }
    const raised: LowScoreAlert[] = [];
    const now = deps.clock();
    for (const [officeId, list] of moments) {
      const fresh = await checkOffice(deps.sql, deps.presses, rules, officeId, [...new Set(list)].sort((a, b) => a - b).slice(-MAX_POINTS), now, windows);
      for (const alert of fresh) {
        deps.logger.warn({ office: alert.officeId, presses: alert.presses, low: alert.lowPresses }, 'low-score alert');
        mail(alert);
      }
      raised.push(...fresh);
    }
    return raised;
  }

  return {
    onStored(records) {
      const done = queue.then(() => check(records));
      queue = done.catch(() => undefined);
      return done;
    },
    async settle() {
      await queue;
      await Promise.all([...inFlight]);
    },
  };
}
