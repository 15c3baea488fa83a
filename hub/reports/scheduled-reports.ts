import type { HubContext } from '../context.ts';
import { createMailer } from '../mail/mailer.ts';
import { reportsDirOf, type MoreReportTables } from './archive-run.ts';
import { startReportScheduler } from './report-scheduler.ts';
import { hubScope } from './scope.ts';

/**
 * The scheduled reports, started once by the hub (server.ts): the weekly and monthly reports
 * archived on schedule, with their catch-up, and mailed to REPORT_RECIPIENTS when SMTP is set;
 * `moreTables` adds reports other folders build (the register's monthly report, on the central).
 */
export function startScheduledReports(ctx: HubContext, moreTables: MoreReportTables = {}): { stop(): Promise<void> } {
  const mailer = ctx.config.smtp ? createMailer(ctx.config.smtp) : null;
  const scheduler = startReportScheduler({
    sql: ctx.sql,
    records: ctx.records,
    offices: ctx.offices,
    reportsDir: reportsDirOf(ctx.config.dataDir),
    scope: hubScope(ctx.config),
    logger: ctx.logger,
    mailer,
    recipients: ctx.config.reportRecipients,
    clock: ctx.clock,
    enabled: ctx.config.scheduledReports,
    moreTables,
  });
  return {
    async stop() {
      await scheduler.stop();
      mailer?.close();
    },
  };
}
