import type { Heartbeat } from '../../../shared/records.ts';
import { toInstant } from '../instant.ts';
import type { Timer } from '../timer.ts';
import type { Submitter } from './submitter.ts';

/**
 * The kiosk's minute heartbeat for the АХО board: app version, responses not yet delivered, last
 * delivery, error counters. Sent as a one-record batch and never queued: a missed heartbeat is
 * itself the news (the board marks the kiosk off line), and an old one is worth nothing.
 */
export interface HeartbeatFacts {
  id: string;
  officeId: string;
  deviceId: string;
  at: number;
  version: string;
  backlog: number;
  lastSyncAt: number | null;
  errors: Record<string, number>;
}

export function buildHeartbeat(facts: HeartbeatFacts): Heartbeat {
  const errors: Record<string, number> = {};
  for (const [key, count] of Object.entries(facts.errors)) {
    const safe = key.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40);
    if (safe && Number.isInteger(count) && count >= 0) errors[safe] = (errors[safe] ?? 0) + count;
  }
  return {
    kind: 'heartbeat',
    id: facts.id,
    officeId: facts.officeId,
    deviceId: facts.deviceId,
    bornAt: toInstant(facts.at),
    deviceKind: 'kiosk',
    version: facts.version.slice(0, 40) || 'unknown',
    backlog: Math.max(0, facts.backlog),
    lastSyncAt: facts.lastSyncAt === null ? null : toInstant(facts.lastSyncAt),
    errors,
    panels: [],
  };
}

export function startHeartbeat(deps: { submitter: Submitter; timer: Timer; intervalMs: number; facts: () => Promise<HeartbeatFacts>; onSent?: (ok: boolean) => void }): () => void {
  let handle: number | null = null;
  let stopped = false;
  const beat = async () => {
    try {
      const outcome = await deps.submitter.submit([buildHeartbeat(await deps.facts())]);
      deps.onSent?.(outcome.kind === 'acked');
    } catch {
      deps.onSent?.(false);
    }
    if (!stopped) handle = deps.timer.set(() => void beat(), deps.intervalMs);
  };
  void beat();
  return () => {
    stopped = true;
    if (handle !== null) deps.timer.clear(handle);
  };
}
