import type { Response } from 'express';
import type { Logger } from '../../shared/logger.ts';
import type { StorageWatch } from '../../shared/storage-watch.ts';
import { countRefusal, type RefusalCounts } from './refusals.ts';
import { classifyDatabaseError, DatabaseUnavailableError, SchemaBehindError } from './database-unavailable.ts';

/**
 * SQLite's codes for a write the storage could not take (better-sqlite3's `code`, with the extended
 * codes such as SQLITE_IOERR_WRITE or SQLITE_BUSY_SNAPSHOT under them), and Node's for a full or
 * failing disk. A constraint or a mistake in SQL is not among them: that is a bug, answered 500.
 */
const STORAGE_CODES = ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'ENOSPC', 'EDQUOT', 'EIO'];

/** The storage, not the request, failed: the sender should come back later (503), not be told it erred. */
export function isStorageFailure(error: unknown): boolean {
  // The central's stores on PostgreSQL (ctx.sql) throw the driver's own errors: a lost server is one.
  if (classifyDatabaseError(error) instanceof DatabaseUnavailableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_CODES.some((c) => code === c || code.startsWith(`${c}_`));
}

/**
 * The database refused a write (disk full, I/O error, locked too long): nothing of the request
 * was committed, so the sender must keep its data and come back. 503 with Retry-After says so.
 * A refusal for lack of space is counted (`disk-full` on /health) and turns the storage state
 * critical at once, so /health, the board and the mail say so before the next minute's check.
 */
export function answerStorageFailure(ctx: { logger: Logger; storage: StorageWatch; refusals: RefusalCounts }, res: Response, error: unknown): void {
  const noSpace = ctx.storage.noteWriteFailure(error);
  if (noSpace) countRefusal(ctx, 'disk-full');
  if (error instanceof SchemaBehindError) ctx.logger.error(`PostgreSQL: ${error.reason}; answering 503`);
  else ctx.logger.error({ err: error }, noSpace ? 'no space left for the data folder; answering 503' : 'storage failed; answering 503');
  res
    .status(503)
    .set('Retry-After', '30')
    .json({ ok: false, error: 'storage-unavailable', reason: reasonFor(error, noSpace) });
}

function reasonFor(thrown: unknown, noSpace: boolean): string {
  const error = classifyDatabaseError(thrown);
  if (noSpace) return 'диск хаба заполнен; данные не приняты, повторите позже';
  // The operator's own words: what is wrong with the schema and the command that mends it.
  if (error instanceof SchemaBehindError) return `база данных центрального сборщика не готова: ${error.reason}`;
  if (error instanceof DatabaseUnavailableError) return error.reason ?? 'база данных центрального сборщика недоступна; данные не приняты, повторите позже';
  return 'хранилище хаба недоступно; данные не приняты, повторите позже';
}
