import { OFFICE_BOUND_ROLES, ROLES, type Role } from '../../shared/roles.ts';
import { z } from '../../shared/zod.ts';
import type { Kysely, Selectable } from 'kysely';
import type { CentralSql } from '../sql/central-sql.ts';
import type { StaffUserTable, Tables } from '../sql/tables.ts';
import { inTransaction, queryable, type Queryable } from '../sql/queryable.ts';

/**
 * Staff users and their roles. A role that covers every office is stored with office_id ''.
 * Office-bound roles (office head, staff) must name an office. The same statements run on the hub's
 * SQLite and on the central's PostgreSQL (hub/sql/central-sql.ts, migration 0013 there).
 *
 * A login is matched and ordered by lower(login): SQLite's column is COLLATE NOCASE (ASCII letters
 * folded), PostgreSQL's is COLLATE "C", where lower() folds ASCII letters only too.
 */
export const roleSchema = z.enum(ROLES);
export const loginSchema = z.string().trim().regex(/^[a-z0-9._-]{2,40}$/i, 'логин: латиница, цифры, точка, дефис, 2–40 знаков');

export const roleGrantSchema = z
  .strictObject({ role: roleSchema, officeId: z.string().min(1).nullable() })
  .refine((g) => OFFICE_BOUND_ROLES.includes(g.role) === (g.officeId !== null), {
    message: 'роли начальника и сотрудника отдела требуют отдел, остальные роли — без отдела',
  });
export type RoleGrant = z.infer<typeof roleGrantSchema>;

export interface StaffUser {
  id: number;
  login: string;
  displayName: string;
  hasPassword: boolean;
  passwordChangedAt: number | null;
  createdAt: number;
  disabledAt: number | null;
  roles: RoleGrant[];
}

/**
 * What the staff stores run on: the central's CentralSql, or a transaction already open on it
 * (`sql.transaction(async (trx) => …)`), so that several stores' writes commit together.
 */
export type StaffSql = Queryable;
export const staffDb = queryable;
/** Runs `body` in a transaction of its own, or in the caller's when `sql` already is one. */

type UserRow = Selectable<StaffUserTable>;

export async function createUser(sql: StaffSql, user: { login: string; displayName: string; roles: RoleGrant[] }, now: number): Promise<StaffUser> {
  return inTransaction(sql, async (db) => {
    const { id } = await db.insertInto('staff_user').values({ login: user.login, display_name: user.displayName, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await setRoles(db, id, user.roles);
    return (await findUserById(db, id))!;
  });
}

/** Replaces the user's roles; a grant named twice is kept once (SQLite's INSERT OR IGNORE before). */
export async function setRoles(sql: StaffSql, userId: number, roles: readonly RoleGrant[]): Promise<void> {
  const db = staffDb(sql);
  await db.deleteFrom('staff_role').where('user_id', '=', userId).execute();
  if (roles.length === 0) return;
  await db
    .insertInto('staff_role')
    .values(roles.map((grant) => ({ user_id: userId, role: grant.role, office_id: grant.officeId ?? '' })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function findUserById(sql: StaffSql, id: number): Promise<StaffUser | null> {
  const db = staffDb(sql);
  const row = await db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row, await rolesOf(db, row.id)) : null;
}

export async function findUserByLogin(sql: StaffSql, login: string): Promise<(StaffUser & { passwordHash: string | null }) | null> {
  const db = staffDb(sql);
  const row = await db
    .selectFrom('staff_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['login']), '=', eb.fn('lower', [eb.val(login)])))
    .executeTakeFirst();
  return row ? { ...fromRow(row, await rolesOf(db, row.id)), passwordHash: row.password_hash } : null;
}

export async function listUsers(sql: StaffSql): Promise<StaffUser[]> {
  return (await listUsersWithHashes(sql)).map(({ passwordHash: _hash, ...user }) => user);
}

export async function setPasswordHash(sql: StaffSql, userId: number, hash: string, now: number): Promise<void> {
  await staffDb(sql).updateTable('staff_user').set({ password_hash: hash, password_changed_at: now }).where('id', '=', userId).execute();
}

export async function disableUser(sql: StaffSql, userId: number, now: number): Promise<void> {
  await staffDb(sql).updateTable('staff_user').set({ disabled_at: now }).where('id', '=', userId).where('disabled_at', 'is', null).execute();
}

export async function countAdmins(sql: StaffSql): Promise<number> {
  const row = await staffDb(sql)
    .selectFrom('staff_role as r')
    .innerJoin('staff_user as u', 'u.id', 'r.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.role', '=', 'admin')
    .where('u.disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every account with its hash, for the regional snapshot the central hands to office hubs. */
export async function listUsersWithHashes(sql: StaffSql): Promise<(StaffUser & { passwordHash: string | null })[]> {
  const db = staffDb(sql);
  const rows = await db.selectFrom('staff_user').selectAll().orderBy((eb) => eb.fn('lower', ['login'])).execute();
  const roles = await allRoles(db);
  return rows.map((row) => ({ ...fromRow(row, roles.get(row.id) ?? []), passwordHash: row.password_hash }));
}

/** An account as the central hands it down (shared/protocol/regional-config.ts), times in epoch ms. */
export interface CentralAccount {
  login: string;
  displayName: string;
  passwordHash: string | null;
  passwordChangedAt: number | null;
  disabledAt: number | null;
  roles: RoleGrant[];
}

/**
 * Office hub: makes the central's accounts the ones in force, inside the caller's transaction (pass
 * the transaction as `sql`). An account is matched by login (case aside); a local one of the same
 * login becomes the central's. An account the central handed down before and no longer does is
 * disabled and loses its roles. Returns the ids whose sessions must end: disabled, password
 * changed, roles changed or gone.
 */
export async function applyCentralAccounts(sql: StaffSql, accounts: readonly CentralAccount[], now: number): Promise<number[]> {
  const db = staffDb(sql);
  const ended: number[] = [];
  const seen = new Set<number>();
  // Read once: the snapshot may carry thousands of accounts.
  const held = await db.selectFrom('staff_user').selectAll().orderBy('id').execute();
  const byLogin = new Map(held.map((row) => [foldLogin(row.login), row]));
  const rolesBefore = await allRoles(db);
  for (const account of accounts) {
    const row = byLogin.get(foldLogin(account.login));
    let id: number;
    if (!row) {
      const values = { login: account.login, display_name: account.displayName, password_hash: account.passwordHash, password_changed_at: account.passwordChangedAt, created_at: now, disabled_at: account.disabledAt, source: 'central' as const };
      id = (await db.insertInto('staff_user').values(values).returning('id').executeTakeFirstOrThrow()).id;
      byLogin.set(foldLogin(account.login), { ...values, id });
    } else {
      id = row.id;
      const rolesChanged = JSON.stringify(rolesBefore.get(id) ?? []) !== JSON.stringify(sortGrants(account.roles));
      if ((account.disabledAt !== null && row.disabled_at === null) || row.password_hash !== account.passwordHash || rolesChanged) ended.push(id);
      await db
        .updateTable('staff_user')
        .set({ login: account.login, display_name: account.displayName, password_hash: account.passwordHash, password_changed_at: account.passwordChangedAt, disabled_at: account.disabledAt, source: 'central' })
        .where('id', '=', id)
        .execute();
    }
    await setRoles(db, id, account.roles);
    seen.add(id);
  }
  for (const row of held) {
    if (row.source !== 'central' || seen.has(row.id)) continue;
    await db
      .updateTable('staff_user')
      .set((eb) => ({ disabled_at: eb.fn.coalesce('disabled_at', eb.val(now)) }))
      .where('id', '=', row.id)
      .execute();
    await db.deleteFrom('staff_role').where('user_id', '=', row.id).execute();
    ended.push(row.id);
  }
  return ended;
}

/** true: the account was handed down by the central and is edited there. */
export async function isCentralAccount(sql: StaffSql, userId: number): Promise<boolean> {
  const row = await staffDb(sql).selectFrom('staff_user').select('source').where('id', '=', userId).executeTakeFirst();
  return row?.source === 'central';
}

/** NOCASE's folding: ASCII letters only. */
const foldLogin = (login: string): string => login.replace(/[A-Z]/g, (c) => c.toLowerCase());

// The order the roles are read in (binary ORDER BY role, office_id: COLLATE "C" on PostgreSQL).
const grantKey = (g: RoleGrant): string => `${g.role}\u0000${g.officeId ?? ''}`;
const sortGrants = (grants: readonly RoleGrant[]): RoleGrant[] =>
  [...new Map(grants.map((g) => [grantKey(g), { role: g.role, officeId: g.officeId }])).values()].sort((a, b) => (grantKey(a) < grantKey(b) ? -1 : grantKey(a) > grantKey(b) ? 1 : 0));

const toGrant = (r: { role: Role; office_id: string }): RoleGrant => ({ role: r.role, officeId: r.office_id === '' ? null : r.office_id });

async function rolesOf(db: Kysely<Tables>, userId: number): Promise<RoleGrant[]> {
  const rows = await db.selectFrom('staff_role').select(['role', 'office_id']).where('user_id', '=', userId).orderBy('role').orderBy('office_id').execute();
  return rows.map(toGrant);
}

/** Every user's roles, each user's in the order rolesOf reads them. */
async function allRoles(db: Kysely<Tables>): Promise<Map<number, RoleGrant[]>> {
  const rows = await db.selectFrom('staff_role').select(['user_id', 'role', 'office_id']).orderBy('user_id').orderBy('role').orderBy('office_id').execute();
  const byUser = new Map<number, RoleGrant[]>();
  for (const row of rows) {
    const grants = byUser.get(row.user_id) ?? [];
    grants.push(toGrant(row));
    byUser.set(row.user_id, grants);
  }
  return byUser;
}

function fromRow(row: UserRow, roles: RoleGrant[]): StaffUser {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    hasPassword: row.password_hash !== null,
    passwordChangedAt: row.password_changed_at,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    roles,
  };
}
