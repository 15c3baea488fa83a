import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxRecord } from '../sync/sync-loop.ts';
import type { SurveyDraft } from '../survey/draft.ts';

/**
 * The kiosk's IndexedDB: the one place the browser keeps what must survive a reload, a crash or a
 * power cut. `draft`: surveys in progress; `outbox`: final responses until the hub acknowledges
 * them by id; `setting`: the device binding and the last sync time.
 *
 * Writes that stand for a client's answer use durability 'strict' (flushed to disk before the
 * transaction completes); Chromium's default, 'relaxed', may lose the last seconds on power loss.
 */
export type OutboxState = 'pending' | 'refused';

export interface OutboxEntry {
  id: string;
  record: OutboxRecord;
  state: OutboxState;
  queuedAt: number;
  /** Why the hub refused it (state 'refused'). */
  reason: string | null;
  /** Phone mode: the invitation token to send with it (absent for the kiosk and the poster). */
  token?: string;
}

interface KioskSchema extends DBSchema {
  draft: { key: string; value: SurveyDraft };
  outbox: { key: string; value: OutboxEntry; indexes: { 'by-state': OutboxState } };
  setting: { key: string; value: unknown };
}

export type KioskDb = IDBPDatabase<KioskSchema>;

export const KIOSK_DB_NAME = 'czn-kiosk';

export function openKioskDb(): Promise<KioskDb> {
  return openDB<KioskSchema>(KIOSK_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('draft', { keyPath: 'id' });
      const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
      outbox.createIndex('by-state', 'state');
      db.createObjectStore('setting');
    },
  });
}

/** Asks the browser not to evict the outbox under storage pressure; granted for installed/kiosk apps. */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}
