import { createHash } from 'node:crypto';
import type { DeviceKind } from '../../shared/records.ts';
import { newestLoadWins } from './newest-load.ts';
import { queryable, type Queryable } from '../sql/queryable.ts';
import { SettingNotLoadedError } from './working-hours-store.ts';

/**
 * The registered, unrevoked devices in memory (ctx.devices), by their token's sha256: what every
 * device request is checked against (hub/devices/device-auth.ts). The `device` table is on CentralSql
 * (its store: hub/devices/credentials.ts); this is read at start (loadRegionalSettings) and again
 * after every transaction that wrote the table, and every DEVICE_RELOAD_MS for what another process
 * wrote (the `devices` CLI beside a running hub). A few hundred rows at most.
 */
export interface Device {
  id: string;
  officeId: string;
  kind: DeviceKind;
  name: string;
  createdAt: number;
  revokedAt: number | null;
}

export const TOKEN_PREFIX = 'czn_dev_';
export const DEVICE_RELOAD_MS = 5_000;

export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** The unrevoked devices in memory, by token hash: what every device request is checked against. */
export interface DeviceCredentials {
  /** The device holding `token`, or null (unknown, revoked, or not a device token). */
  authenticate(token: string): Device | null;
  /** Reads the unrevoked devices into memory: at start, and after a transaction that wrote `device` ended. */
  load(sql: Queryable): Promise<void>;
}

export function createDeviceCredentials(): DeviceCredentials {
  let byHash: Map<string, Device> | null = null;
  const load = newestLoadWins();
  return {
    authenticate(token) {
      if (byHash === null) throw new SettingNotLoadedError('ключи устройств ещё не прочитаны из базы (load при запуске хаба)');
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
      const found = byHash.get(hashToken(token).toString('hex'));
      return found ? { ...found } : null;
    },
    load: (sql) =>
      load(
        () => queryable(sql).selectFrom('device').select(['id', 'office_id', 'kind', 'name', 'token_hash', 'created_at', 'revoked_at']).where('revoked_at', 'is', null).execute(),
        (rows) => (byHash = new Map(rows.map((r) => [Buffer.from(r.token_hash).toString('hex'), deviceFromRow(r)]))),
      ),
  };
}

export const deviceFromRow = (r: { id: string; office_id: string; kind: DeviceKind; name: string; created_at: number; revoked_at: number | null }): Device => ({
  id: r.id,
  officeId: r.office_id,
  kind: r.kind,
  name: r.name,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});
