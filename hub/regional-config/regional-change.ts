import type { Response } from 'express';
import type { Kysely } from 'kysely';
import type { HubConfig } from '../config.ts';
import type { HubContext } from '../context.ts';
import type { Tables } from '../sql/tables.ts';
import { bumpRevision } from './revisions.ts';
import { regionalTurn } from '../sql/turns.ts';

/** What a regional change needs: the databases, the clock, and whether this hub is the central (the CLI has no full context). */
export type RegionalTarget = Pick<HubContext, 'db' | 'sql' | 'clock'> & { config: Pick<HubConfig, 'role'> };

/**
 * Saving a regional setting (services, alert rules, surveys, staff accounts, offices): on the
 * central the change and its new revision commit together; elsewhere the change alone. An office
 * hub with a central does not save them at all (see refuseRegionalEdit).
 *
 * One transaction of ctx.sql: `apply` writes the stores on CentralSql (hub/sql/) through the `trx`
 * it is given, and the revision is bumped through it too. The stores not moved yet still write
 * synchronously through ctx.db: on SQLite ctx.sql runs over ctx.db's very connection, so those
 * writes go into the same transaction (a better-sqlite3 db.transaction() in it becomes a savepoint).
 */
export function saveRegional<T>(ctx: RegionalTarget, change: { actor: string; what: string }, apply: (trx: Kysely<Tables>) => T | Promise<T>): Promise<T> {
  return ctx.sql.transaction(async (trx) => {
    await regionalTurn(ctx.sql, trx);
    const result = await apply(trx);
    if (ctx.config.role === 'central') await bumpRevision(trx, { ...change, now: ctx.clock() });
    return result;
  });
}

/** An office hub that takes its regional settings from the central: they are read-only here. */
export const regionalSettingsFromCentral = (ctx: HubContext): boolean => ctx.config.role === 'office' && ctx.config.centralUrl !== null;

/** «… изменяется (изменяются) на центральном сборщике …», the verb agreeing with `what`. */
export const editedAtCentral = (what: string, plural = false): string =>
  `${what} ${plural ? 'изменяются' : 'изменяется'} на центральном сборщике: этот хаб отдела получает настройки области оттуда`;

/** Answers 409 and returns true when this hub may not edit regional settings; `plural` when `what` is («Правила сигналов»). */
export function refuseRegionalEdit(ctx: HubContext, res: Response, what = 'эта настройка', plural = false): boolean {
  if (!regionalSettingsFromCentral(ctx)) return false;
  res.status(409).json({ ok: false, error: 'edited-at-central', reason: editedAtCentral(what, plural), centralUrl: ctx.config.centralUrl });
  return true;
}
