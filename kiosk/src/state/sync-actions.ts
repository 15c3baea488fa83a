import type { SyncEvent } from '../sync/sync-loop.ts';
import { countError, syncView } from './app-state.ts';
import { runtime } from './runtime.ts';

/** Keeps the staff view and the heartbeat's figures in step with the outbox and the sync loop. */
export async function refreshCounts(): Promise<void> {
  try {
    const counts = await runtime().responses.counts();
    syncView.value = { ...syncView.value, ...counts };
  } catch {
    countError('storage');
  }
}

export function onSyncEvent(event: SyncEvent): void {
  switch (event.kind) {
    case 'delivered':
      syncView.value = { ...syncView.value, lastSyncAt: event.at, lastError: null, failures: 0 };
      if (event.conflicts > 0) countError('conflict');
      void runtime().settings.saveLastSyncAt(event.at).catch(() => countError('storage'));
      void refreshCounts();
      return;
    case 'refused':
      countError('refused');
      void refreshCounts();
      return;
    case 'failed':
      countError(event.reason);
      syncView.value = { ...syncView.value, lastError: event.reason, failures: event.failures };
      return;
    case 'idle':
      void refreshCounts();
      return;
  }
}
