import { OFFICE_BOUND_ROLES } from '../../shared/roles.ts';
import { REGIONAL_CONFIG_SCHEMA_VERSION, type RegionalSnapshot, type SnapshotUser } from '../../shared/protocol/regional-config.ts';
import { toInstant } from '../../shared/time.ts';
import { sql as raw } from 'kysely';
import type { HubConfig } from '../config.ts';
import { createAlertRuleStore } from '../db/alert-rule-store.ts';
import { readOffices } from '../db/offices.ts';
import { readServices } from '../db/services.ts';
import { readAllSurveyVersions } from '../db/survey-versions.ts';
import { createWorkingHoursStore } from '../db/working-hours-store.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { Queryable } from '../sql/queryable.ts';
import { listUsersWithHashes } from '../staff/users.ts';
import { currentRevision, type Revision } from './revisions.ts';
import type { SurveyVersion } from '../../shared/surveys/definition.ts';

/**
 * The central's answer to an office's pull: the newest revision and, when the office holds an
 * older one, the regional configuration cut for that office. Read in one snapshot of the database
 * (REPEATABLE READ on PostgreSQL; a SQLite transaction is one already): a change commits with its
 * revision (regional-change.ts), so what the snapshot holds is exactly what its number says. Read
 * from the database, not from the central's memory, which follows a change only after it commits,
 * and a change by the shell's commands (`offices`) only at its next re-read: an office told a
 * number with older contents would hold them until the next change.
 */
export async function cutRegionalConfig(sql: CentralSql, defaults: SnapshotDefaults, officeId: string, have: number): Promise<{ revision: number; snapshot: RegionalSnapshot | null }> {
  return sql.transaction(async (trx) => {
    if (sql.dialect === 'postgres') await raw`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`.execute(trx);
    const current = await currentRevision(trx);
    if (current === null) return { revision: 0, snapshot: null };
    return { revision: current.revision, snapshot: have >= current.revision ? null : await buildSnapshot(trx, defaults, officeId, current) };
  });
}

/** The configured values a setting falls back to while none is stored (hub/config.ts). */
export type SnapshotDefaults = Pick<HubConfig, 'lowScoreAlerts' | 'workingHours'>;

/**
 * The regional configuration cut for one office, as `sql` holds it: every office of the directory,
 * the service list, the alert rules and working hours in force, the surveys for the office, and
 * the accounts that may act at that office — regional roles, and office-bound roles at that office
 * only. Another office's staff, and another office's roles of a person who has one here, are left out.
 */
export async function buildSnapshot(sql: Queryable, defaults: SnapshotDefaults, officeId: string, revision: Revision): Promise<RegionalSnapshot> {
  const users: SnapshotUser[] = [];
  for (const user of await listUsersWithHashes(sql)) {
    const roles = user.roles.filter((g) => !OFFICE_BOUND_ROLES.includes(g.role) || g.officeId === officeId);
    if (roles.length === 0) continue;
    users.push({
      login: user.login,
      displayName: user.displayName,
      passwordHash: user.passwordHash,
      passwordChangedAt: user.passwordChangedAt === null ? null : toInstant(user.passwordChangedAt),
      disabledAt: user.disabledAt === null ? null : toInstant(user.disabledAt),
      roles: roles.map((g) => ({ role: g.role, officeId: g.officeId })),
    });
  }
  const hoursStore = createWorkingHoursStore(defaults.workingHours);
  await hoursStore.load(sql);
  const hours = hoursStore.current();
  const alertRules = await createAlertRuleStore(defaults.lowScoreAlerts).load(sql);
  return {
    schemaVersion: REGIONAL_CONFIG_SCHEMA_VERSION,
    officeId,
    revision: revision.revision,
    changedAt: toInstant(revision.changedAt),
    offices: (await readOffices(sql)).map((o) => ({ id: o.id, name: o.name, kind: o.kind, address: o.address, closedAt: o.closedAt === null ? null : toInstant(o.closedAt) })),
    services: (await readServices(sql)).map((s) => ({ id: s.id, name: s.name, active: s.active })),
    alertRules: [...alertRules.rules],
    workingHours: { start: hours.start, end: hours.end, days: [...hours.days] },
    users,
    surveys: surveysFor(await readAllSurveyVersions(sql), officeId),
  };
}

/** All versions of the surveys whose newest version targets the office (versions come oldest first). */
export function surveysFor(versions: readonly SurveyVersion[], officeId: string): SurveyVersion[] {
  const newest = new Map<string, SurveyVersion>();
  for (const v of versions) newest.set(v.surveyId, v);
  const targets = (v: SurveyVersion) => v.definition.meta.offices === 'all' || v.definition.meta.offices.includes(officeId);
  return versions.filter((v) => targets(newest.get(v.surveyId)!));
}
