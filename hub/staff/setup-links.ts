import { hashSecret, newSecret } from './tokens.ts';
import { staffDb, type StaffSql } from './users.ts';

/**
 * One-time links that let a new user (the first admin included) set a password. There is no
 * default password anywhere: an account has none until its owner opens the link. On both databases
 * (hub/sql/central-sql.ts).
 */
export const SETUP_LINK_TTL_MS = 72 * 60 * 60 * 1000;

export async function createSetupLink(sql: StaffSql, userId: number, now: number): Promise<string> {
  const token = newSecret();
  await staffDb(sql)
    .insertInto('setup_link')
    .values({ token_hash: hashSecret(token), user_id: userId, created_at: now, expires_at: now + SETUP_LINK_TTL_MS })
    .execute();
  return token;
}

export type SetupLinkCheck = { ok: true; userId: number } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export async function checkSetupLink(sql: StaffSql, token: string, now: number): Promise<SetupLinkCheck> {
  const row = await staffDb(sql).selectFrom('setup_link').select(['user_id', 'expires_at', 'used_at']).where('token_hash', '=', hashSecret(token)).executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.used_at !== null) return { ok: false, reason: 'used' };
  if (row.expires_at <= now) return { ok: false, reason: 'expired' };
  return { ok: true, userId: row.user_id };
}

/** Marks the link used; false when someone else used it first (two tabs, a replay). */
export async function useSetupLink(sql: StaffSql, token: string, now: number): Promise<boolean> {
  const result = await staffDb(sql)
    .updateTable('setup_link')
    .set({ used_at: now })
    .where('token_hash', '=', hashSecret(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
