import { signal } from '@preact/signals';
import { INTERVIEWER_BATCH_RECORDS, INTERVIEWER_RECORDS_PATH, type InterviewerItem } from '../../../../shared/interviewer.ts';
import { createSyncLoop, type SyncEvent, type SyncLoop } from '../../../../shared/outbox-drain/drain-loop.ts';
import { httpSubmitter } from '../../../../shared/outbox-drain/submitter.ts';
import type { InterviewerOutbox } from './interviewer-outbox.ts';

/**
 * Sends the tablet's queue to the office hub with the shared drain loop (shared/outbox-drain/), as
 * the kiosk does, but with the staff session: the cookie and the CSRF token of the page. It retries
 * forever with full-jitter backoff (at most a quarter of a minute between tries), at once when the
 * browser says the network is back, and when the employee presses «Отправить сейчас».
 */
export interface LinkState {
  pending: number;
  refused: number;
  /** The hub answered the last try (true), did not (false), or nothing was tried yet (null). */
  reachable: boolean | null;
  /** The hub answered 401/403: the session is over; the answers wait on the device. */
  signedOut: boolean;
}

export const link = signal<LinkState>({ pending: 0, refused: 0, reachable: null, signedOut: false });

export interface InterviewerSync {
  kick(): void;
  /** Re-reads the queue's counts (after something was queued). */
  refresh(): Promise<void>;
  stop(): void;
}

export function startInterviewerSync(outbox: InterviewerOutbox, csrfToken: string | null): InterviewerSync {
  const refresh = async () => {
    const counts = await outbox.counts();
    link.value = { ...link.value, ...counts };
  };
  const onEvent = (event: SyncEvent) => {
    if (event.kind === 'failed') link.value = { ...link.value, reachable: false, signedOut: event.reason === 'unauthorized' };
    else if (event.kind !== 'idle') link.value = { ...link.value, reachable: true, signedOut: false };
    void refresh();
  };
  const loop: SyncLoop = createSyncLoop<InterviewerItem>({
    outbox,
    submitter: httpSubmitter<InterviewerItem>({ url: INTERVIEWER_RECORDS_PATH, headers: csrfToken ? { 'x-csrf-token': csrfToken } : {}, timeoutMs: 15_000, credentials: 'same-origin' }),
    clock: () => Date.now(),
    timer: { set: (callback, ms) => window.setTimeout(callback, ms), clear: (handle) => window.clearTimeout(handle) },
    random: Math.random,
    backoff: { baseMs: 1000, capMs: 15_000 },
    batchSize: INTERVIEWER_BATCH_RECORDS,
    report: onEvent,
  });
  const online = () => loop.kick();
  window.addEventListener('online', online);
  void refresh().then(() => loop.kick());
  return {
    kick: () => loop.kick(),
    refresh,
    stop() {
      window.removeEventListener('online', online);
      loop.stop();
    },
  };
}
