import { createHash, randomBytes } from 'node:crypto';
import type { DeviceKind } from '../../shared/records.ts';
import { SettingNotLoadedError } from '../db/working-hours-store.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { inTransaction, queryable, type Queryable } from '../sql/queryable.ts';

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
export interface Device {
  id: string;
  officeId: string;
  kind: DeviceKind;
  name: string;
  createdAt: number;
  revokedAt: number | null;
}

const TOKEN_PREFIX = 'czn_dev_';
export const DEVICE_RELOAD_MS = 5_000;

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

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
    await db
      .insertInto('device')
      .values({ id: device.id, office_id: device.officeId, kind: device.kind, name: device.name, token_hash: hashToken(token), created_at: now, revoked_at: null })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          office_id: eb.ref('excluded.office_id'),
          kind: eb.ref('excluded.kind'),
          name: eb.ref('excluded.name'),
          token_hash: eb.ref('excluded.token_hash'),
          created_at: eb.ref('excluded.created_at'),
          revoked_at: null,
        })),
      )
      .execute();
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
  return rows.map(fromRow);
}

/** The unrevoked devices in memory, by token hash: what every device request is checked against. */
export interface DeviceCredentials {
  /** The device holding `token`, or null (unknown, revoked, or not a device token). */
  authenticate(token: string): Device | null;
  /** Reads the unrevoked devices into memory: at start, and after a transaction that wrote `device` ended. */
  load(sql: Queryable): Promise<void>;
}

export function createDeviceCredentials(): DeviceCredentials {
  let byHash: Map<string, Device> | null = null;
  // Loads may overlap (a route's reload, the periodic one): the one started last wins.
  let started = 0;
  let applied = 0;
  return {
    authenticate(token) {
      if (byHash === null) throw new SettingNotLoadedError('ключи устройств ещё не прочитаны из базы (load при запуске хаба)');
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
      const found = byHash.get(hashToken(token).toString('hex'));
      return found ? { ...found } : null;
    },
    async load(sql) {
      const generation = ++started;
      const rows = await queryable(sql).selectFrom('device').select(['id', 'office_id', 'kind', 'name', 'token_hash', 'created_at', 'revoked_at']).where('revoked_at', 'is', null).execute();
      if (generation < applied) return;
      applied = generation;
      byHash = new Map(rows.map((r) => [Buffer.from(r.token_hash).toString('hex'), fromRow(r)]));
    },
  };
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

interface DeviceRow {
  id: string;
  office_id: string;
  kind: DeviceKind;
  name: string;
  created_at: number;
  revoked_at: number | null;
}

const fromRow = (r: DeviceRow): Device => ({ id: r.id, officeId: r.office_id, kind: r.kind, name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at });
