import type { RegionalSnapshot } from '../../shared/protocol/regional-config.ts';
import { fromInstant } from '../../shared/time.ts';
import type { HubContext } from '../context.ts';
import { replaceOffices } from '../db/offices.ts';
import { replaceServices } from '../db/services.ts';
import { endAllSessions } from '../staff/sessions.ts';
import { applyCentralAccounts } from '../staff/users.ts';
import { readConfigState, recordApplied } from '../db/regional-config-state.ts';
import { keepSurveyVersion, replaceSurveyOffers } from '../db/survey-versions.ts';

/**
 * Office hub: makes a validated snapshot the configuration in force, all of it in one SQLite
 * transaction together with the revision number, so a crash at any point leaves the old revision
 * whole or the new one whole. Never goes back: a revision not newer than the one held is refused
 * inside the same transaction. Sessions of accounts disabled, re-passworded or re-roled end in it
 * too; the live sockets on them are told after the commit.
 *
 * The transaction is ctx.sql's (the accounts', settings', services', offices' and revision's stores are on CentralSql); the other tables' stores
 * still write synchronously through ctx.db, which on SQLite is the very connection ctx.sql runs
 * over, so their writes are inside the same transaction (their own db.transaction() a savepoint).
 */
export type ApplyResult = { ok: true; sessionsEnded: number[] } | { ok: false; reason: 'older-revision'; held: number };

export const CENTRAL_ACTOR = 'центральный сборщик';

export async function applySnapshot(ctx: HubContext, snapshot: RegionalSnapshot): Promise<ApplyResult> {
  const now = ctx.clock();
  const ms = (instant: string | null) => (instant === null ? null : fromInstant(instant));
  let result: ApplyResult;
  try {
    result = await ctx.sql.transaction(async (trx): Promise<ApplyResult> => {
      const held = (await readConfigState(trx)).revision;
      if (held !== null && snapshot.revision <= held) return { ok: false, reason: 'older-revision', held };
      await replaceOffices(trx, snapshot.offices.map((o) => ({ ...o, closedAt: ms(o.closedAt) })), now);
      await replaceServices(trx, { services: snapshot.services });
      await ctx.alertRules.replace(trx, snapshot.alertRules, CENTRAL_ACTOR, now);
      await ctx.workingHours.replace(trx, snapshot.workingHours, CENTRAL_ACTOR, now);
      const ended = await applyCentralAccounts(
        trx,
        snapshot.users.map((u) => ({ ...u, passwordChangedAt: ms(u.passwordChangedAt), disabledAt: ms(u.disabledAt) })),
        now,
      );
      for (const userId of ended) await endAllSessions(trx, userId);
      // Versions are frozen: one already held stays as it is; the newest of each survey is on offer.
      const newest = new Map<string, number>();
      for (const version of snapshot.surveys) {
        await keepSurveyVersion(trx, version);
        newest.set(version.surveyId, Math.max(newest.get(version.surveyId) ?? 0, version.version));
      }
      await replaceSurveyOffers(trx, [...newest].map(([surveyId, version]) => ({ surveyId, version })));
      await recordApplied(trx, { revision: snapshot.revision, schemaVersion: snapshot.schemaVersion, changedAt: fromInstant(snapshot.changedAt), now });
      return { ok: true, sessionsEnded: ended };
    });
  } finally {
    // The stores' memory takes what the database now holds: the new values, or after a rollback the old.
    await ctx.alertRules.load(ctx.sql);
    await ctx.workingHours.load(ctx.sql);
    await ctx.services.load(ctx.sql);
    await ctx.offices.load(ctx.sql);
    await ctx.surveyVersions.load(ctx.sql);
  }
  if (result.ok) for (const userId of result.sessionsEnded) ctx.events.emit('sessions-ended', { userId, cookieValue: null });
  return result;
}
