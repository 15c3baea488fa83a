import type { Response } from 'express';
import type { HubConfig } from '../config.ts';
import type { HubContext } from '../context.ts';
import { bumpRevision } from './revisions.ts';

/** What a regional change needs: the database, the clock, and whether this hub is the central (the CLI has no full context). */
export type RegionalTarget = Pick<HubContext, 'db' | 'clock'> & { config: Pick<HubConfig, 'role'> };

/**
 * Saving a regional setting (services, alert rules, staff accounts, offices): on the central the
 * change and its new revision commit together; elsewhere the change alone. An office hub with a
 * central does not save them at all (see refuseRegionalEdit).
 */
export function saveRegional<T>(ctx: RegionalTarget, change: { actor: string; what: string }, apply: () => T): T {
  return ctx.db.transaction(() => {
    const result = apply();
    if (ctx.config.role === 'central') bumpRevision(ctx.db, { ...change, now: ctx.clock() });
    return result;
  })();
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
