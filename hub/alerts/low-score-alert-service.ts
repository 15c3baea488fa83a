import type { FeedbackRecord } from '../../shared/records.ts';
import type { HubContext } from '../context.ts';
import { createMailer } from '../mail/mailer.ts';
import { createAlertWatch } from './alert-watch.ts';

/**
 * The low-score alert watch, started once by the hub (server.ts): every committed batch is checked
 * against the rules in force (ctx.alertRules); alerts are stored, and mailed to ALERT_RECIPIENTS
 * when SMTP is set.
 */
export function startLowScoreAlerts(ctx: HubContext): { stop(): Promise<void> } {
  const mailer = ctx.config.smtp ? createMailer(ctx.config.smtp) : null;
  const watch = createAlertWatch({
    sql: ctx.sql,
    presses: ctx.records.alertPresses,
    rules: () => ctx.alertRules.current().rules,
    mailer,
    recipients: ctx.config.alertRecipients,
    logger: ctx.logger,
    clock: ctx.clock,
    officeName: (id) => ctx.offices.find(id)?.name ?? id,
  });
  const onStored = (records: FeedbackRecord[]) => {
    watch.onStored(records).catch((error: unknown) => ctx.logger.error({ err: error }, 'low-score alert check failed'));
  };
  ctx.events.on('stored', onStored);
  return {
    async stop() {
      ctx.events.off('stored', onStored);
      await watch.settle();
      mailer?.close();
    },
  };
}
