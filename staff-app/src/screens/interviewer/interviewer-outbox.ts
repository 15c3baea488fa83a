import { INTERVIEWER_BATCH_BYTES, type InterviewerItem } from '../../../../shared/interviewer.ts';
import type { Outbox } from '../../../../shared/outbox-drain/drain-loop.ts';
import type { DayTally, InterviewerDb, QueuedItem } from './interviewer-db.ts';

/**
 * The tablet's queue over its IndexedDB, as the shared drain loop reads it (pending, remove, set
 * aside), plus what the page shows: counts, the refused items and today's tally. Thin on purpose;
 * tested in Chromium (test/interviewer-browser.test.ts).
 */
export interface InterviewerOutbox extends Outbox<InterviewerItem> {
  /** Queues an answer or a refusal and counts it for `day`, in one transaction; resolves once on disk. */
  queue(item: InterviewerItem, day: string): Promise<void>;
  counts(): Promise<{ pending: number; refused: number }>;
  refused(): Promise<QueuedItem[]>;
  tally(day: string): Promise<DayTally[]>;
}

const strict = { durability: 'strict' } as const;
const encoder = new TextEncoder();

export function interviewerOutbox(db: InterviewerDb, clock: () => number): InterviewerOutbox {
  return {
    async queue(item, day) {
      const key = `${day}|${item.surveyId}`;
      const tx = db.transaction(['outbox', 'tally'], 'readwrite', strict);
      const tallies = tx.objectStore('tally');
      void tx.objectStore('outbox').put({ id: item.id, item, state: 'pending', queuedAt: clock(), bytes: encoder.encode(JSON.stringify(item)).length, reason: null });
      const held = (await tallies.get(key)) ?? { key, day, surveyId: item.surveyId, answers: 0, refusals: 0 };
      void tallies.put(item.kind === 'survey-answer' ? { ...held, answers: held.answers + 1 } : { ...held, refusals: held.refusals + 1 });
      await tx.done;
    },
    async pending(limit) {
      const entries = await db.getAllFromIndex('outbox', 'by-state', 'pending', limit);
      // Cut by bytes too: at least one, then only while the batch stays under the hub's measure.
      const batch: InterviewerItem[] = [];
      let bytes = 0;
      for (const entry of entries) {
        if (batch.length > 0 && bytes + entry.bytes > INTERVIEWER_BATCH_BYTES) break;
        batch.push(entry.item);
        bytes += entry.bytes;
      }
      return batch;
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
    async counts() {
      const [pending, refused] = await Promise.all([db.countFromIndex('outbox', 'by-state', 'pending'), db.countFromIndex('outbox', 'by-state', 'refused')]);
      return { pending, refused };
    },
    refused: () => db.getAllFromIndex('outbox', 'by-state', 'refused'),
    async tally(day) {
      return (await db.getAll('tally')).filter((t) => t.day === day);
    },
  };
}
