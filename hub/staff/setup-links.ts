import type { Db } from '../db/open.ts';
import { hashSecret, newSecret } from './tokens.ts';

/**
 * One-time links that let a new user (the first admin included) set a password. There is no
 * default password anywhere: an account has none until its owner opens the link.
 */
export const SETUP_LINK_TTL_MS = 72 * 60 * 60 * 1000;

export function createSetupLink(db: Db, userId: number, now: number): string {
  const token = newSecret();
  db.prepare('INSERT INTO setup_link (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(hashSecret(token), userId, now, now + SETUP_LINK_TTL_MS);
  return token;
}

export type SetupLinkCheck = { ok: true; userId: number } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export function checkSetupLink(db: Db, token: string, now: number): SetupLinkCheck {
  const row = db.prepare('SELECT user_id, expires_at, used_at FROM setup_link WHERE token_hash = ?').get(hashSecret(token)) as
    | { user_id: number; expires_at: number; used_at: number | null }
    | undefined;
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.used_at !== null) return { ok: false, reason: 'used' };
  if (row.expires_at <= now) return { ok: false, reason: 'expired' };
  return { ok: true, userId: row.user_id };
}

/** Marks the link used; false when someone else used it first (two tabs, a replay). */
export function useSetupLink(db: Db, token: string, now: number): boolean {
  return db.prepare('UPDATE setup_link SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?').run(now, hashSecret(token), now).changes === 1;
}
