import { EventEmitter } from 'node:events';
import { fromInstant } from '../../shared/time.ts';
import type { ForwardingRow, ForwardReport } from '../../shared/protocol/board.ts';

/**
 * Where the forwarding service (hub/forward/) reports the office hub → central link to the АХО
 * board: `ctx.forwardStatus`. Either register a provider the board calls at each snapshot
 * (`ctx.forwardStatus.provide(() => getForwardStatus(db, config, ctx.clock()))`) or push reports
 * with `set(report)`; call `changed()` after an attempt so the board re-broadcasts at once instead
 * of at its next periodic refresh.
 */
export type ForwardReportProvider = () => ForwardReport | null;

export class ForwardStatusSlot {
  #provider: ForwardReportProvider = () => null;
  readonly #changes = new EventEmitter<{ change: [] }>();

  provide(provider: ForwardReportProvider): void {
    this.#provider = provider;
    this.changed();
  }

  set(report: ForwardReport | null): void {
    const copy = report === null ? null : structuredClone(report);
    this.provide(() => copy);
  }

  changed(): void {
    this.#changes.emit('change');
  }

  /** The current report; a provider that throws (its database failing) reads as "no report". */
  read(): ForwardReport | null {
    try {
      return this.#provider();
    } catch {
      return null;
    }
  }

  /** Returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#changes.on('change', listener);
    return () => this.#changes.off('change', listener);
  }
}

export function forwardingRow(report: ForwardReport | null, now: number, lagLimitMs: number): ForwardingRow | null {
  if (!report) return null;
  const oldest = report.backlog.oldestReceivedAt;
  const oldestAgeMs = oldest === null ? null : Math.max(0, now - fromInstant(oldest));
  const state = !report.configured ? 'off' : report.failing ? 'failing' : oldestAgeMs !== null && oldestAgeMs > lagLimitMs ? 'lagging' : 'ok';
  return {
    configured: report.configured,
    centralUrl: report.centralUrl,
    backlog: report.backlog.count,
    oldestQueuedAt: oldest,
    oldestAgeMs,
    lastSyncAt: report.lastSyncAt,
    lastError: report.lastError,
    state,
  };
}
