import type { KioskBinding } from '../setup/binding.ts';
import type { KioskDb } from './kiosk-db.ts';

/** The kiosk's registration and its last successful sync, kept across restarts. */
export function settingStore(db: KioskDb) {
  return {
    binding: async () => ((await db.get('setting', 'binding')) as KioskBinding | undefined) ?? null,
    saveBinding: async (binding: KioskBinding) => void (await db.put('setting', binding, 'binding')),
    clearBinding: async () => void (await db.delete('setting', 'binding')),
    lastSyncAt: async () => ((await db.get('setting', 'lastSyncAt')) as number | undefined) ?? null,
    saveLastSyncAt: async (at: number) => void (await db.put('setting', at, 'lastSyncAt')),
  };
}
export type SettingStore = ReturnType<typeof settingStore>;
