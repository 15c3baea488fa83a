import { randomInt } from 'node:crypto';
import type { Db } from '../db/open.ts';
import { registerDevice } from '../devices/credentials.ts';
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

export function createPairingCode(db: Db, request: PairingRequest, createdBy: string, now: number): { code: string; expiresAt: number } {
  const digits = String(randomInt(0, 100_000_000)).padStart(8, '0');
  const code = `${digits.slice(0, 4)}-${digits.slice(4)}`;
  const expiresAt = now + PAIRING_TTL_MS;
  db.prepare('INSERT INTO pairing_code (code_hash, device_id, office_id, kind, name, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    hashSecret(normaliseCode(code)),
    request.deviceId,
    request.officeId,
    request.kind,
    request.name,
    createdBy,
    now,
    expiresAt,
  );
  return { code, expiresAt };
}

export type PairingResult =
  | { ok: true; token: string; device: PairingRequest; createdBy: string }
  | { ok: false; reason: 'unknown-code' | 'expired' | 'used' };

/** Spends the code and registers (or re-registers) the device, in one transaction. */
export function redeemPairingCode(db: Db, code: string, now: number): PairingResult {
  return db.transaction((): PairingResult => {
    const row = db.prepare('SELECT * FROM pairing_code WHERE code_hash = ?').get(hashSecret(normaliseCode(code))) as
      | { device_id: string; office_id: string; kind: DeviceKind; name: string; created_by: string; expires_at: number; used_at: number | null }
      | undefined;
    if (!row) return { ok: false, reason: 'unknown-code' };
    if (row.used_at !== null) return { ok: false, reason: 'used' };
    if (row.expires_at <= now) return { ok: false, reason: 'expired' };
    db.prepare('UPDATE pairing_code SET used_at = ? WHERE code_hash = ?').run(now, hashSecret(normaliseCode(code)));
    // Pairing again replaces the old credential: a kiosk reinstalled keeps its id and its buffered answers.
    db.prepare('UPDATE device SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, row.device_id);
    const device = { deviceId: row.device_id, officeId: row.office_id, kind: row.kind, name: row.name };
    const token = registerDevice(db, { id: device.deviceId, officeId: device.officeId, kind: device.kind, name: device.name }, now);
    return { ok: true, token, device, createdBy: row.created_by };
  })();
}

const normaliseCode = (code: string): string => code.replace(/\D/g, '');
