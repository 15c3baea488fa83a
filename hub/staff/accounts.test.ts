import { sql as rawSql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/roles.ts';
import { BOTH_DATABASES, openForSuite } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { ABSOLUTE_MS, createSession, endAllSessions, endSession, findSession, IDLE_MS, pruneExpiredSessions } from './sessions.ts';
import { checkSetupLink, createSetupLink, SETUP_LINK_TTL_MS, useSetupLink } from './setup-links.ts';
import { hashSecret } from './tokens.ts';
import {
  applyCentralAccounts,
  countAdmins,
  createUser,
  disableUser,
  findUserById,
  findUserByLogin,
  isCentralAccount,
  listUsers,
  listUsersWithHashes,
  setPasswordHash,
  setRoles,
  type CentralAccount,
  type RoleGrant,
} from './users.ts';

/**
 * The staff accounts' stores (users and roles, sessions, setup links), the same statements on the
 * hub's SQLite and on the central's PostgreSQL (hub/sql/central-sql.ts): each test runs on both, on
 * a database migrated by its own migrations.
 */
const NOW = Date.UTC(2026, 10, 20, 9, 0);
const HASH_A = '$argon2id$v=19$m=19456,t=2,p=1$YWFhYWFhYWFhYWFhYWFhYQ$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const HASH_B = '$argon2id$v=19$m=19456,t=2,p=1$YmJiYmJiYmJiYmJiYmJiYg$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const grant = (role: Role, officeId: string | null = null): RoleGrant => ({ role, officeId });

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('staff accounts on $name', (database) => {
  let sql!: CentralSql;
  openForSuite(database, (opened) => (sql = opened));

  const lastSeen = async (cookieValue: string): Promise<number | undefined> =>
    (await sql.db.selectFrom('staff_session').select('last_seen_at').where('id_hash', '=', hashSecret(cookieValue)).executeTakeFirst())?.last_seen_at;

  describe('users and roles', () => {
    it('creates a user with its roles in binary order, each grant once; finds it by id and by login in any case', async () => {
      const roles = [grant('staff', 'sharya'), grant('admin'), grant('office-head', 'buy'), grant('office-head', 'Manturovo'), grant('cx'), grant('admin')];
      const user = await createUser(sql, { login: 'Ivanova', displayName: 'Иванова И. И.', roles }, NOW);
      expect(user).toEqual({
        id: expect.any(Number),
        login: 'Ivanova',
        displayName: 'Иванова И. И.',
        hasPassword: false,
        passwordChangedAt: null,
        createdAt: NOW,
        disabledAt: null,
        // ORDER BY role, office_id in bytes: 'M' before 'b' (a locale's order would put 'buy' first).
        roles: [grant('admin'), grant('cx'), grant('office-head', 'Manturovo'), grant('office-head', 'buy'), grant('staff', 'sharya')],
      });
      expect(await findUserById(sql, user.id)).toEqual(user);
      expect(await findUserByLogin(sql, 'ivanova')).toEqual({ ...user, passwordHash: null });
      expect(await findUserByLogin(sql, 'IVANOVA')).toEqual({ ...user, passwordHash: null });
      expect(await findUserByLogin(sql, 'ivanov')).toBeNull();
      expect(await findUserById(sql, user.id + 1000)).toBeNull();
      expect(await isCentralAccount(sql, user.id)).toBe(false);
    });

    it.runIf(database.name === 'postgres')('orders by bytes whatever the server\'s locale: login, role and office_id are COLLATE "C"', async () => {
      const { rows } = await rawSql<{ table_name: string; column_name: string; collation_name: string | null }>`
        SELECT table_name, column_name, collation_name FROM information_schema.columns
        WHERE (table_name, column_name) IN (('staff_user', 'login'), ('staff_role', 'role'), ('staff_role', 'office_id')) ORDER BY table_name, column_name`.execute(sql.db);
      expect(rows.map((r) => `${r.table_name}.${r.column_name} ${r.collation_name}`)).toEqual(['staff_role.office_id C', 'staff_role.role C', 'staff_user.login C']);
    });

    it('refuses a login taken in another case, and keeps nothing of the refused user', async () => {
      const before = (await listUsers(sql)).length;
      await expect(createUser(sql, { login: 'IVANOVA', displayName: 'Двойник', roles: [grant('cx')] }, NOW)).rejects.toThrow();
      expect(await listUsers(sql)).toHaveLength(before);
      expect((await findUserByLogin(sql, 'ivanova'))?.displayName).toBe('Иванова И. И.');
    });

    it('lists users by login, case aside, in bytes otherwise (NOCASE)', async () => {
      for (const login of ['b.user', 'c1', 'c.1', '_x', 'c-1', 'A.admin']) await createUser(sql, { login, displayName: login, roles: [grant('aho')] }, NOW);
      expect((await listUsers(sql)).map((u) => u.login)).toEqual(['_x', 'A.admin', 'b.user', 'c-1', 'c.1', 'c1', 'Ivanova']);
      const withHashes = await listUsersWithHashes(sql);
      expect(withHashes.map((u) => u.login)).toEqual(['_x', 'A.admin', 'b.user', 'c-1', 'c.1', 'c1', 'Ivanova']);
      expect(withHashes.find((u) => u.login === 'Ivanova')?.roles).toHaveLength(5);
    });

    it('replaces roles, a grant named twice kept once; refuses a role not in the list', async () => {
      const user = (await findUserByLogin(sql, 'b.user'))!;
      await setRoles(sql, user.id, [grant('staff', 'buy'), grant('director'), grant('staff', 'buy')]);
      expect((await findUserById(sql, user.id))?.roles).toEqual([grant('director'), grant('staff', 'buy')]);
      await setRoles(sql, user.id, []);
      expect((await findUserById(sql, user.id))?.roles).toEqual([]);
      await expect(sql.db.insertInto('staff_role').values({ user_id: user.id, role: 'boss' as Role, office_id: '' }).execute()).rejects.toThrow(/check/i);
      await expect(sql.db.updateTable('staff_user').set({ source: 'elsewhere' as 'local' }).where('id', '=', user.id).execute()).rejects.toThrow(/check/i);
    });

    it('sets a password, disables once (the first time stays), and counts the admins still enabled', async () => {
      const ivanova = (await findUserByLogin(sql, 'ivanova'))!;
      const second = await createUser(sql, { login: 'second.admin', displayName: 'Второй', roles: [grant('admin')] }, NOW);
      expect(await countAdmins(sql)).toBe(2);
      await setPasswordHash(sql, ivanova.id, HASH_A, NOW + 5);
      expect(await findUserByLogin(sql, 'ivanova')).toMatchObject({ hasPassword: true, passwordHash: HASH_A, passwordChangedAt: NOW + 5 });
      await disableUser(sql, second.id, NOW + 10);
      await disableUser(sql, second.id, NOW + 20);
      expect((await findUserById(sql, second.id))?.disabledAt).toBe(NOW + 10);
      expect(await countAdmins(sql)).toBe(1);
    });

    it('a user created inside a caller’s transaction goes with it when it rolls back', async () => {
      await expect(
        sql.transaction(async (trx) => {
          await createUser(trx, { login: 'rolled.back', displayName: 'Откат', roles: [grant('cx')] }, NOW);
          throw new Error('the rest of the change failed');
        }),
      ).rejects.toThrow('the rest of the change failed');
      expect(await findUserByLogin(sql, 'rolled.back')).toBeNull();
    });
  });

  describe('sessions', () => {
    let userId: number;
    beforeAll(async () => {
      userId = (await createUser(sql, { login: 'session.user', displayName: 'Сессия', roles: [grant('cx')] }, NOW)).id;
    });

    it('a new session is found by its cookie, with its CSRF token and absolute expiry; another cookie is not', async () => {
      const { cookieValue, session } = await createSession(sql, userId, NOW);
      expect(session).toEqual({ userId, csrfToken: expect.any(String), expiresAt: NOW + ABSOLUTE_MS });
      expect(await findSession(sql, cookieValue, NOW)).toEqual(session);
      expect(await findSession(sql, `${cookieValue}x`, NOW)).toBeNull();
      // Every login is a new id.
      expect((await createSession(sql, userId, NOW)).cookieValue).not.toBe(cookieValue);
    });

    it('is touched at most once a minute', async () => {
      const { cookieValue } = await createSession(sql, userId, NOW);
      expect(await findSession(sql, cookieValue, NOW + 60_000)).not.toBeNull();
      expect(await lastSeen(cookieValue)).toBe(NOW);
      expect(await findSession(sql, cookieValue, NOW + 60_001)).not.toBeNull();
      expect(await lastSeen(cookieValue)).toBe(NOW + 60_001);
    });

    it('ends after IDLE_MS without use, and is deleted then', async () => {
      const { cookieValue } = await createSession(sql, userId, NOW);
      expect(await findSession(sql, cookieValue, NOW + IDLE_MS - 1)).not.toBeNull();
      const later = NOW + IDLE_MS - 1;
      expect(await findSession(sql, cookieValue, later + IDLE_MS)).toBeNull();
      expect(await lastSeen(cookieValue)).toBeUndefined();
      expect(await findSession(sql, cookieValue, later)).toBeNull();
    });

    it('ends after ABSOLUTE_MS however busy it is', async () => {
      const { cookieValue } = await createSession(sql, userId, NOW);
      for (let t = NOW + 6 * 3_600_000; t < NOW + ABSOLUTE_MS; t += 6 * 3_600_000) expect(await findSession(sql, cookieValue, t)).not.toBeNull();
      expect(await findSession(sql, cookieValue, NOW + ABSOLUTE_MS)).toBeNull();
      expect(await lastSeen(cookieValue)).toBeUndefined();
    });

    it('a touch that cannot be written is skipped: the session is still found', async () => {
      const { cookieValue, session } = await createSession(sql, userId, NOW);
      if (database.name === 'sqlite') {
        await rawSql`CREATE TRIGGER staff_session_refuse BEFORE UPDATE ON staff_session BEGIN SELECT RAISE(ABORT, 'disk full'); END`.execute(sql.db);
      } else {
        await rawSql`CREATE FUNCTION staff_session_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`.execute(sql.db);
        await rawSql`CREATE TRIGGER staff_session_refuse BEFORE UPDATE ON staff_session FOR EACH ROW EXECUTE FUNCTION staff_session_refuse()`.execute(sql.db);
      }
      try {
        expect(await findSession(sql, cookieValue, NOW + 120_000)).toEqual(session);
        expect(await lastSeen(cookieValue)).toBe(NOW);
      } finally {
        await rawSql`DROP TRIGGER staff_session_refuse${rawSql.raw(database.name === 'sqlite' ? '' : ' ON staff_session')}`.execute(sql.db);
      }
    });

    it('a disabled user’s session is not found', async () => {
      const other = await createUser(sql, { login: 'to.disable', displayName: 'Отключаемый', roles: [grant('aho')] }, NOW);
      const { cookieValue } = await createSession(sql, other.id, NOW);
      expect(await findSession(sql, cookieValue, NOW)).not.toBeNull();
      await disableUser(sql, other.id, NOW);
      expect(await findSession(sql, cookieValue, NOW)).toBeNull();
    });

    it('ends one session, or all of a user’s with their count', async () => {
      const other = await createUser(sql, { login: 'many.sessions', displayName: 'Много сессий', roles: [grant('aho')] }, NOW);
      const [a, b, c] = [await createSession(sql, other.id, NOW), await createSession(sql, other.id, NOW), await createSession(sql, other.id, NOW)];
      await endSession(sql, a!.cookieValue);
      expect(await findSession(sql, a!.cookieValue, NOW)).toBeNull();
      expect(await findSession(sql, b!.cookieValue, NOW)).not.toBeNull();
      expect(await endAllSessions(sql, other.id)).toBe(2);
      expect(await findSession(sql, c!.cookieValue, NOW)).toBeNull();
      expect(await endAllSessions(sql, other.id)).toBe(0);
    });

    it('housekeeping deletes the sessions past their absolute expiry only', async () => {
      await sql.db.deleteFrom('staff_session').execute();
      const old = await createSession(sql, userId, NOW - ABSOLUTE_MS - 1);
      const current = await createSession(sql, userId, NOW);
      expect(await pruneExpiredSessions(sql, NOW)).toBe(1);
      expect(await lastSeen(old.cookieValue)).toBeUndefined();
      expect(await lastSeen(current.cookieValue)).toBe(NOW);
      expect(await pruneExpiredSessions(sql, NOW)).toBe(0);
    });
  });

  describe('setup links', () => {
    let userId: number;
    beforeAll(async () => {
      userId = (await createUser(sql, { login: 'new.clerk', displayName: 'Новый', roles: [grant('staff', 'sharya')] }, NOW)).id;
    });

    it('works once: the second use, and any check after it, is refused as used', async () => {
      const token = await createSetupLink(sql, userId, NOW);
      expect(await checkSetupLink(sql, token, NOW)).toEqual({ ok: true, userId });
      expect(await useSetupLink(sql, token, NOW + 1)).toBe(true);
      expect(await useSetupLink(sql, token, NOW + 2)).toBe(false);
      expect(await checkSetupLink(sql, token, NOW + 3)).toEqual({ ok: false, reason: 'used' });
    });

    it('expires after SETUP_LINK_TTL_MS; an unknown token is unknown', async () => {
      const token = await createSetupLink(sql, userId, NOW);
      expect(await checkSetupLink(sql, token, NOW + SETUP_LINK_TTL_MS - 1)).toEqual({ ok: true, userId });
      expect(await checkSetupLink(sql, token, NOW + SETUP_LINK_TTL_MS)).toEqual({ ok: false, reason: 'expired' });
      expect(await useSetupLink(sql, token, NOW + SETUP_LINK_TTL_MS)).toBe(false);
      expect(await checkSetupLink(sql, 'not-a-token', NOW)).toEqual({ ok: false, reason: 'unknown' });
    });
  });

  describe('the central’s accounts on an office hub', () => {
    const account = (login: string, patch: Partial<CentralAccount> = {}): CentralAccount => ({
      login,
      displayName: login,
      passwordHash: HASH_A,
      passwordChangedAt: null,
      disabledAt: null,
      roles: [grant('cx')],
      ...patch,
    });
    const apply = (accounts: CentralAccount[], now = NOW) => sql.transaction((trx) => applyCentralAccounts(trx, accounts, now));
    const id = async (login: string) => (await findUserByLogin(sql, login))!.id;

    it('adds the new ones as the central’s, and a local account of the same login (any case) becomes the central’s', async () => {
      const local = await createUser(sql, { login: 'Local.Head', displayName: 'Местный', roles: [grant('office-head', 'sharya')] }, NOW);
      const untouched = await createUser(sql, { login: 'only.local', displayName: 'Только здесь', roles: [grant('staff', 'sharya')] }, NOW);
      const rolesTwoWays = [grant('staff', 'sharya'), grant('cx')];
      const ended = await apply([
        account('same'),
        account('rehashed'),
        account('reroled'),
        account('disabled'),
        account('removed'),
        account('reordered', { roles: rolesTwoWays }),
        account('local.head', { displayName: 'Начальник из центра', passwordHash: HASH_B, roles: [grant('office-head', 'sharya')] }),
      ]);
      // The local account got a password from the central: its sessions end.
      expect(ended).toEqual([local.id]);
      expect(await findUserByLogin(sql, 'local.head')).toMatchObject({ id: local.id, login: 'local.head', displayName: 'Начальник из центра', passwordHash: HASH_B, createdAt: NOW });
      expect(await isCentralAccount(sql, local.id)).toBe(true);
      expect(await isCentralAccount(sql, untouched.id)).toBe(false);
      expect(await findUserByLogin(sql, 'same')).toMatchObject({ displayName: 'same', passwordHash: HASH_A, createdAt: NOW, disabledAt: null, roles: [grant('cx')] });
      expect(await isCentralAccount(sql, await id('same'))).toBe(true);
    });

    it('ends the sessions of the re-hashed, re-roled, disabled and removed; not of the same roles in another order', async () => {
      const ended = await apply(
        [
          account('same'),
          account('rehashed', { passwordHash: HASH_B }),
          account('reroled', { roles: [grant('office-head', 'sharya')] }),
          account('disabled', { disabledAt: NOW + 50 }),
          account('reordered', { roles: [grant('cx'), grant('staff', 'sharya'), grant('cx')] }),
          account('local.head', { displayName: 'Начальник из центра', passwordHash: HASH_B, roles: [grant('office-head', 'sharya')] }),
        ],
        NOW + 100,
      );
      const expected = await Promise.all(['rehashed', 'reroled', 'disabled', 'removed'].map(id));
      expect(ended).toEqual(expected);
      expect(await findUserByLogin(sql, 'removed')).toMatchObject({ roles: [], disabledAt: NOW + 100 });
      expect(await findUserByLogin(sql, 'disabled')).toMatchObject({ disabledAt: NOW + 50, roles: [grant('cx')] });
      expect((await findUserByLogin(sql, 'reroled'))?.roles).toEqual([grant('office-head', 'sharya')]);
      expect(await findUserByLogin(sql, 'only.local')).toMatchObject({ disabledAt: null, roles: [grant('staff', 'sharya')] });
    });

    it('a removed account stays removed with its first disabling time; handed down again it is back', async () => {
      // The ones no longer handed down, in id order (the local account that became the central's is the oldest).
      expect(await apply([account('same')], NOW + 200)).toEqual(await Promise.all(['local.head', 'rehashed', 'reroled', 'disabled', 'removed', 'reordered'].map(id)));
      expect((await findUserByLogin(sql, 'removed'))?.disabledAt).toBe(NOW + 100);
      expect((await findUserByLogin(sql, 'rehashed'))?.disabledAt).toBe(NOW + 200);
      expect((await findUserByLogin(sql, 'disabled'))?.disabledAt).toBe(NOW + 50);
      // Back with a role again: its (no) sessions end first, then the ones still gone.
      expect(await apply([account('same'), account('removed')], NOW + 300)).toEqual(await Promise.all(['removed', 'local.head', 'rehashed', 'reroled', 'disabled', 'reordered'].map(id)));
      expect(await findUserByLogin(sql, 'removed')).toMatchObject({ disabledAt: null, roles: [grant('cx')] });
    });

    it('goes with the caller’s transaction when it rolls back', async () => {
      await expect(
        sql.transaction(async (trx) => {
          await applyCentralAccounts(trx, [account('brand.new')], NOW);
          throw new Error('the revision was older');
        }),
      ).rejects.toThrow('the revision was older');
      expect(await findUserByLogin(sql, 'brand.new')).toBeNull();
      expect((await findUserByLogin(sql, 'same'))?.disabledAt).toBeNull();
    });
  });
});
