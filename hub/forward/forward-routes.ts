import { Router } from 'express';
import type { ForwardDeadLettersResponse } from '../../shared/api/admin.ts';
import type { HubContext } from '../context.ts';
import { listForwardDeadLetters, requeueForwardDeadLetter } from '../outbox/outbox.ts';
import { getForwardStatus } from './forward-status.ts';

/**
 * The office hub's forwarding, for staff: its status (also on /health and the АХО board) and the
 * dead-letter list with a way to send a record again. Answers 404 on the central, which forwards nothing.
 */
export function forwardRoutes(ctx: HubContext): Router {
  const router = Router();
  const notOffice = (res: import('express').Response): boolean => {
    if (ctx.config.role === 'office') return false;
    res.status(404).json({ ok: false, error: 'not-office', reason: 'пересылка есть только у офисного хаба' });
    return true;
  };

  ctx.routes.add(router, { method: 'get', path: '/api/forward/status', access: { kind: 'staff', roles: ['admin', 'aho'], officeScoped: false }, summary: 'пересылка на центральный сборщик: очередь, последняя синхронизация, последняя ошибка' }, async (_req, res) => {
    if (notOffice(res)) return;
    res.json({ ok: true, status: await getForwardStatus(ctx.db, ctx.sql, ctx.config, ctx.clock()) });
  });

  ctx.routes.add(router, { method: 'get', path: '/api/forward/dead-letters', access: { kind: 'staff', roles: ['admin'], officeScoped: false }, summary: 'записи, не принятые центральным сборщиком (конфликт, ошибка формата)' }, (req, res) => {
    if (notOffice(res)) return;
    const before = typeof req.query.before === 'string' && /^\d{1,15}$/.test(req.query.before) ? Number(req.query.before) : undefined;
    const limit = typeof req.query.limit === 'string' && /^\d{1,4}$/.test(req.query.limit) ? Math.min(Number(req.query.limit), 1000) : 200;
    const body: ForwardDeadLettersResponse = { ok: true, deadLetters: listForwardDeadLetters(ctx.db, { limit, ...(before === undefined ? {} : { beforeSeq: before }) }) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/forward/dead-letters/:seq/requeue', access: { kind: 'staff', roles: ['admin'], officeScoped: false }, summary: 'отправить запись из списка непринятых ещё раз' }, (req, res) => {
    if (notOffice(res)) return;
    const seq = /^\d{1,15}$/.test(String(req.params.seq)) ? Number(req.params.seq) : null;
    if (seq === null) return void res.status(400).json({ ok: false, error: 'bad-seq', reason: 'номер записи — целое число' });
    const result = requeueForwardDeadLetter(ctx.db, seq, ctx.clock());
    if (!result.ok) return void res.status(result.reason === 'not-found' ? 404 : 409).json({ ok: false, error: result.reason, reason: REQUEUE_REASON[result.reason] });
    ctx.logger.info({ seq }, 'forward dead letter requeued by staff');
    res.json({ ok: true });
  });
  return router;
}

const REQUEUE_REASON = {
  'not-found': 'нет такой записи в списке непринятых',
  'already-requeued': 'запись уже отправлена повторно',
  'missing-record': 'самой записи нет в базе хаба, отправлять нечего',
} as const;
