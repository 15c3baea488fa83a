import { createHash, randomBytes } from 'node:crypto';
import type { DeviceKind } from '../../shared/records.ts';
import type { Db } from '../db/open.ts';
import { cachedStatement } from '../db/statement-cache.ts';

/**
 * Per-device credentials: a bearer token of 256 random bits, shown once at registration and
 * stored only as its sha256 (a token this long needs no slow hash: it cannot be guessed).
 * Revocation takes effect on the next request, because every request looks the token up.
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

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

export class DeviceExistsError extends Error {
  override name = 'DeviceExistsError';
}

export function registerDevice(db: Db, device: { id: string; officeId: string; kind: DeviceKind; name: string }, now: number): string {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const existing = db.prepare('SELECT revoked_at FROM device WHERE id = ?').get(device.id) as { revoked_at: number | null } | undefined;
  if (existing && existing.revoked_at === null) throw new DeviceExistsError(`устройство ${device.id} уже зарегистрировано; сначала отзовите его`);
  // A revoked device registered again keeps its id (its buffered records carry it) with a new token.
  db.prepare(
    `INSERT INTO device (id, office_id, kind, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET office_id = excluded.office_id, kind = excluded.kind, name = excluded.name,
       token_hash = excluded.token_hash, created_at = excluded.created_at, revoked_at = NULL`,
  ).run(device.id, device.officeId, device.kind, device.name, hashToken(token), now);
  return token;
}

export function revokeDevice(db: Db, id: string, now: number): boolean {
  return db.prepare('UPDATE device SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes === 1;
}

export function authenticateDevice(db: Db, token: string): Device | null {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  // Every device request comes through here: the statement is compiled once per database.
  const row = cachedStatement(db, 'SELECT * FROM device WHERE token_hash = ? AND revoked_at IS NULL').get(hashToken(token)) as DeviceRow | undefined;
  return row ? fromRow(row) : null;
}

export function listDevices(db: Db): Device[] {
  return (db.prepare('SELECT * FROM device ORDER BY office_id, id').all() as DeviceRow[]).map(fromRow);
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
