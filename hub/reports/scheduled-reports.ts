import type { HubContext } from '../context.ts';
import { createMailer } from '../mail/mailer.ts';
import { reportsDirOf } from './archive-run.ts';
import { startReportScheduler, type ReportScheduler } from './report-scheduler.ts';
import { hubScope } from './scope.ts';

/**
 * The scheduled reports, started once by the hub (server.ts): the weekly and monthly reports
 * archived on schedule, with their catch-up, and mailed to REPORT_RECIPIENTS when SMTP is set.
 */
export interface ScheduledReports {
  scheduler: ReportScheduler;
  stop(): Promise<void>;
}

export function startScheduledReports(ctx: HubContext): ScheduledReports {
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
  return {
    scheduler,
    async stop() {
      await scheduler.stop();
      mailer?.close();
    },
  };
}
