import { sql as raw } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { OFFICE_KEY_SECRET_RE } from '../forward/central-key.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { findOfficeKey, issueOfficeKey, listOfficeKeys, revokeOfficeKeys } from './office-keys.ts';

/**
 * The office hub keys' store, the same statements on the hub's SQLite and on the central's
 * PostgreSQL. The store is given the office's row (as a caller reads it from ctx.offices); the
 * foreign key to office (SQLite's, PostgreSQL's since 0030) wants the offices in the directory.
 */
afterAll(() => removeTempDirs());

const NOW = Date.parse('2026-11-25T08:00:00.000Z');
const open = (id: string) => ({ id, closedAt: null });

async function directoryOn(sql: CentralSql, ids: readonly string[]): Promise<void> {
  for (const [i, id] of ids.entries()) await raw`INSERT INTO office (id, name, kind, address, position) VALUES (${id}, ${id}, 'otdel', 'адрес', ${i + 1})`.execute(sql.db);
}

describe.each(BOTH_DATABASES)('office hub keys on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
    await directoryOn(opened.sql, ['sharya', 'buy', 'kostroma', 'neya', 'Zeta']);
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('are issued once per office unless rotating, with a secret of the documented shape, and found by id', async () => {
    const { sql } = opened;
    const issued = await issueOfficeKey(sql, open('sharya'), NOW);
    if (!issued.ok) throw new Error(issued.reason);
    expect(issued.value.keyId).toMatch(/^sharya\.[0-9a-f]{12}$/);
    expect(issued.value.secret).toMatch(OFFICE_KEY_SECRET_RE);
    expect(await findOfficeKey(sql, issued.value.keyId)).toEqual({ keyId: issued.value.keyId, officeId: 'sharya', secret: issued.value.secret, createdAt: NOW, revokedAt: null });
    expect(await findOfficeKey(sql, 'sharya.000000000000')).toBeNull();

    expect(await issueOfficeKey(sql, open('sharya'), NOW + 1)).toEqual({ ok: false, reason: 'key-exists' });
    expect(await issueOfficeKey(sql, null, NOW)).toEqual({ ok: false, reason: 'unknown-office' });
    expect(await issueOfficeKey(sql, { id: 'neya', closedAt: NOW - 1 }, NOW)).toEqual({ ok: false, reason: 'office-closed' });
    expect((await listOfficeKeys(sql)).map((k) => k.officeId)).toEqual(['sharya']);

    const second = await issueOfficeKey(sql, open('sharya'), NOW + 1, { rotate: true });
    if (!second.ok) throw new Error(second.reason);
    expect(second.value.keyId).not.toBe(issued.value.keyId);
    expect((await listOfficeKeys(sql)).filter((k) => k.officeId === 'sharya' && k.revokedAt === null)).toHaveLength(2);
  });

  it('a key for an office not in the directory is refused by the foreign key', async () => {
    const { sql } = opened;
    await expect(sql.db.insertInto('office_key').values({ key_id: 'nowhere.000000000000', office_id: 'nowhere', secret: 'x', created_at: NOW, revoked_at: null }).execute()).rejects.toThrow(/foreign key|FOREIGN KEY/);
  });

  it('issues for one office at once: one key, the others told it exists', async () => {
    const { sql } = opened;
    // The pool's connections opened beforehand, so the issues do run side by side on PostgreSQL.
    await Promise.all(Array.from({ length: 5 }, () => raw`SELECT 1`.execute(sql.db)));
    const all = await Promise.all(Array.from({ length: 6 }, () => issueOfficeKey(sql, open('kostroma'), NOW)));
    expect(all.filter((r) => r.ok)).toHaveLength(1);
    expect(all.filter((r) => !r.ok)).toEqual(Array.from({ length: 5 }, () => ({ ok: false, reason: 'key-exists' })));
    expect((await listOfficeKeys(sql)).filter((k) => k.officeId === 'kostroma')).toHaveLength(1);
  });

  it('revokes one key or every live key of an office, takes effect on the next lookup, and lists by office then age', async () => {
    const { sql } = opened;
    const a = await issueOfficeKey(sql, open('buy'), NOW + 10);
    const b = await issueOfficeKey(sql, open('buy'), NOW + 20, { rotate: true });
    const z = await issueOfficeKey(sql, open('Zeta'), NOW + 5);
    if (!a.ok || !b.ok || !z.ok) throw new Error('not issued');

    // Another office's key id is not this office's to revoke.
    expect(await revokeOfficeKeys(sql, 'sharya', NOW + 30, a.value.keyId)).toBe(0);
    expect(await revokeOfficeKeys(sql, 'buy', NOW + 30, a.value.keyId)).toBe(1);
    expect(await revokeOfficeKeys(sql, 'buy', NOW + 31, a.value.keyId)).toBe(0);
    expect(await findOfficeKey(sql, a.value.keyId)).toMatchObject({ revokedAt: NOW + 30, secret: a.value.secret });

    const buy = (await listOfficeKeys(sql)).filter((k) => k.officeId === 'buy');
    expect(buy).toEqual([
      { keyId: a.value.keyId, officeId: 'buy', createdAt: NOW + 10, revokedAt: NOW + 30 },
      { keyId: b.value.keyId, officeId: 'buy', createdAt: NOW + 20, revokedAt: null },
    ]);
    // Office ids in binary order, as SQLite compares them: 'Zeta' before 'buy'.
    expect([...new Set((await listOfficeKeys(sql)).map((k) => k.officeId))]).toEqual(['Zeta', 'buy', 'kostroma', 'sharya']);

    expect(await revokeOfficeKeys(sql, 'buy', NOW + 40)).toBe(1);
    expect(await revokeOfficeKeys(sql, 'buy', NOW + 41)).toBe(0);
    expect((await listOfficeKeys(sql)).filter((k) => k.officeId === 'buy').map((k) => k.revokedAt)).toEqual([NOW + 30, NOW + 40]);
    // Nothing live any more: a plain issue is allowed again.
    expect((await issueOfficeKey(sql, open('buy'), NOW + 50)).ok).toBe(true);
  });
});
