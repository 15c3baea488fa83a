import { randomInt } from 'node:crypto';
import type { CentralSql } from '../sql/central-sql.ts';
import { registerDevice, revokeDevice, type DeviceHolder } from '../devices/credentials.ts';
import { hashSecret } from './tokens.ts';
import type { DeviceKind } from '../../shared/records.ts';

/**
 * Pairing: staff create a short one-time code on the admin page for a named device; the device
 * (kiosk setup screen, driver command) trades it once for its own long-lived credential. The code
 * is short enough to type, so it lives 10 minutes, works once, and the exchange endpoint is
 * rate-limited: about 10^8 codes against a few dozen guesses.
 */
export const PAIRING_TTL_MS = 10 * 60 * 1000;

export interface PairingRequest {
  deviceId: string;
  officeId: string;
  kind: DeviceKind;
  name: string;
}

export async function createPairingCode(sql: CentralSql, request: PairingRequest, createdBy: string, now: number): Promise<{ code: string; expiresAt: number }> {
  const digits = String(randomInt(0, 100_000_000)).padStart(8, '0');
  const code = `${digits.slice(0, 4)}-${digits.slice(4)}`;
  const expiresAt = now + PAIRING_TTL_MS;
  await sql.db
    .insertInto('pairing_code')
    .values({
      code_hash: hashSecret(normaliseCode(code)),
      device_id: request.deviceId,
      office_id: request.officeId,
      kind: request.kind,
      name: request.name,
      created_by: createdBy,
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { code, expiresAt };
}

export type PairingResult =
  | { ok: true; token: string; device: PairingRequest; createdBy: string }
  | { ok: false; reason: 'unknown-code' | 'expired' | 'used' };

/**
 * Spends the code and registers (or re-registers) the device, in one transaction of `hub.sql`: the
 * code is spent only if the device was written, and the device only if the code was spent. The
 * device memory (hub.devices) is read again after the transaction ended, committed or not, before
 * the caller answers: the new key works on the device's first request, the replaced one no longer.
 * A code works once under concurrency on both databases: the UPDATE ... WHERE used_at IS NULL
 * changes one row for exactly one redeemer (on PostgreSQL the second waits for the first's row lock
 * and then finds the code used).
 */
export async function redeemPairingCode(hub: DeviceHolder, code: string, now: number): Promise<PairingResult> {
  try {
    return await spendPairingCode(hub.sql, code, now);
  } finally {
    await hub.devices.load(hub.sql);
  }
}

async function spendPairingCode(sql: CentralSql, code: string, now: number): Promise<PairingResult> {
  const codeHash = hashSecret(normaliseCode(code));
  return sql.transaction(async (trx): Promise<PairingResult> => {
    const row = await trx.selectFrom('pairing_code').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
    if (!row) return { ok: false, reason: 'unknown-code' };
    if (row.used_at !== null) return { ok: false, reason: 'used' };
    if (row.expires_at <= now) return { ok: false, reason: 'expired' };
    const spent = await trx.updateTable('pairing_code').set({ used_at: now }).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return { ok: false, reason: 'used' };
    // Pairing again replaces the old credential: a kiosk reinstalled keeps its id and its buffered answers.
    await revokeDevice(trx, row.device_id, now);
    const device = { deviceId: row.device_id, officeId: row.office_id, kind: row.kind, name: row.name };
    const token = await registerDevice(trx, { id: device.deviceId, officeId: device.officeId, kind: device.kind, name: device.name }, now);
    return { ok: true, token, device, createdBy: row.created_by };
  });
}

const normaliseCode = (code: string): string => code.replace(/\D/g, '');
