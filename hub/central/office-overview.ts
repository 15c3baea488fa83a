import { toInstant, type Instant } from '../../shared/time.ts';
import type { HubConfig } from '../config.ts';
import { listOffices } from '../db/offices.ts';
import type { Db } from '../db/open.ts';
import { listOfficeKeys } from './office-keys.ts';
import { listOfficeSync, type OfficeSync } from './office-sync.ts';
import { judgeSilence } from './silence.ts';

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
  /** The office hub's disk as it last reported it with a batch; null while it does not report it. */
  storage: OfficeSync['storage'];
}

export function officeLinks(db: Db, config: Pick<HubConfig, 'workingHours' | 'officeSilenceMinutes'>, now: number): OfficeLink[] {
  const syncs = listOfficeSync(db);
  const liveKeySince = new Map<string, number>();
  for (const key of listOfficeKeys(db)) {
    if (key.revokedAt !== null) continue;
    liveKeySince.set(key.officeId, Math.min(liveKeySince.get(key.officeId) ?? Number.POSITIVE_INFINITY, key.createdAt));
  }
  return listOffices(db).map((office): OfficeLink => {
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
