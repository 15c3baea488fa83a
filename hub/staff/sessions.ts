import { hashSecret, newSecret } from './tokens.ts';
import { staffDb, type StaffSql } from './users.ts';

/**
 * Server-side sessions. The cookie holds a random id; the table holds its hash, the user, a CSRF
 * token and expiry. Idle sessions end after IDLE_MS, any session after ABSOLUTE_MS; a password
 * change or a disabled user ends all sessions of that user at once. On both databases
 * (hub/sql/central-sql.ts); `sql` may be a transaction open on them (see users.ts, StaffSql).
 */
export const IDLE_MS = 8 * 60 * 60 * 1000;
export const ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;

export interface Session {
  userId: number;
  csrfToken: string;
  expiresAt: number;
}

/** Always a new id, so an id planted before login is worthless after it (no session fixation). */
export async function createSession(sql: StaffSql, userId: number, now: number): Promise<{ cookieValue: string; session: Session }> {
  const cookieValue = newSecret();
  const session = { userId, csrfToken: newSecret(), expiresAt: now + ABSOLUTE_MS };
  await staffDb(sql)
    .insertInto('staff_session')
    .values({ id_hash: hashSecret(cookieValue), user_id: userId, csrf_token: session.csrfToken, created_at: now, last_seen_at: now, expires_at: session.expiresAt })
    .execute();
  return { cookieValue, session };
}

export async function findSession(sql: StaffSql, cookieValue: string, now: number): Promise<Session | null> {
  const db = staffDb(sql);
  const id = hashSecret(cookieValue);
  const row = await db
    .selectFrom('staff_session as s')
    .innerJoin('staff_user as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.csrf_token', 's.expires_at', 's.last_seen_at'])
    .where('s.id_hash', '=', id)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at <= now || row.last_seen_at + IDLE_MS <= now) {
    await db.deleteFrom('staff_session').where('id_hash', '=', id).execute();
    return null;
  }
  // Touch at most once a minute: a page load makes several requests, one write is enough. A touch
  // that cannot be written (a full disk) is skipped: the board must still open to show why.
  if (now - row.last_seen_at > 60_000) {
    try {
      await db.updateTable('staff_session').set({ last_seen_at: now }).where('id_hash', '=', id).execute();
    } catch {
      // the next request touches it again
    }
  }
  return { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function endSession(sql: StaffSql, cookieValue: string): Promise<void> {
  await staffDb(sql).deleteFrom('staff_session').where('id_hash', '=', hashSecret(cookieValue)).execute();
}

export async function endAllSessions(sql: StaffSql, userId: number): Promise<number> {
  const result = await staffDb(sql).deleteFrom('staff_session').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Housekeeping: sessions past their absolute expiry (idle ones are refused at use and deleted then). */
export async function pruneExpiredSessions(sql: StaffSql, now: number): Promise<number> {
  const result = await staffDb(sql).deleteFrom('staff_session').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
