import type { HubConfig } from '../config.ts';
import type { Db } from '../db/open.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { officeLinks } from '../central/office-overview.ts';
import { getForwardStatus, type ForwardStatus } from '../forward/forward-status.ts';
import { currentRevision } from '../regional-config/revisions.ts';

/**
 * The forwarding part of /health: on an office hub its backlog, last sync and last error; on the
 * central how many offices deliver and which are silent. No secrets, no record contents.
 */
export type ForwardHealth =
  | { forward: ForwardStatus }
  | { central: { offices: number; connected: number; silent: string[]; silenceMinutes: number; configRevision: number | null; configBehindADay: string[] } };

export async function forwardHealth(db: Db, sql: CentralSql, config: HubConfig, now: number): Promise<ForwardHealth> {
  if (config.role === 'office') return { forward: await getForwardStatus(db, sql, config, now) };
  const links = await officeLinks(sql, config, now);
  const revision = await currentRevision(sql);
  return {
    central: {
      offices: links.length,
      connected: links.filter((l) => l.lastSyncAt !== null).length,
      silent: links.filter((l) => l.alert).map((l) => l.officeId),
      silenceMinutes: config.officeSilenceMinutes,
      configRevision: revision?.revision ?? null,
      configBehindADay: links.filter((l) => l.configAlert).map((l) => l.officeId),
    },
  };
}
