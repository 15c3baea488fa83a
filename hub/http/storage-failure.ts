import type { Response } from 'express';
import type { Logger } from '../../shared/logger.ts';
import type { StorageWatch } from '../../shared/storage-watch.ts';
import { countRefusal, type RefusalCounts } from './refusals.ts';
import { DatabaseUnavailableError } from './database-unavailable.ts';

/**
 * The database refused a write (disk full, I/O error, locked too long): nothing of the request
 * was committed, so the sender must keep its data and come back. 503 with Retry-After says so.
 * A refusal for lack of space is counted (`disk-full` on /health) and turns the storage state
 * critical at once, so /health, the board and the mail say so before the next minute's check.
 */
export function answerStorageFailure(ctx: { logger: Logger; storage: StorageWatch; refusals: RefusalCounts }, res: Response, error: unknown): void {
  const noSpace = ctx.storage.noteWriteFailure(error);
  if (noSpace) countRefusal(ctx, 'disk-full');
  ctx.logger.error({ err: error }, noSpace ? 'no space left for the data folder; answering 503' : 'storage failed; answering 503');
  res
    .status(503)
    .set('Retry-After', '30')
    .json({ ok: false, error: 'storage-unavailable', reason: noSpace ? 'диск хаба заполнен; данные не приняты, повторите позже' : error instanceof DatabaseUnavailableError ? 'база данных центрального сборщика недоступна; данные не приняты, повторите позже' : 'хранилище хаба недоступно; данные не приняты, повторите позже' });
}
