/**
 * The central's database server (PostgreSQL, DATABASE_URL) could not be reached or went away
 * mid-request: nothing of the request was committed. Routes let it propagate; the app's error
 * handler answers 503 with Retry-After (storage-failure.ts), so an office hub keeps its batch in
 * its outbox and comes back, and a report page says "try again" rather than "internal error".
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  /**
   * What the 503 tells the reader, in Russian, when it is not the primary that failed (the reports'
   * replica, hub/central-pg/reports-replica.ts); null: the primary's own message.
   */
  readonly reason: string | null;
  constructor(override readonly cause: unknown, reason: string | null = null) {
    super(`database unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.reason = reason;
  }
}

// SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P01-03 (shutdown,
// crash, cannot connect now) and the socket errors of a server that is not there.
const UNAVAILABLE_CODES = /^(08|53|57P0[1-3]|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)/;
const UNAVAILABLE_TEXT = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

/** The error as thrown, or wrapped when it says the server is unreachable (then it is worth retrying). */
export function classifyDatabaseError(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = String((error as Error)?.message ?? '');
  return UNAVAILABLE_CODES.test(code) || UNAVAILABLE_TEXT.test(message) ? new DatabaseUnavailableError(error) : error;
}

/**
 * The server answers, but its schema is behind this program and the role the central connects as
 * may not bring it up (hub/central-pg/schema-gate.ts): answered like an unreachable server (503, the
 * office keeps its batch), with `reason` — in Russian, for the operator — in the log and the answer.
 */
export class SchemaBehindError extends DatabaseUnavailableError {
  declare readonly reason: string;
  constructor(reason: string) {
    super(new Error(reason), reason);
    this.message = reason;
  }
}
