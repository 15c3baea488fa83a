import type { CentralSql } from '../sql/central-sql.ts';
import { normaliseShortCode, shortCodeHash } from './short-code.ts';

/**
 * The central's table of short codes (SQLite migrations/0014_invitation_codes.sql, PostgreSQL
 * 0019): code hash → the signed token it stands for, the same statements on both databases
 * (hub/sql/central-sql.ts). A code is registered once; registering the same code for the same
 * token again is harmless (the office hub's retry after a lost answer).
 */
export interface CodeRegistration {
  codeHash: Buffer;
  token: string;
  officeId: string;
  expiresAt: number;
}

/** A short code that the central does not know: mistyped, made up, or long since expired. */
export const UNKNOWN_CODE = { status: 401, error: 'invalid-token', reason: 'Код приглашения не найден: проверьте, что он набран без ошибок' } as const;

export type RegisterResult = 'registered' | 'already-registered' | 'taken';

/** Expired codes are kept this long, so a late answer hears «срок истёк» rather than «недействительна». */
export const EXPIRED_CODE_KEEP_MS = 30 * 86_400_000;

export function invitationCodeStore(sql: CentralSql) {
  const tokenFor = async (codeHash: Buffer): Promise<string | null> => {
    const row = await sql.db.selectFrom('invitation_code').select('token').where('code_hash', '=', codeHash).executeTakeFirst();
    return row?.token ?? null;
  };
  return {
    /** The token a code stands for, or null for a code nobody registered. */
    tokenFor,
    /** What an answer's `token` names: a short code is looked up, a signed token is itself; null: unknown code. */
    async resolve(given: string): Promise<string | null> {
      const code = normaliseShortCode(given);
      return code === null ? given : tokenFor(shortCodeHash(code));
    },
    /** A code taken by another token is never pointed elsewhere (ON CONFLICT DO NOTHING, then read who holds it). */
    register(r: CodeRegistration, now: number): Promise<RegisterResult> {
      return sql.transaction(async (trx): Promise<RegisterResult> => {
        const inserted = await trx
          .insertInto('invitation_code')
          .values({ code_hash: r.codeHash, token: r.token, office_id: r.officeId, expires_at: r.expiresAt, registered_at: now })
          .onConflict((oc) => oc.column('code_hash').doNothing())
          .returning('code_hash')
          .executeTakeFirst();
        if (inserted) return 'registered';
        const held = await trx.selectFrom('invitation_code').select('token').where('code_hash', '=', r.codeHash).executeTakeFirst();
        return held?.token === r.token ? 'already-registered' : 'taken';
      });
    },
    /** Deletes codes whose invitation expired more than EXPIRED_CODE_KEEP_MS ago; returns how many. */
    async pruneExpired(now: number): Promise<number> {
      const result = await sql.db.deleteFrom('invitation_code').where('expires_at', '<', now - EXPIRED_CODE_KEEP_MS).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type InvitationCodeStore = ReturnType<typeof invitationCodeStore>;
