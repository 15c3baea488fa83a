import type { Logger } from '../shared/logger.ts';
import type { Clock } from '../shared/time.ts';
import type { HubConfig } from './config.ts';
import type { Db } from './db/open.ts';
import type { HubEvents } from './events.ts';
import type { RefusalCounts } from './http/refusals.ts';
import type { RouteTable } from './http/route-table.ts';
import type { IngestBatch, IngestInto } from './ingest/ingest-batch.ts';
import type { AlertRuleStore } from './db/alert-rule-store.ts';
import type { WorkingHoursStore } from './db/working-hours-store.ts';
import type { OfficeStore } from './db/offices.ts';
import type { ServiceStore } from './db/services.ts';
import type { SurveyVersionStore } from './db/survey-versions.ts';
import type { DeviceCredentials } from './db/device-credentials.ts';
import type { StorageWatch } from '../shared/storage-watch.ts';
import type { RecordSource } from './records/record-source.ts';
import type { BulkRecordWriter } from './records/bulk-records.ts';
import type { DatabaseServer } from './records/database-server.ts';
import type { CentralSql } from './sql/central-sql.ts';

/** What every route and service of the hub is given: built once in server.ts, passed down. */
export interface HubContext {
  config: HubConfig;
  db: Db;
  logger: Logger;
  clock: Clock;
  events: HubEvents;
  ingest: IngestBatch;
  /** The ingest inside a caller's ctx.sql transaction: an answer and what it belongs to in one commit (ingest-batch.ts, IngestInto). */
  ingestInto: IngestInto;
  startedAt: number;
  schemaVersion: number;
  /** Malformed requests and records, by kind: counted and reported on /health, never fatal. */
  refusals: RefusalCounts;
  /** Every route, with its access rule: routers declare routes through it (see http/route-table.ts). */
  routes: RouteTable;
  /** The low-score alert rules in force: the CX sector's, else the configured default. */
  alertRules: AlertRuleStore;
  /** The working hours in force: the central's on an office hub that has one, else the configured ones. */
  workingHours: WorkingHoursStore;
  /** The kiosk's list of services (the `service` table on ctx.sql), read from memory. */
  services: ServiceStore;
  /** The office directory (the `office` table on ctx.sql), read from memory. */
  offices: OfficeStore;
  /** The built surveys' frozen versions and this hub's offer (survey_version, survey_offer on ctx.sql), read from memory. */
  surveyVersions: SurveyVersionStore;
  /** The registered, unrevoked devices by token hash (the `device` table on ctx.sql), read from memory on every device request. */
  devices: DeviceCredentials;
  /** The data folder's free space (shared/storage-watch.ts): on /health, the board, the forward envelope. */
  storage: StorageWatch;
  /** Where the figures read presses and responses: this hub's SQLite, or the central's PostgreSQL (DATABASE_URL). */
  records: RecordSource;
  /** The central's PostgreSQL, which takes the offices' presses and responses; null: they go into `db` (the default). */
  recordWriter: BulkRecordWriter | null;
  /** The central's PostgreSQL connection (DATABASE_URL), for its start, /health and close; null on SQLite. */
  postgres: DatabaseServer | null;
  /** The stores already written for both databases (hub/sql/central-sql.ts): the archive of reports so far. */
  sql: CentralSql;
}

// Counting a refusal is the HTTP toolkit's (its 503 answer counts `disk-full`); every part reaches it here too.
export { countRefusal } from './http/refusals.ts';
