import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { EXPIRED_CODE_KEEP_MS, invitationCodeStore, type InvitationCodeStore } from './code-store.ts';
import { formatShortCode, newShortCode, shortCodeHash } from './short-code.ts';

/**
 * The central's short invitation codes (invitation_code), the same statements on the hub's SQLite
 * and on the central's PostgreSQL: each test runs on both, on a database migrated by its own
 * migrations.
 */
const NOW = Date.UTC(2026, 10, 20, 9, 0);
const DAY = 86_400_000;

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('invitation codes on $name', (database) => {
  let opened: OpenedDatabase;
  let sql: CentralSql;
  let codes: InvitationCodeStore;
  beforeAll(async () => {
    opened = await database.open();
    sql = opened.sql;
    codes = invitationCodeStore(sql);
  });
  afterAll(async () => {
    await opened?.close();
  });

  const registration = (code: string, token: string, expiresAt = NOW + DAY) => ({ codeHash: shortCodeHash(code), token, officeId: 'sharya', expiresAt });

  it('registers a code once; the same token again is harmless, another token is refused and the code keeps its own', async () => {
    const code = newShortCode();
    expect(await codes.register(registration(code, 'signed-token-a'), NOW)).toBe('registered');
    expect(await codes.register(registration(code, 'signed-token-a'), NOW + 1000)).toBe('already-registered');
    expect(await codes.register(registration(code, 'signed-token-b'), NOW + 2000)).toBe('taken');
    expect(await codes.tokenFor(shortCodeHash(code))).toBe('signed-token-a');
    const row = await sql.db.selectFrom('invitation_code').selectAll().where('code_hash', '=', shortCodeHash(code)).executeTakeFirstOrThrow();
    expect(row).toEqual({ code_hash: shortCodeHash(code), token: 'signed-token-a', office_id: 'sharya', expires_at: NOW + DAY, registered_at: NOW });
  });

  it('two registrations of one code at once: exactly one is registered, the other hears which', async () => {
    const code = newShortCode();
    const results = await Promise.all([codes.register(registration(code, 'race-a'), NOW), codes.register(registration(code, 'race-b'), NOW)]);
    expect(results.filter((r) => r === 'registered')).toHaveLength(1);
    expect(results.filter((r) => r === 'taken')).toHaveLength(1);
    const winner = results[0] === 'registered' ? 'race-a' : 'race-b';
    expect(await codes.tokenFor(shortCodeHash(code))).toBe(winner);
  });

  it('resolves a short code however it is typed, passes a signed token through, and knows no unregistered code', async () => {
    const code = newShortCode();
    await codes.register(registration(code, 'signed-token-c'), NOW);
    expect(await codes.resolve(formatShortCode(code))).toBe('signed-token-c');
    expect(await codes.resolve(code.toLowerCase())).toBe('signed-token-c');
    expect(await codes.resolve('v1.not-a-short-code.signature')).toBe('v1.not-a-short-code.signature');
    expect(await codes.resolve(newShortCode())).toBeNull();
    expect(await codes.tokenFor(shortCodeHash(newShortCode()))).toBeNull();
  });

  it('prunes only codes whose invitation expired more than the keeping time ago, and says how many', async () => {
    await sql.db.deleteFrom('invitation_code').execute();
    const old = newShortCode();
    const edge = newShortCode();
    const fresh = newShortCode();
    await codes.register(registration(old, 'old', NOW - EXPIRED_CODE_KEEP_MS - 1), NOW - 40 * DAY);
    await codes.register(registration(edge, 'edge', NOW - EXPIRED_CODE_KEEP_MS), NOW - 40 * DAY);
    await codes.register(registration(fresh, 'fresh', NOW - DAY), NOW - 2 * DAY);
    expect(await codes.pruneExpired(NOW)).toBe(1);
    expect(await codes.pruneExpired(NOW)).toBe(0);
    expect(await codes.tokenFor(shortCodeHash(old))).toBeNull();
    expect(await codes.tokenFor(shortCodeHash(edge))).toBe('edge');
    expect(await codes.tokenFor(shortCodeHash(fresh))).toBe('fresh');
  });

  it('refuses a row without a token (NOT NULL on both)', async () => {
    await expect(
      sql.db
        .insertInto('invitation_code')
        .values({ code_hash: shortCodeHash(newShortCode()), token: null as unknown as string, office_id: 'sharya', expires_at: NOW, registered_at: NOW })
        .execute(),
    ).rejects.toThrow();
  });
});
