import type { Db } from '../db/open.ts';
import { hashSecret, newSecret } from './tokens.ts';

/**
 * Server-side sessions. The cookie holds a random id; the table holds its hash, the user, a CSRF
 * token and expiry. Idle sessions end after IDLE_MS, any session after ABSOLUTE_MS; a password
 * change or a disabled user ends all sessions of that user at once.
 */
export const IDLE_MS = 8 * 60 * 60 * 1000;
export const ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;

export interface Session {
  userId: number;
  csrfToken: string;
  expiresAt: number;
}

/** Always a new id, so an id planted before login is worthless after it (no session fixation). */
export function createSession(db: Db, userId: number, now: number): { cookieValue: string; session: Session } {
  const cookieValue = newSecret();
  const session = { userId, csrfToken: newSecret(), expiresAt: now + ABSOLUTE_MS };
  db.prepare('INSERT INTO staff_session (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    hashSecret(cookieValue),
    userId,
    session.csrfToken,
    now,
    now,
    session.expiresAt,
  );
  return { cookieValue, session };
}

export function findSession(db: Db, cookieValue: string, now: number): Session | null {
  const id = hashSecret(cookieValue);
  const row = db
    .prepare(
      `SELECT s.user_id, s.csrf_token, s.expires_at, s.last_seen_at FROM staff_session s JOIN staff_user u ON u.id = s.user_id
       WHERE s.id_hash = ? AND u.disabled_at IS NULL`,
    )
    .get(id) as { user_id: number; csrf_token: string; expires_at: number; last_seen_at: number } | undefined;
  if (!row) return null;
  if (row.expires_at <= now || row.last_seen_at + IDLE_MS <= now) {
    db.prepare('DELETE FROM staff_session WHERE id_hash = ?').run(id);
    return null;
  }
  // Touch at most once a minute: a page load makes several requests, one write is enough. A touch
  // that cannot be written (a full disk) is skipped: the board must still open to show why.
  if (now - row.last_seen_at > 60_000) {
    try {
      db.prepare('UPDATE staff_session SET last_seen_at = ? WHERE id_hash = ?').run(now, id);
    } catch {
      // the next request touches it again
    }
  }
  return { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export function endSession(db: Db, cookieValue: string): void {
  db.prepare('DELETE FROM staff_session WHERE id_hash = ?').run(hashSecret(cookieValue));
}

export function endAllSessions(db: Db, userId: number): number {
  return db.prepare('DELETE FROM staff_session WHERE user_id = ?').run(userId).changes;
}
