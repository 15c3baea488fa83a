/**
 * A database server the hub reaches over the network (the central's PostgreSQL, DATABASE_URL), as
 * the start-up, /health and shutdown see it: hub/central-pg/postgres-store.ts implements it.
 */
export interface DatabaseServer {
  /** Brings the schema up to date; rejects (DatabaseUnavailableError when unreachable) without stopping the hub. */
  ready(): Promise<void>;
  /** Can the server be reached and used right now (/health). */
  status(): Promise<DatabaseStatus>;
  /** The reports' replica (REPORTS_DATABASE_URL) as /health shows it; null when the reports read the primary. */
  reportsReplica(): Promise<ReplicaHealth | null>;
  close(): Promise<void>;
}

/** The reports' replica's state (hub/central-pg/reports-replica.ts). */
export type ReplicaState = 'ok' | 'unreachable' | 'schema-behind' | 'schema-ahead';

/** /health's `reportsReplica`: its state and how far its replay is behind what it received, in seconds. */
export interface ReplicaHealth {
  state: ReplicaState;
  /** 0 when it has replayed all it received, or is itself a primary; null when it cannot be asked. */
  lagSeconds: number | null;
}

/**
 * ok; unreachable; schema-behind: reachable, but its schema is older than this program and the role
 * connected may not migrate it (the owner runs `migrate-pg`); error: anything else that stops the
 * start (a schema newer than this program), said in the log.
 */
export type DatabaseStatus = 'ok' | 'unreachable' | 'schema-behind' | 'error';
