import type { Db } from '../db/open.ts';
import { normaliseShortCode, shortCodeHash } from './short-code.ts';

/**
 * The central's table of short codes (migrations/0014_invitation_codes.sql): code hash → the
 * signed token it stands for. A code is registered once; registering the same code for the same
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

export function invitationCodeStore(db: Db) {
  const select = db.prepare('SELECT token FROM invitation_code WHERE code_hash = ?').pluck();
  const insert = db.prepare('INSERT INTO invitation_code (code_hash, token, office_id, expires_at, registered_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const prune = db.prepare('DELETE FROM invitation_code WHERE expires_at < ?');
  return {
    /** The token a code stands for, or null for a code nobody registered. */
    tokenFor(codeHash: Buffer): string | null {
      return (select.get(codeHash) as string | undefined) ?? null;
    },
    /** What an answer's `token` names: a short code is looked up, a signed token is itself; null: unknown code. */
    resolve(given: string): string | null {
      const code = normaliseShortCode(given);
      return code === null ? given : ((select.get(shortCodeHash(code)) as string | undefined) ?? null);
    },
    register: db.transaction((r: CodeRegistration, now: number): RegisterResult => {
      if (insert.run(r.codeHash, r.token, r.officeId, r.expiresAt, now).changes === 1) return 'registered';
      return select.get(r.codeHash) === r.token ? 'already-registered' : 'taken';
    }),
    /** Deletes codes whose invitation expired more than EXPIRED_CODE_KEEP_MS ago; returns how many. */
    pruneExpired(now: number): number {
      return prune.run(now - EXPIRED_CODE_KEEP_MS).changes;
    },
  };
}

export type InvitationCodeStore = ReturnType<typeof invitationCodeStore>;
