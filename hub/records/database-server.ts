/**
 * A database server the hub reaches over the network (the central's PostgreSQL, DATABASE_URL), as
 * the start-up, /health and shutdown see it: hub/central-pg/postgres-store.ts implements it.
 */
export interface DatabaseServer {
  /** Brings the schema up to date; rejects (DatabaseUnavailableError when unreachable) without stopping the hub. */
  ready(): Promise<void>;
  /** Can the server be reached and queried right now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
