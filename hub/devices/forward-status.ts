import { EventEmitter } from 'node:events';
import { fromInstant } from '../../shared/time.ts';
import type { ForwardingRow, ForwardStatus } from './board-model.ts';

/**
 * Where the forwarding service (hub/forward/) reports the office hub → central link for the АХО
 * board. It lives on the hub context as `ctx.forwardStatus`; the forwarder calls
 * `ctx.forwardStatus.set({...})` whenever its state changes (after each attempt is enough), and the
 * board shows the newest report in its "office hub → central" row and re-broadcasts.
 */
export class ForwardStatusSlot {
  #status: ForwardStatus | null = null;
  readonly #changes = new EventEmitter<{ change: [] }>();

  set(status: ForwardStatus | null): void {
    this.#status = status === null ? null : { ...status };
    this.#changes.emit('change');
  }

  get(): ForwardStatus | null {
    return this.#status;
  }

  /** Returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#changes.on('change', listener);
    return () => this.#changes.off('change', listener);
  }
}

/**
 * failing: the last attempt failed (newer than the last success);
 * lagging: records have waited longer than the board's silence limit;
 * ok otherwise.
 */
export function forwardingRow(status: ForwardStatus | null, now: number, lagLimitMs: number): ForwardingRow | null {
  if (!status) return null;
  const oldestAgeMs = status.oldestQueuedAt === null ? null : Math.max(0, now - fromInstant(status.oldestQueuedAt));
  const failing = status.lastError !== null && (status.lastSuccessAt === null || status.lastErrorAt === null || status.lastErrorAt >= status.lastSuccessAt);
  const state = failing ? 'failing' : oldestAgeMs !== null && oldestAgeMs > lagLimitMs ? 'lagging' : 'ok';
  return { ...status, oldestAgeMs, state };
}
