import { Router } from 'express';
import { newRecordId } from '../../shared/ids.ts';
import { recordIdSchema } from '../../shared/records.ts';
import type { RegisterEvent } from '../../shared/register.ts';
import { toInstant } from '../../shared/time.ts';
import { countRefusal, type HubContext } from '../context.ts';
import type { Db } from '../db/open.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import { NEGATIVE_RESPONSE_SQL } from '../reports/comments.ts';
import { inScope, type OfficeScope } from '../staff/staff-auth.ts';
import { moscowDay } from './register-query.ts';
import { REGISTER_WRITERS } from './register-routes.ts';
import { createRegisterStore } from './register-store.ts';
import { inWorkByResponse } from './in-work-lookup.ts';

/**
 * «Взять в работу» (issue 18): a client's comment becomes a register entry of the channel
 * «комментарий в работе», linked to its answer, for the office concerned to record measures and
 * close. The entry is made from the stored answer, never from what the browser sends: its text,
 * office and day are the comment's. A comment is taken into work once on a hub; the feed shows
 * each comment's entry and its state.
 */
export type TakeOutcome = { ok: true; entryId: string; created: boolean } | { ok: false; reason: 'not-found' | 'no-comment' };

export function takeIntoWork(db: Db, store: ReturnType<typeof createRegisterStore>, responseId: string, who: { login: string; scope: OfficeScope }, now: number): TakeOutcome {
  return db.transaction((): TakeOutcome => {
    const response = db.prepare(`SELECT office_id, born_at, comment, ${NEGATIVE_RESPONSE_SQL} AS negative FROM response WHERE id = ?`).get(responseId) as
      | { office_id: string; born_at: number; comment: string | null; negative: 0 | 1 }
      | undefined;
    if (!response || !inScope(who.scope, response.office_id)) return { ok: false, reason: 'not-found' };
    if (response.comment === null || response.comment.trim() === '') return { ok: false, reason: 'no-comment' };
    const held = inWorkByResponse(db, [responseId]).get(responseId);
    if (held) return { ok: true, entryId: held.entryId, created: false };
    const id = newRecordId();
    const event: RegisterEvent = {
      id,
      entryId: id,
      officeId: response.office_id,
      bornAt: toInstant(now),
      by: who.login,
      step: 'opened',
      receivedOn: moscowDay(response.born_at),
      details: { channel: 'comment-in-work', responseId, alertId: null },
      summary: response.comment.trim().slice(0, 4000),
      tone: response.negative === 1 ? 'negative' : 'neutral',
      topics: [],
      author: null,
      answerOwed: false,
    };
    const stored = store.append(event, now);
    if (!stored.ok) throw new Error(`register refused a comment taken into work: ${stored.reason}`);
    return { ok: true, entryId: id, created: true };
  })();
}

export function commentInWorkRoutes(ctx: HubContext): Router {
  const router = Router();
  const store = createRegisterStore(ctx.db, { forward: ctx.config.role === 'office' });
  ctx.routes.add(router, { method: 'post', path: '/api/comments/:id/in-work', access: REGISTER_WRITERS, summary: 'взять комментарий клиента в работу: запись в реестре обращений, связанная с анкетой' }, (req, res) => {
    const id = recordIdSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого отзыва' });
    let outcome;
    try {
      outcome = takeIntoWork(ctx.db, store, id.data, { login: req.staff!.user.login, scope: req.staff!.scope }, ctx.clock());
    } catch (error) {
      return void answerStorageFailure(ctx, res, error);
    }
    if (!outcome.ok) {
      countRefusal(ctx, `comment-in-work-${outcome.reason}`);
      return void res.status(outcome.reason === 'not-found' ? 404 : 409).json({ ok: false, error: outcome.reason, reason: outcome.reason === 'not-found' ? 'нет такого отзыва' : 'в этом отзыве нет комментария' });
    }
    res.status(outcome.created ? 201 : 200).json({ ok: true, entryId: outcome.entryId, created: outcome.created });
  });
  return router;
}
