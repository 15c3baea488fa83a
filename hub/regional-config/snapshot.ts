import { OFFICE_BOUND_ROLES } from '../../shared/roles.ts';
import { REGIONAL_CONFIG_SCHEMA_VERSION, type RegionalSnapshot, type SnapshotUser } from '../../shared/protocol/regional-config.ts';
import { toInstant } from '../../shared/time.ts';
import type { HubContext } from '../context.ts';
import { listUsersWithHashes } from '../staff/users.ts';
import type { Revision } from './revisions.ts';
import type { SurveyVersion } from '../../shared/surveys/definition.ts';

/**
 * The central cuts the regional configuration for one office: every office of the directory, the
 * service list, the alert rules and working hours in force, and the accounts that may act at that
 * office — regional roles, and office-bound roles at that office only. Another office's staff, and
 * another office's roles of a person who has one here, are left out.
 *
 * The accounts are read through CentralSql, the rest synchronously after them. The caller reads
 * `revision` before: what the snapshot holds may then be newer than its number (the next pull
 * brings the same again), never older.
 */
export async function buildSnapshot(ctx: HubContext, officeId: string, revision: Revision): Promise<RegionalSnapshot> {
  const users: SnapshotUser[] = [];
  for (const user of await listUsersWithHashes(ctx.sql)) {
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
  const hours = ctx.workingHours.current();
  return {
    schemaVersion: REGIONAL_CONFIG_SCHEMA_VERSION,
    officeId,
    revision: revision.revision,
    changedAt: toInstant(revision.changedAt),
    offices: ctx.offices.list().map((o) => ({ id: o.id, name: o.name, kind: o.kind, address: o.address, closedAt: o.closedAt === null ? null : toInstant(o.closedAt) })),
    services: ctx.services.list({ activeOnly: false }).map((s) => ({ id: s.id, name: s.name, active: s.active })),
    alertRules: [...ctx.alertRules.current().rules],
    workingHours: { start: hours.start, end: hours.end, days: [...hours.days] },
    users,
    surveys: surveysFor(ctx.surveyVersions.all(), officeId),
  };
}

/** All versions of the surveys whose newest version targets the office (versions come oldest first). */
export function surveysFor(versions: readonly SurveyVersion[], officeId: string): SurveyVersion[] {
  const newest = new Map<string, SurveyVersion>();
  for (const v of versions) newest.set(v.surveyId, v);
  const targets = (v: SurveyVersion) => v.definition.meta.offices === 'all' || v.definition.meta.offices.includes(officeId);
  return versions.filter((v) => targets(newest.get(v.surveyId)!));
}
