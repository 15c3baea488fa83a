import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, openForSuite } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { findInvitationUse, spendInvitation } from './invitation-store.ts';

/**
 * Spent invitations (invitation_use), the same statements on the hub's SQLite and on the central's
 * PostgreSQL: each test runs on both, on a database migrated by its own migrations.
 */
const NOW = Date.UTC(2026, 10, 20, 9, 0);
const hashOf = (token: string) => createHash('sha256').update(token).digest();

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('spent invitations on $name', (database) => {
  let sql!: CentralSql;
  openForSuite(database, (opened) => (sql = opened));

  it('a token unused is found nowhere; once used, its use reads back as stored', async () => {
    const hash = hashOf('token-1');
    expect(await findInvitationUse(sql.db, hash)).toBeNull();
    await spendInvitation(sql.db, hash, { officeId: 'sharya', responseId: 'resp-1', usedAt: NOW });
    expect(await findInvitationUse(sql.db, hash)).toEqual({ officeId: 'sharya', responseId: 'resp-1', usedAt: NOW });
    expect(await findInvitationUse(sql.db, hashOf('token-2'))).toBeNull();
  });

  it('a second use of one token is refused (false) and the first stays', async () => {
    const hash = hashOf('token-3');
    expect(await spendInvitation(sql.db, hash, { officeId: 'sharya', responseId: 'resp-3', usedAt: NOW })).toBe(true);
    expect(await spendInvitation(sql.db, hash, { officeId: 'sharya', responseId: 'resp-4', usedAt: NOW + 1 })).toBe(false);
    expect(await findInvitationUse(sql.db, hash)).toEqual({ officeId: 'sharya', responseId: 'resp-3', usedAt: NOW });
  });

  it('a use is stored with the transaction it is part of: rolled back, the token stays unused', async () => {
    const hash = hashOf('token-5');
    await expect(
      sql.transaction(async (trx) => {
        await spendInvitation(trx, hash, { officeId: 'sharya', responseId: 'resp-5', usedAt: NOW });
        expect(await findInvitationUse(trx, hash)).not.toBeNull();
        throw new Error('the response was not stored');
      }),
    ).rejects.toThrow('the response was not stored');
    expect(await findInvitationUse(sql.db, hash)).toBeNull();
  });

  it('two concurrent uses of one token hash (find, then insert, each in its transaction): exactly one wins', async () => {
    const hash = hashOf('token-6');
    const spend = (responseId: string) =>
      sql.transaction(async (trx) => {
        if (await findInvitationUse(trx, hash)) return 'already-used' as const;
        return (await spendInvitation(trx, hash, { officeId: 'sharya', responseId, usedAt: NOW })) ? ('won' as const) : ('already-used' as const);
      });
    const outcomes = await Promise.allSettled([spend('resp-6a'), spend('resp-6b')]);
    const won = outcomes.filter((o) => o.status === 'fulfilled' && o.value === 'won');
    expect(won).toHaveLength(1);
    // SQLite runs the transactions one after the other (the second finds the token used); on
    // PostgreSQL both may find none, and the second's insert waits for the first and writes nothing.
    // Neither fails.
    const other = outcomes.find((o) => !(o.status === 'fulfilled' && o.value === 'won'))!;
    expect(other).toEqual({ status: 'fulfilled', value: 'already-used' });
    const stored = await findInvitationUse(sql.db, hash);
    expect(stored?.responseId).toBe(outcomes[0] === won[0] ? 'resp-6a' : 'resp-6b');
    expect(await sql.db.selectFrom('invitation_use').select('token_hash').where('token_hash', '=', hash).execute()).toHaveLength(1);
  });

  it('refuses a use without a response id (NOT NULL on both)', async () => {
    await expect(
      sql.db.insertInto('invitation_use').values({ token_hash: hashOf('token-7'), office_id: 'sharya', response_id: null as unknown as string, used_at: NOW }).execute(),
    ).rejects.toThrow();
  });
});
