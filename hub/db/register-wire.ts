import { REGISTER_RECORD_KIND, type RegisterEvent, type RegisterWireRecord } from '../../shared/register.ts';
import { toInstant } from '../../shared/time.ts';
import type { Db } from './open.ts';

/**
 * The register events an office hub forwards, read by its outbox (hub/outbox/outbox.ts) in the
 * outbox's own synchronous batch read. An office hub's register is always in its SQLite (only the
 * central may run on PostgreSQL), and the events were written there by the register's store
 * (register-rows.ts) over the same handle.
 */
interface EventRow {
  body: string;
  received_at: number;
}

const toWire = (row: EventRow): RegisterWireRecord => ({ kind: REGISTER_RECORD_KIND, ...(JSON.parse(row.body) as RegisterEvent), receivedAt: toInstant(row.received_at) });

export function createRegisterWire(db: Db) {
  const selectOne = db.prepare('SELECT body, received_at FROM register_event WHERE id = ?');
  const selectMany = db.prepare('SELECT body, received_at FROM register_event WHERE id IN (SELECT value FROM json_each(?))');

  /** Events in their wire form; absent ids are absent from the map. */
  function readMany(ids: readonly string[]): Map<string, RegisterWireRecord> {
    const found = new Map<string, RegisterWireRecord>();
    if (ids.length === 0) return found;
    for (const row of selectMany.all(JSON.stringify(ids)) as EventRow[]) {
      const record = toWire(row);
      found.set(record.id, record);
    }
    return found;
  }

  function read(id: string): RegisterWireRecord | null {
    const row = selectOne.get(id) as EventRow | undefined;
    return row ? toWire(row) : null;
  }

  return { readMany, read };
}
