import type { ServerResponse } from 'node:http';
import type { Logger } from '../../shared/logger.ts';
import { SchemaBehindError } from '../http/database-unavailable.ts';
import type { DatabaseServer } from '../records/database-server.ts';

/** How often a central waiting for its PostgreSQL tries again, and the Retry-After it answers meanwhile. */
export const DATABASE_RETRY_MS = 5_000;

/**
 * Until the central's PostgreSQL answers with its schema up to date: a server still starting, or a
 * schema the owner has not migrated yet (the reason says which command mends it). Said in the log
 * when it starts waiting and whenever the reason changes, then once when it goes on.
 */
export async function waitForDatabase(server: DatabaseServer, logger: Logger): Promise<void> {
  let said: string | null = null;
  for (;;) {
    try {
      await server.ready();
      if (said !== null) logger.info('PostgreSQL готова; центральный сборщик запускается');
      return;
    } catch (error) {
      const reason = error instanceof SchemaBehindError ? error.reason : `PostgreSQL недоступна (${(error as Error)?.message ?? String(error)})`;
      if (reason !== said) logger.error(`${reason}. Центральный сборщик ждёт базу данных и проверяет её каждые ${DATABASE_RETRY_MS / 1000} с; отделы хранят записи у себя.`);
      said = reason;
      await new Promise((resolve) => setTimeout(resolve, DATABASE_RETRY_MS));
    }
  }
}

/**
 * Every request while the central waits for its database, /health included: 503 with Retry-After,
 * as when the database goes away later (http/storage-failure.ts), so an office hub keeps its batch
 * and a monitor sees the central down rather than a refused connection. The reason stays general:
 * the central faces the internet, and what is wrong (an address, a schema) is in its log.
 */
export function answerWhileWaiting(res: ServerResponse): void {
  res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': String(DATABASE_RETRY_MS / 1000), 'Cache-Control': 'no-store' });
  res.end(JSON.stringify({ ok: false, error: 'storage-unavailable', reason: 'центральный сборщик запускается и ждёт свою базу данных; данные не приняты, повторите позже' }));
}
