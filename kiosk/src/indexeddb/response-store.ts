import type { SurveyResponse } from '../../../shared/records.ts';
import { draftHasContent, responseFromDraft, type SurveyDraft } from '../survey/draft.ts';
import type { Outbox, OutboxRecord } from '../sync/sync-loop.ts';
import type { KioskDb } from './kiosk-db.ts';

/** Drafts and the outbox in IndexedDB: thin on purpose, tested in Chromium (test/kiosk-*.test.ts). */
export interface ResponseStore extends Outbox {
  saveDraft(draft: SurveyDraft): Promise<void>;
  drafts(): Promise<SurveyDraft[]>;
  /**
   * Turns a draft into a final response in one transaction (the draft goes, the response is queued),
   * or just drops the draft if the client said nothing. Resolves once the write is on disk.
   */
  finalise(draft: SurveyDraft, complete: boolean): Promise<SurveyResponse | null>;
  /** Queues a finished record (an answer to a built survey); resolves once it is on disk. */
  queue(record: OutboxRecord): Promise<void>;
  counts(): Promise<{ pending: number; refused: number }>;
  /** The invitation token queued with a response (phone mode), or null. */
  tokenOf(id: string): Promise<string | null>;
}

const strict = { durability: 'strict' } as const;

export function responseStore(db: KioskDb, clock: () => number): ResponseStore {
  return {
    async saveDraft(draft) {
      await db.put('draft', draft);
    },
    drafts: () => db.getAll('draft'),
    async finalise(draft, complete) {
      const record = draftHasContent(draft) ? responseFromDraft(draft, complete) : null;
      // Both writes are issued at once, with no read in between: a read would wait for the page's
      // main thread (busy painting the tap) before the write could even start. Every save of this
      // draft was issued before this transaction and IndexedDB runs them in that order; none comes
      // after, because the store forgets the draft once it is final.
      const tx = db.transaction(['draft', 'outbox'], 'readwrite', strict);
      void tx.objectStore('draft').delete(draft.id);
      if (record) void tx.objectStore('outbox').put({ id: record.id, record, state: 'pending', queuedAt: clock(), reason: null, ...(draft.token ? { token: draft.token } : {}) });
      await tx.done;
      return record;
    },
    async queue(record) {
      const tx = db.transaction('outbox', 'readwrite', strict);
      void tx.store.put({ id: record.id, record, state: 'pending', queuedAt: clock(), reason: null });
      await tx.done;
    },
    async pending(limit) {
      const entries = await db.getAllFromIndex('outbox', 'by-state', 'pending', limit);
      return entries.map((e) => e.record);
    },
    async remove(ids) {
      const tx = db.transaction('outbox', 'readwrite', strict);
      await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
    },
    async setAside(refused) {
      const tx = db.transaction('outbox', 'readwrite', strict);
      for (const r of refused) {
        const entry = await tx.store.get(r.id);
        if (entry) await tx.store.put({ ...entry, state: 'refused', reason: r.reason });
      }
      await tx.done;
    },
    async tokenOf(id) {
      return (await db.get('outbox', id))?.token ?? null;
    },
    async counts() {
      const [pending, refused] = await Promise.all([db.countFromIndex('outbox', 'by-state', 'pending'), db.countFromIndex('outbox', 'by-state', 'refused')]);
      return { pending, refused };
    },
  };
}
