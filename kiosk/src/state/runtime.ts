import type { IdleTimer } from '../idle/idle-timer.ts';
import type { ResponseStore } from '../indexeddb/response-store.ts';
import type { SettingStore } from '../indexeddb/setting-store.ts';
import type { SyncLoop } from '../sync/sync-loop.ts';
import type { KioskBinding } from '../setup/binding.ts';

/** What the actions need from the world, given once by main.tsx (and by nothing else). */
export interface Runtime {
  responses: ResponseStore;
  settings: SettingStore;
  sync: SyncLoop | null;
  idle: IdleTimer;
  clock: () => number;
  newId: () => string;
  timings: { idleMs: number; thanksMs: number; staffMs: number; requestTimeoutMs: number };
  binding: KioskBinding | null;
  /** Starts syncing and the heartbeat once the kiosk is bound (at start, or after setup). */
  startDelivery(binding: KioskBinding | null): void;
}

let current: Runtime | null = null;

export function setRuntime(runtime: Runtime): void {
  current = runtime;
}

export function runtime(): Runtime {
  if (!current) throw new Error('runtime not set: main.tsx sets it before the first render');
  return current;
}
