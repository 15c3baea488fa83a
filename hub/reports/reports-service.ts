import type { FeedbackRecord } from '../../shared/records.ts';
import type { HubContext } from '../context.ts';
import { findOffice } from '../db/offices.ts';
import { createAlertWatch, type AlertWatch } from '../alerts/alert-watch.ts';
import { reportsDirOf } from './archive-run.ts';
import { createMailer } from '../mail/mailer.ts';
import { startReportScheduler, type ReportScheduler } from './report-scheduler.ts';
import { hubScope } from './scope.ts';

/**
 * The reports' background work, started once by the hub (server.ts): the scheduled reports with
 * their catch-up, and the low-score alert watch on committed batches. Mail only when SMTP is set.
 */
export interface ReportsService {
  scheduler: ReportScheduler;
  alerts: AlertWatch;
  stop(): Promise<void>;
}

export function startReportsService(ctx: HubContext): ReportsService {
  const mailer = ctx.config.smtp ? createMailer(ctx.config.smtp) : null;
  const scheduler = startReportScheduler({
    db: ctx.db,
    reportsDir: reportsDirOf(ctx.config.dataDir),
    scope: hubScope(ctx.config),
    logger: ctx.logger,
    mailer,
    recipients: ctx.config.reportRecipients,
    clock: ctx.clock,
    enabled: ctx.config.scheduledReports,
  });
  const alerts = createAlertWatch({
    db: ctx.db,
    rules: () => ctx.alertRules.current().rules,
    mailer,
    recipients: ctx.config.alertRecipients,
    logger: ctx.logger,
    clock: ctx.clock,
    officeName: (id) => findOffice(ctx.db, id)?.name ?? id,
  });
  const onStored = (records: FeedbackRecord[]) => {
    try {
      alerts.onStored(records);
    } catch (error) {
      ctx.logger.error({ err: error }, 'low-score alert check failed');
    }
  };
  ctx.events.on('stored', onStored);
  return {
    scheduler,
    alerts,
    async stop() {
      ctx.events.off('stored', onStored);
      await scheduler.stop();
      await alerts.settle();
      mailer?.close();
    },
  };
}
