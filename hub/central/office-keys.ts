import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open.ts';
import { findOffice } from '../db/offices.ts';

/**
 * Office hub keys, kept on the central. A key is issued once (the secret is printed once, for the
 * office's hub.env) and revoked here; revocation takes effect on the next request, since every
 * request looks its key up. An office may hold two live keys while one replaces the other
 * (`rotate`), so a key can be changed without stopping the office's forwarding.
 *
 * The secret is stored as issued: HMAC verification needs it, a hash would not do. See
 * migrations/0003_forwarding.sql and docs/forwarding.md for why that is acceptable.
 */
export interface OfficeKey {
  keyId: string;
  officeId: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface IssuedOfficeKey {
  keyId: string;
  officeId: string;
  secret: string;
}

export type IssueResult = { ok: true; value: IssuedOfficeKey } | { ok: false; reason: 'unknown-office' | 'office-closed' | 'key-exists' };

/** Issues a key for an office hub. Exported for provisioning scripts (the `npm start` stack) as well as the CLI. */
export function issueOfficeKey(db: Db, officeId: string, now: number, options: { rotate?: boolean } = {}): IssueResult {
  const office = findOffice(db, officeId);
  if (!office) return { ok: false, reason: 'unknown-office' };
  if (office.closedAt !== null) return { ok: false, reason: 'office-closed' };
  return db.transaction((): IssueResult => {
    const live = db.prepare('SELECT count(*) FROM office_key WHERE office_id = ? AND revoked_at IS NULL').pluck().get(officeId) as number;
    if (live > 0 && !options.rotate) return { ok: false, reason: 'key-exists' };
    const keyId = `${officeId}.${randomBytes(6).toString('hex')}`;
    const secret = `czn_hub_${randomBytes(32).toString('base64url')}`;
    db.prepare('INSERT INTO office_key (key_id, office_id, secret, created_at) VALUES (?, ?, ?, ?)').run(keyId, officeId, secret, now);
    return { ok: true, value: { keyId, officeId, secret } };
  })();
}

/** Revokes every live key of an office, or only `keyId`; returns how many were revoked. */
export function revokeOfficeKeys(db: Db, officeId: string, now: number, keyId?: string): number {
  if (keyId !== undefined) {
    return db.prepare('UPDATE office_key SET revoked_at = ? WHERE key_id = ? AND office_id = ? AND revoked_at IS NULL').run(now, keyId, officeId).changes;
  }
  return db.prepare('UPDATE office_key SET revoked_at = ? WHERE office_id = ? AND revoked_at IS NULL').run(now, officeId).changes;
}

export function listOfficeKeys(db: Db): OfficeKey[] {
  return (db.prepare('SELECT key_id, office_id, created_at, revoked_at FROM office_key ORDER BY office_id, created_at').all() as KeyRow[]).map(fromRow);
}

/** The key a request names, with its secret, revoked or not (the caller tells the two apart). */
export function findOfficeKey(db: Db): (keyId: string) => (OfficeKey & { secret: string }) | null {
  const select = db.prepare('SELECT key_id, office_id, secret, created_at, revoked_at FROM office_key WHERE key_id = ?');
  return (keyId) => {
    const row = select.get(keyId) as (KeyRow & { secret: string }) | undefined;
    return row ? { ...fromRow(row), secret: row.secret } : null;
  };
}

/** The lines an office hub's hub.env needs to forward with this key. */
export function officeHubEnvLines(key: IssuedOfficeKey, centralUrl: string | null): string[] {
  return [
    'ROLE=office',
    `OFFICE_ID=${key.officeId}`,
    `CENTRAL_URL=${centralUrl ?? 'https://<адрес центрального сборщика>'}`,
    `CENTRAL_KEY_ID=${key.keyId}`,
    `CENTRAL_KEY=${key.secret}`,
  ];
}

interface KeyRow {
  key_id: string;
  office_id: string;
  created_at: number;
  revoked_at: number | null;
}

const fromRow = (r: KeyRow): OfficeKey => ({ keyId: r.key_id, officeId: r.office_id, createdAt: r.created_at, revokedAt: r.revoked_at });
