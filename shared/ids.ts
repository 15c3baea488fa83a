import { uuidv7 } from 'uuidv7';
import type { RecordId } from './records.ts';

/** A new record id: UUIDv7, time-ordered, made where the record is born. */
export function newRecordId(): RecordId {
  return uuidv7();
}

/** The instant (epoch ms) a UUIDv7 id was made at: its first 48 bits. */
export function recordIdTime(id: RecordId): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
