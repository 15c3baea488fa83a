import { toInstant, type Instant } from '../../shared/time.ts';
import type { HubConfig } from '../config.ts';
import { readOffices } from '../db/offices.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { listOfficeKeys } from './office-keys.ts';
import { listOfficeSync, type OfficeSync } from './office-sync.ts';
import { judgeSilence } from './silence.ts';
import { currentRevision, listOfficeReports, supersededAt, type OfficeConfigReport } from '../regional-config/revisions.ts';

/**
 * Every office of the directory as the central sees its forwarding: connected or not, last
 * delivery, lag, what the office says it still holds, and whether its silence deserves an alert.
 */
export type OfficeLinkState = 'ok' | 'silent' | 'never' | 'no-key' | 'closed';

export interface OfficeLink {
  officeId: string;
  name: string;
  state: OfficeLinkState;
  alert: boolean;
  lastSyncAt: Instant | null;
  lagSeconds: number | null;
  recordsReceived: number;
  backlogReported: number | null;
  backlogOldestAt: Instant | null;
  silentWorkingMinutes: number | null;
  /** The regional configuration revision the office last said it holds, and when it said so. */
  configRevision: number | null;
  configReportedAt: Instant | null;
  /** Since when a newer revision has been waiting for the office; null when it holds the newest. */
  configBehindSince: Instant | null;
  /** Behind the newest revision for more than CONFIG_BEHIND_ALERT_MS. */
  configAlert: boolean;
  /** The office hub's disk as it last reported it with a batch; null while it does not report it. */
  storage: OfficeSync['storage'];
}

/** An office still without a revision the central saved a day ago is flagged on /central. */
export const CONFIG_BEHIND_ALERT_MS = 24 * 60 * 60 * 1000;

/** Keys, status rows, revisions and the directory, all through CentralSql; then the offices are walked without waiting. */
export async function officeLinks(sql: CentralSql, config: Pick<HubConfig, 'workingHours' | 'officeSilenceMinutes'>, now: number): Promise<OfficeLink[]> {
  const keys = await listOfficeKeys(sql);
  const syncs = await listOfficeSync(sql);
  const reports = await listOfficeReports(sql);
  const newest = await currentRevision(sql);
  const liveKeySince = new Map<string, number>();
  for (const key of keys) {
    if (key.revokedAt !== null) continue;
    liveKeySince.set(key.officeId, Math.min(liveKeySince.get(key.officeId) ?? Number.POSITIVE_INFINITY, key.createdAt));
  }
  const offices = await readOffices(sql);
  // When each revision an office holds was superseded: read once per revision held, before the offices are walked.
  const superseded = new Map<number, number | null>();
  for (const office of offices) {
    const held = reports.get(office.id)?.revision ?? 0;
    if (newest !== null && held < newest.revision && !superseded.has(held)) superseded.set(held, await supersededAt(sql, held));
  }
  return offices.map((office): OfficeLink => {
    const sync = syncs.get(office.id) ?? null;
    const keySince = liveKeySince.get(office.id) ?? null;
    const base = {
      officeId: office.id,
      name: office.name,
      lastSyncAt: sync ? toInstant(sync.lastSyncAt) : null,
      lagSeconds: sync ? Math.round(sync.lagMs / 1000) : null,
      recordsReceived: sync?.recordsReceived ?? 0,
      backlogReported: sync ? sync.backlogReported : null,
      backlogOldestAt: sync?.backlogOldestAt != null ? toInstant(sync.backlogOldestAt) : null,
      ...configLag(superseded, reports.get(office.id) ?? null, newest?.revision ?? null, office.closedAt === null, now),
      storage: sync?.storage ?? null,
    };
    if (office.closedAt !== null) return { ...base, state: 'closed', alert: false, silentWorkingMinutes: null };
    if (keySince === null) return { ...base, state: 'no-key', alert: false, silentWorkingMinutes: null };
    const since = sync ? sync.lastSyncAt : keySince;
    const verdict = judgeSilence(since, now, config.workingHours, config.officeSilenceMinutes);
    const state: OfficeLinkState = verdict.alert ? 'silent' : sync ? 'ok' : 'never';
    return { ...base, state, alert: verdict.alert, silentWorkingMinutes: verdict.silentWorkingMinutes };
  });
}

function configLag(superseded: ReadonlyMap<number, number | null>, report: OfficeConfigReport | null, newest: number | null, open: boolean, now: number) {
  const held = report?.revision ?? 0;
  // What the office is missing has waited since the first revision after the one it holds.
  const behindSince = newest !== null && held < newest ? (superseded.get(held) ?? null) : null;
  return {
    configRevision: report?.revision ?? null,
    configReportedAt: report ? toInstant(report.reportedAt) : null,
    configBehindSince: behindSince === null ? null : toInstant(behindSince),
    configAlert: open && report !== null && behindSince !== null && now - behindSince > CONFIG_BEHIND_ALERT_MS,
  };
}
