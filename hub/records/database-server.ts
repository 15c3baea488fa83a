/**
 * A database server the hub reaches over the network (the central's PostgreSQL, DATABASE_URL), as
 * the start-up, /health and shutdown see it: hub/central-pg/postgres-store.ts implements it.
 */
export interface DatabaseServer {
  /** Brings the schema up to date; rejects (DatabaseUnavailableError when unreachable) without stopping the hub. */
  ready(): Promise<void>;
  /** Can the server be reached and used right now (/health). */
  status(): Promise<DatabaseStatus>;
  close(): Promise<void>;
}

/**
 * ok; unreachable; schema-behind: reachable, but its schema is older than this program and the role
 * connected may not migrate it (the owner runs `migrate-pg`); error: anything else that stops the
 * start (a schema newer than this program), said in the log.
 */
export type DatabaseStatus = 'ok' | 'unreachable' | 'schema-behind' | 'error';
