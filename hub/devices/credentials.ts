import { randomBytes } from 'node:crypto';
import type { DeviceKind } from '../../shared/records.ts';
import { deviceFromRow, hashToken, TOKEN_PREFIX, type Device, type DeviceCredentials } from '../db/device-credentials.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { inTransaction, queryable, type Queryable } from '../sql/queryable.ts';

export { createDeviceCredentials, DEVICE_RELOAD_MS, type Device, type DeviceCredentials } from '../db/device-credentials.ts';

/**
 * Per-device credentials: a bearer token of 256 random bits, shown once at registration and
 * stored only as its sha256 (a token this long needs no slow hash: it cannot be guessed).
 *
 * The `device` table is on CentralSql (hub/sql/; SQLite 0001, PostgreSQL 0025). Every device
 * request of an office hub is checked against it, so the unrevoked devices are kept in memory
 * (ctx.devices, a Map by token hash of a few hundred rows at most): `load` fills it at start
 * (loadRegionalSettings) and again after every transaction that wrote the table (register, revoke,
 * pair), before the route that wrote answers: a revocation takes effect on the very next request.
 * A change made by another process (the `devices` CLI beside a running hub) is read within
 * DEVICE_RELOAD_MS by the hub's periodic reload (server.ts).
 */
export class DeviceExistsError extends Error {
  override name = 'DeviceExistsError';
}

/**
 * Registers a device and returns its token (shown once). A revoked device registered again keeps
 * its id (its buffered records carry it) with a new token. Given ctx.sql, runs in a transaction of
 * its own; given an open transaction (pairing), in that one. The caller reloads ctx.devices after.
 */
export async function registerDevice(sql: Queryable, device: { id: string; officeId: string; kind: DeviceKind; name: string }, now: number): Promise<string> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  await inTransaction(sql, async (db) => {
    const existing = await db.selectFrom('device').select('revoked_at').where('id', '=', device.id).executeTakeFirst();
    if (existing && existing.revoked_at === null) throw new DeviceExistsError(`устройство ${device.id} уже зарегистрировано; сначала отзовите его`);
    const written = await db
      .insertInto('device')
      .values({ id: device.id, office_id: device.officeId, kind: device.kind, name: device.name, token_hash: hashToken(token), created_at: now, revoked_at: null })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            office_id: eb.ref('excluded.office_id'),
            kind: eb.ref('excluded.kind'),
            name: eb.ref('excluded.name'),
            token_hash: eb.ref('excluded.token_hash'),
            created_at: eb.ref('excluded.created_at'),
            revoked_at: null,
          }))
          // Only a revoked one is taken over: one registered meanwhile by another request (PostgreSQL
          // runs them side by side) is refused below, so its token keeps working.
          .where('device.revoked_at', 'is not', null),
      )
      .executeTakeFirst();
    if (Number(written.numInsertedOrUpdatedRows ?? 0n) === 0) throw new DeviceExistsError(`устройство ${device.id} уже зарегистрировано; сначала отзовите его`);
  });
  return token;
}

/** false: no unrevoked device of that id. The caller reloads ctx.devices before it answers. */
export async function revokeDevice(sql: Queryable, id: string, now: number): Promise<boolean> {
  const result = await queryable(sql).updateTable('device').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listDevices(sql: Queryable): Promise<Device[]> {
  const rows = await queryable(sql).selectFrom('device').select(['id', 'office_id', 'kind', 'name', 'created_at', 'revoked_at']).orderBy('office_id').orderBy('id').execute();
  return rows.map(deviceFromRow);
}

/** Whatever holds the devices' table and their memory: the hub's context, or a test's pair. */
export interface DeviceHolder {
  sql: CentralSql;
  devices: DeviceCredentials;
}

/** Registers a device and reloads the memory, so its token works on the next request (tests, tools). */
export async function registerDeviceNow(hub: DeviceHolder, device: { id: string; officeId: string; kind: DeviceKind; name: string }, now: number): Promise<string> {
  try {
    return await registerDevice(hub.sql, device, now);
  } finally {
    await hub.devices.load(hub.sql);
  }
}

/** Revokes a device and reloads the memory before returning: its next request is refused. */
export async function revokeDeviceNow(hub: DeviceHolder, id: string, now: number): Promise<boolean> {
  try {
    return await revokeDevice(hub.sql, id, now);
  } finally {
    await hub.devices.load(hub.sql);
  }
}
