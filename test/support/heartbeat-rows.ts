import { CompiledQuery } from 'kysely';
import type { Heartbeat } from '../../shared/records.ts';
import { INSERT_BATCH } from '../../hub/central-pg/batch-sql.ts';
import { columnArrays } from '../../hub/central-pg/record-columns.ts';
import { createRecordStore } from '../../hub/db/record-rows.ts';
import type { OpenedDatabase } from './both-databases.ts';

/**
 * Stores heartbeats as each database's receive path does: on SQLite the synchronous record store
 * (hub/db/record-rows.ts), on PostgreSQL INSERT_BATCH (hub/central-pg/batch-sql.ts), in one statement.
 */
export async function storeHeartbeats(opened: OpenedDatabase, beats: readonly { record: Heartbeat; receivedAt: number }[]): Promise<void> {
  if (opened.sqlite) {
    const store = createRecordStore(opened.sqlite);
    for (const b of beats) store.insert(b.record, b.receivedAt);
    return;
  }
  const columns = columnArrays(beats);
  await opened.sql.db.executeQuery(CompiledQuery.raw(INSERT_BATCH, [...columns.press, ...columns.response, ...columns.heartbeat]));
}
