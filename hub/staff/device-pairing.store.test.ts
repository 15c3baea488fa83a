import { afterAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES } from '../../test/support/both-databases.ts';
import { openDevicesForSuite } from '../../test/support/device-holder.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { listDevices, type DeviceHolder } from '../devices/credentials.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { createPairingCode, PAIRING_TTL_MS, redeemPairingCode, type PairingRequest } from './device-pairing.ts';
import { hashSecret } from './tokens.ts';

/**
 * Devices' pairing codes (pairing_code) and the device they register (device), the same statements
 * on the hub's SQLite and on the central's PostgreSQL, in one transaction; the device memory
 * (ctx.devices) read again after each redeem.
 */
const NOW = Date.UTC(2026, 10, 20, 9, 0);

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('pairing codes on $name', (database) => {
  let sql!: CentralSql;
  let hub!: DeviceHolder;
  openDevicesForSuite(database, (opened) => ({ sql, hub } = opened));

  const kiosk = (deviceId: string): PairingRequest => ({ deviceId, officeId: 'sharya', kind: 'kiosk', name: 'Киоск у окна 7' });

  it('a code works once, however it is typed, and registers the device with a working key', async () => {
    const { code, expiresAt } = await createPairingCode(sql, kiosk('k-once'), 'aho', NOW);
    expect(code).toMatch(/^\d{4}-\d{4}$/);
    expect(expiresAt).toBe(NOW + PAIRING_TTL_MS);
    const row = await sql.db.selectFrom('pairing_code').selectAll().where('code_hash', '=', hashSecret(code.replace('-', ''))).executeTakeFirstOrThrow();
    expect(row).toEqual({ code_hash: hashSecret(code.replace('-', '')), device_id: 'k-once', office_id: 'sharya', kind: 'kiosk', name: 'Киоск у окна 7', created_by: 'aho', created_at: NOW, expires_at: NOW + PAIRING_TTL_MS, used_at: null });

    const result = await redeemPairingCode(hub, ` ${code.replace('-', ' ')} `, NOW + 1000);
    expect(result).toMatchObject({ ok: true, device: kiosk('k-once'), createdBy: 'aho' });
    if (!result.ok) return;
    expect(hub.devices.authenticate(result.token)).toMatchObject({ id: 'k-once', officeId: 'sharya', kind: 'kiosk', revokedAt: null });
    expect(await redeemPairingCode(hub, code, NOW + 2000)).toEqual({ ok: false, reason: 'used' });
    expect((await sql.db.selectFrom('pairing_code').select('used_at').where('code_hash', '=', row.code_hash).executeTakeFirstOrThrow()).used_at).toBe(NOW + 1000);
  });

  it('an unknown code, and a code past its ten minutes, are refused and spend nothing', async () => {
    expect(await redeemPairingCode(hub, '0000-0000', NOW)).toEqual({ ok: false, reason: 'unknown-code' });
    const { code } = await createPairingCode(sql, kiosk('k-late'), 'aho', NOW);
    expect(await redeemPairingCode(hub, code, NOW + PAIRING_TTL_MS)).toEqual({ ok: false, reason: 'expired' });
    expect((await listDevices(sql)).some((d) => d.id === 'k-late')).toBe(false);
  });

  it('pairing a device again replaces its old key', async () => {
    const first = await redeemPairingCode(hub, (await createPairingCode(sql, kiosk('k-again'), 'aho', NOW)).code, NOW);
    const second = await redeemPairingCode(hub, (await createPairingCode(sql, kiosk('k-again'), 'aho', NOW + 10)).code, NOW + 20);
    if (!first.ok || !second.ok) throw new Error('pairing refused');
    expect(hub.devices.authenticate(first.token)).toBeNull();
    expect(hub.devices.authenticate(second.token)).toMatchObject({ id: 'k-again' });
  });

  it('two devices redeeming one code at once: exactly one wins, the other hears «used»', async () => {
    for (let round = 0; round < 5; round++) {
      const { code } = await createPairingCode(sql, kiosk(`k-race-${round}`), 'aho', NOW);
      const results = await Promise.all([redeemPairingCode(hub, code, NOW + 1), redeemPairingCode(hub, code, NOW + 2), redeemPairingCode(hub, code, NOW + 3)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(['used', 'used']);
      const winner = results.find((r) => r.ok);
      expect(winner?.ok && hub.devices.authenticate(winner.token)).toMatchObject({ id: `k-race-${round}` });
    }
  });

  it('a failing device write leaves the code unused (one transaction)', async () => {
    // A code naming an office the directory does not hold: the device's foreign key refuses it.
    const { code } = await createPairingCode(sql, { ...kiosk('k-fails'), officeId: 'nowhere' }, 'aho', NOW);
    await expect(redeemPairingCode(hub, code, NOW + 1)).rejects.toThrow();
    const row = await sql.db.selectFrom('pairing_code').select('used_at').where('device_id', '=', 'k-fails').executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
    expect((await listDevices(sql)).some((d) => d.id === 'k-fails')).toBe(false);
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
