import type { Response } from 'express';
import type { Logger } from '../../shared/logger.ts';

/**
 * The database refused a write (disk full, I/O error, locked too long): nothing of the request
 * was committed, so the sender must keep its data and come back. 503 with Retry-After says so.
 * `owner` is anything with a logger (routes pass their HubContext).
 */
export function answerStorageFailure(owner: { logger: Logger }, res: Response, error: unknown): void {
  owner.logger.error({ err: error }, 'storage failed; answering 503');
  res.status(503).set('Retry-After', '30').json({ ok: false, error: 'storage-unavailable', reason: 'хранилище хаба недоступно; данные не приняты, повторите позже' });
}
