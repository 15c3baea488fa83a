import { Router } from 'express';
import { newRecordId } from '../../shared/ids.ts';
import { recordIdSchema } from '../../shared/records.ts';
import type { RegisterEvent } from '../../shared/register.ts';
import { toInstant } from '../../shared/time.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import type { RecordSource } from '../records/record-source.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { inWorkTurn } from '../sql/turns.ts';
import { findAlert } from '../alerts/low-score-alerts.ts';
import { inScope, type OfficeScope } from '../staff/staff-auth.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';
import { moscowDay } from '../../shared/periods.ts';
import { REGISTER_WRITERS } from './register-routes.ts';
import { createRegisterStore } from './register-store.ts';
import { inWorkByAlert, inWorkByResponse, type RegisterDb } from '../db/register-rows.ts';

/**
 * «Взять в работу» (issue 18): a client's comment, or a low-score alert of the panels, becomes a
 * register entry of the channel «комментарий в работе», linked to its answer or alert, for the
 * office concerned to record measures and close. The entry is made from what the hub stored, never
 * from what the browser sends: its text, office and day are the comment's (or the alert's). Each
 * is taken into work once on a hub; the feed and the alerts list show the entry and its state.
 */
export type TakeOutcome = { ok: true; entryId: string; created: boolean } | { ok: false; reason: 'not-found' | 'no-comment' };

export async function takeIntoWork(sql: CentralSql, records: RecordSource, store: RegisterStore, responseId: string, who: { login: string; scope: OfficeScope }, now: number): Promise<TakeOutcome> {
  // The response is read where the responses are (SQLite, or the central's PostgreSQL), before the
  // register's transaction: a stored response never changes, so nothing can move in between.
  const response = await records.findResponse(responseId);
  if (!response || !inScope(who.scope, response.officeId)) return { ok: false, reason: 'not-found' };
  const comment = response.comment?.trim() ?? '';
  if (comment === '') return { ok: false, reason: 'no-comment' };
  return sql.transaction(async (trx): Promise<TakeOutcome> => {
    // One at a time per comment (PostgreSQL): of a double click, or two staff members at once, the
    // second finds the first's entry instead of opening another.
    await inWorkTurn(sql, trx, `response:${responseId}`);
    const held = (await inWorkByResponse(trx, [responseId])).get(responseId);
    if (held) return { ok: true, entryId: held.entryId, created: false };
    return open(store, trx, { officeId: response.officeId, day: response.bornAt, details: { channel: 'comment-in-work', responseId, alertId: null }, summary: comment, negative: response.negative }, who.login, now);
  });
}

/** A low-score alert of this hub into work: the entry says what the panels showed, in words. */
export async function takeAlertIntoWork(sql: CentralSql, store: RegisterStore, alertId: number, who: { login: string; scope: OfficeScope }, now: number): Promise<TakeOutcome> {
  // The alert is read where the alerts are kept, before the register's transaction: what it says
  // (office, window, counts, rule) never changes once raised, so nothing can move in between.
  const alert = await findAlert(sql, alertId);
  if (!alert || !inScope(who.scope, alert.officeId)) return { ok: false, reason: 'not-found' };
  return sql.transaction(async (trx): Promise<TakeOutcome> => {
    // One at a time per alert, as for a comment above.
    await inWorkTurn(sql, trx, `alert:${alertId}`);
    const held = (await inWorkByAlert(trx, [alertId])).get(alertId);
    if (held) return { ok: true, entryId: held.entryId, created: false };
    const time = (ms: number) => formatMoscowDateTime(ms, { seconds: false });
    const summary = `Сигнал о низких оценках на пульте: ${alert.lowPresses} из ${alert.presses} нажатий с низкой оценкой, ${time(alert.windowStart)} — ${time(alert.windowEnd)} (правило: ${alert.ruleText}).`;
    return open(store, trx, { officeId: alert.officeId, day: alert.windowEnd, details: { channel: 'comment-in-work', responseId: null, alertId }, summary, negative: true }, who.login, now);
  });
}

type RegisterStore = ReturnType<typeof createRegisterStore>;
type InWorkDetails = Extract<Extract<RegisterEvent, { step: 'opened' }>['details'], { channel: 'comment-in-work' }>;

/** The `opened` event of an entry taken into work, stored as if typed by the person who pressed the button. */
async function open(store: RegisterStore, trx: RegisterDb, from: { officeId: string; day: number; details: InWorkDetails; summary: string; negative: boolean }, by: string, now: number): Promise<TakeOutcome> {
  const id = newRecordId();
  const event: RegisterEvent = {
    id,
    entryId: id,
    officeId: from.officeId,
    bornAt: toInstant(now),
    by,
    step: 'opened',
    receivedOn: moscowDay(from.day),
    details: from.details,
    summary: from.summary.slice(0, 4000),
    tone: from.negative ? 'negative' : 'neutral',
    topics: [],
    author: null,
    answerOwed: false,
  };
  const stored = await store.append(event, now, trx);
  if (!stored.ok) throw new Error(`register refused an entry taken into work: ${stored.reason}`);
  return { ok: true, entryId: id, created: true };
}

export function commentInWorkRoutes(ctx: HubContext): Router {
  const router = Router();
  const store = createRegisterStore(ctx.sql, ctx.config.role === 'office' ? ctx.db : null);
  ctx.routes.add(router, { method: 'post', path: '/api/comments/:id/in-work', access: REGISTER_WRITERS, summary: 'взять комментарий клиента в работу: запись в реестре обращений, связанная с анкетой' }, async (req, res) => {
    const id = recordIdSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого отзыва' });
    let outcome;
    try {
      outcome = await takeIntoWork(ctx.sql, ctx.records, store, id.data, { login: req.staff!.user.login, scope: req.staff!.scope }, ctx.clock());
    } catch (error) {
      return void answerStorageFailure(ctx, res, error);
    }
    if (!outcome.ok) {
      countRefusal(ctx, `comment-in-work-${outcome.reason}`);
      return void res.status(outcome.reason === 'not-found' ? 404 : 409).json({ ok: false, error: outcome.reason, reason: outcome.reason === 'not-found' ? 'нет такого отзыва' : 'в этом отзыве нет комментария' });
    }
    res.status(outcome.created ? 201 : 200).json({ ok: true, entryId: outcome.entryId, created: outcome.created });
  });

  ctx.routes.add(router, { method: 'post', path: '/api/alerts/:id/in-work', access: REGISTER_WRITERS, summary: 'взять сигнал о низких оценках в работу: запись в реестре обращений' }, async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id < 1) return void res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого сигнала' });
    let outcome;
    try {
      outcome = await takeAlertIntoWork(ctx.sql, store, id, { login: req.staff!.user.login, scope: req.staff!.scope }, ctx.clock());
    } catch (error) {
      return void answerStorageFailure(ctx, res, error);
    }
    if (!outcome.ok) return void res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого сигнала' });
    res.status(outcome.created ? 201 : 200).json({ ok: true, entryId: outcome.entryId, created: outcome.created });
  });
  return router;
}
