import { fromInstant } from '../../shared/time.ts';
import type { ConfigRow, ForwardingRow, ForwardReport } from '../../shared/protocol/board.ts';

/**
 * The office hub → central row of the АХО board, from the forwarding status (hub/forward/
 * forward-status.ts, read from the database at each snapshot). `report` is null on the central,
 * or when the office hub's database cannot be read.
 */
export function forwardingRow(report: ForwardReport | null, now: number, lagLimitMs: number): ForwardingRow | null {
  if (!report) return null;
  const oldest = report.backlog.oldestReceivedAt;
  const oldestAgeMs = oldest === null ? null : Math.max(0, now - fromInstant(oldest));
  const state = !report.configured ? 'off' : report.failing ? 'failing' : oldestAgeMs !== null && oldestAgeMs > lagLimitMs ? 'lagging' : 'ok';
  return {
    configured: report.configured,
    centralUrl: report.centralUrl,
    backlog: report.backlog.count,
    oldestQueuedAt: oldest,
    oldestAgeMs,
    lastSyncAt: report.lastSyncAt,
    lastError: report.lastError,
    state,
    config: configRow(report, now),
  };
}

function configRow(report: ForwardReport, now: number): ConfigRow | null {
  const config = report.regionalConfig;
  if (!report.configured || !config) return null;
  return {
    revision: config.revision,
    changedAt: config.changedAt,
    ageMs: config.changedAt === null ? null : Math.max(0, now - fromInstant(config.changedAt)),
    failing: config.failing,
    lastError: config.lastError,
  };
}

/** A report that cannot be read (the database failing) reads as "no report": the board still draws. */
export async function readForwardReport(read: () => ForwardReport | null | Promise<ForwardReport | null>): Promise<ForwardReport | null> {
  try {
    return await read();
  } catch {
    return null;
  }
}
