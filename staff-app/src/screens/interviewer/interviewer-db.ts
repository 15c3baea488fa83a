import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { InterviewerItem } from '../../../../shared/interviewer.ts';

/**
 * The interviewer tablet's IndexedDB (its own database, apart from any kiosk's): `outbox` holds each
 * visitor's answers and each refusal until the office hub acknowledges its id, and those the hub
 * refused (kept, shown with the reason); `tally` counts what this device took per Moscow day and
 * survey, for «сегодня на этом устройстве». Writes that stand for a visitor's answer use durability
 * 'strict', as the kiosk's do: flushed to disk before the page is told it is saved.
 */
export type ItemState = 'pending' | 'refused';

export interface QueuedItem {
  id: string;
  item: InterviewerItem;
  state: ItemState;
  queuedAt: number;
  /** Its JSON in UTF-8 bytes: batches are cut by it. */
  bytes: number;
  reason: string | null;
}

export interface DayTally {
  /** `${day}|${surveyId}` */
  key: string;
  day: string;
  surveyId: string;
  answers: number;
  refusals: number;
}

interface InterviewerSchema extends DBSchema {
  outbox: { key: string; value: QueuedItem; indexes: { 'by-state': ItemState } };
  tally: { key: string; value: DayTally };
}

export type InterviewerDb = IDBPDatabase<InterviewerSchema>;

export const INTERVIEWER_DB_NAME = 'czn-interviewer';

export function openInterviewerDb(): Promise<InterviewerDb> {
  return openDB<InterviewerSchema>(INTERVIEWER_DB_NAME, 1, {
    upgrade(db) {
      const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
      outbox.createIndex('by-state', 'state');
      db.createObjectStore('tally', { keyPath: 'key' });
    },
  });
}
