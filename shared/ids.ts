import { uuidv7 } from 'uuidv7';
import type { RecordId } from './records.ts';

/** A new record id: UUIDv7, time-ordered, made where the record is born. */
export function newRecordId(): RecordId {
  return uuidv7();
}
