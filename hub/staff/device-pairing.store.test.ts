import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { authenticateDevice, listDevices } from '../devices/credentials.ts';
import { seedDefaultOffices } from '../db/offices.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { sqlOverSqlite, type CentralSql } from '../sql/central-sql.ts';
import { createPairingCode, PAIRING_TTL_MS, redeemPairingCode, type PairingRequest } from './device-pairing.ts';
import { hashSecret } from './tokens.ts';

/**
 * Devices' pairing codes (pairing_code), the same statements on the hub's SQLite and on the
 * central's PostgreSQL. The device table stays in the hub's SQLite: on SQLite both are one file and
 * one transaction, on PostgreSQL the devices are in a SQLite file beside it.
 */
const NOW = Date.UTC(2026, 10, 20, 9, 0);

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('pairing codes on $name', (database) => {
  let opened: OpenedDatabase;
  let hub: Db;
  let sql: CentralSql;
  beforeAll(async () => {
    opened = await database.open();
    hub = openDatabase(path.join(makeTempDir('pairing-'), 'hub.sqlite')).db;
    seedOfficesOnSqlite(hub);
    sql = database.name === 'sqlite' ? sqlOverSqlite(hub) : opened.sql;
    // The office directory is on CentralSql too (empty on a fresh PostgreSQL database).
    await seedDefaultOffices(sql);
  });
  afterAll(async () => {
    await opened?.close();
    hub?.close();
  });

  const kiosk = (deviceId: string): PairingRequest => ({ deviceId, officeId: 'sharya', kind: 'kiosk', name: 'Киоск у окна 7' });

  it('a code works once, however it is typed, and registers the device with a working key', async () => {
    const { code, expiresAt } = await createPairingCode(sql, kiosk('k-once'), 'aho', NOW);
    expect(code).toMatch(/^\d{4}-\d{4}$/);
    expect(expiresAt).toBe(NOW + PAIRING_TTL_MS);
    const row = await sql.db.selectFrom('pairing_code').selectAll().where('code_hash', '=', hashSecret(code.replace('-', ''))).executeTakeFirstOrThrow();
    expect(row).toEqual({ code_hash: hashSecret(code.replace('-', '')), device_id: 'k-once', office_id: 'sharya', kind: 'kiosk', name: 'Киоск у окна 7', created_by: 'aho', created_at: NOW, expires_at: NOW + PAIRING_TTL_MS, used_at: null });

    const result = await redeemPairingCode(sql, hub, ` ${code.replace('-', ' ')} `, NOW + 1000);
    expect(result).toMatchObject({ ok: true, device: kiosk('k-once'), createdBy: 'aho' });
    if (!result.ok) return;
    expect(authenticateDevice(hub, result.token)).toMatchObject({ id: 'k-once', officeId: 'sharya', kind: 'kiosk', revokedAt: null });
    expect(await redeemPairingCode(sql, hub, code, NOW + 2000)).toEqual({ ok: false, reason: 'used' });
    expect((await sql.db.selectFrom('pairing_code').select('used_at').where('code_hash', '=', row.code_hash).executeTakeFirstOrThrow()).used_at).toBe(NOW + 1000);
  });

  it('an unknown code, and a code past its ten minutes, are refused and spend nothing', async () => {
    expect(await redeemPairingCode(sql, hub, '0000-0000', NOW)).toEqual({ ok: false, reason: 'unknown-code' });
    const { code } = await createPairingCode(sql, kiosk('k-late'), 'aho', NOW);
    expect(await redeemPairingCode(sql, hub, code, NOW + PAIRING_TTL_MS)).toEqual({ ok: false, reason: 'expired' });
    expect(listDevices(hub).some((d) => d.id === 'k-late')).toBe(false);
  });

  it('pairing a device again replaces its old key', async () => {
    const first = await redeemPairingCode(sql, hub, (await createPairingCode(sql, kiosk('k-again'), 'aho', NOW)).code, NOW);
    const second = await redeemPairingCode(sql, hub, (await createPairingCode(sql, kiosk('k-again'), 'aho', NOW + 10)).code, NOW + 20);
    if (!first.ok || !second.ok) throw new Error('pairing refused');
    expect(authenticateDevice(hub, first.token)).toBeNull();
    expect(authenticateDevice(hub, second.token)).toMatchObject({ id: 'k-again' });
  });

  it('two devices redeeming one code at once: exactly one wins, the other hears «used»', async () => {
    for (let round = 0; round < 5; round++) {
      const { code } = await createPairingCode(sql, kiosk(`k-race-${round}`), 'aho', NOW);
      const results = await Promise.all([redeemPairingCode(sql, hub, code, NOW + 1), redeemPairingCode(sql, hub, code, NOW + 2), redeemPairingCode(sql, hub, code, NOW + 3)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(['used', 'used']);
      const winner = results.find((r) => r.ok);
      expect(winner?.ok && authenticateDevice(hub, winner.token)).toMatchObject({ id: `k-race-${round}` });
    }
  });

  it('a failing device write leaves the code unused (one transaction)', async () => {
    const { code } = await createPairingCode(sql, kiosk('k-fails'), 'aho', NOW);
    hub.exec("CREATE TRIGGER refuse_device BEFORE INSERT ON device WHEN NEW.id = 'k-fails' BEGIN SELECT RAISE(ABORT, 'no room'); END");
    try {
      await expect(redeemPairingCode(sql, hub, code, NOW + 1)).rejects.toThrow('no room');
    } finally {
      hub.exec('DROP TRIGGER refuse_device');
    }
    expect(await redeemPairingCode(sql, hub, code, NOW + 2)).toMatchObject({ ok: true });
  });

  it('refuses a code for an unknown kind of device (CHECK on both)', async () => {
    await expect(
      sql.db
        .insertInto('pairing_code')
        .values({ code_hash: hashSecret('x'), device_id: 'd', office_id: 'sharya', kind: 'printer' as 'kiosk', name: 'n', created_by: 'aho', created_at: NOW, expires_at: NOW, used_at: null })
        .execute(),
    ).rejects.toThrow();
  });
});
