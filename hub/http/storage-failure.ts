import type { Response } from 'express';
import type { HubContext } from '../context.ts';

/**
 * The database refused a write (disk full, I/O error, locked too long): nothing of the request
 * was committed, so the sender must keep its data and come back. 503 with Retry-After says so.
 */
export function answerStorageFailure(ctx: HubContext, res: Response, error: unknown): void {
  ctx.logger.error({ err: error }, 'storage failed; answering 503');
  res.status(503).set('Retry-After', '30').json({ ok: false, error: 'storage-unavailable', reason: 'хранилище хаба недоступно; данные не приняты, повторите позже' });
}
