import { OFFICE_BOUND_ROLES, ROLES, type Role } from '../../shared/roles.ts';
import { z } from '../../shared/zod.ts';
import type { Db } from '../db/open.ts';

/**
 * Staff users and their roles. A role that covers every office is stored with office_id ''.
 * Office-bound roles (office head, staff) must name an office.
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

interface UserRow {
  id: number;
  login: string;
  display_name: string;
  password_hash: string | null;
  password_changed_at: number | null;
  created_at: number;
  disabled_at: number | null;
}

export function createUser(db: Db, user: { login: string; displayName: string; roles: RoleGrant[] }, now: number): StaffUser {
  return db.transaction(() => {
    const { lastInsertRowid } = db.prepare('INSERT INTO staff_user (login, display_name, created_at) VALUES (?, ?, ?)').run(user.login, user.displayName, now);
    setRoles(db, Number(lastInsertRowid), user.roles);
    return findUserById(db, Number(lastInsertRowid))!;
  })();
}

export function setRoles(db: Db, userId: number, roles: RoleGrant[]): void {
  db.prepare('DELETE FROM staff_role WHERE user_id = ?').run(userId);
  const insert = db.prepare('INSERT OR IGNORE INTO staff_role (user_id, role, office_id) VALUES (?, ?, ?)');
  for (const grant of roles) insert.run(userId, grant.role, grant.officeId ?? '');
}

export function findUserById(db: Db, id: number): StaffUser | null {
  const row = db.prepare('SELECT * FROM staff_user WHERE id = ?').get(id) as UserRow | undefined;
  return row ? withRoles(db, row) : null;
}

export function findUserByLogin(db: Db, login: string): (StaffUser & { passwordHash: string | null }) | null {
  const row = db.prepare('SELECT * FROM staff_user WHERE login = ?').get(login) as UserRow | undefined;
  return row ? { ...withRoles(db, row), passwordHash: row.password_hash } : null;
}

export function listUsers(db: Db): StaffUser[] {
  return (db.prepare('SELECT * FROM staff_user ORDER BY login').all() as UserRow[]).map((row) => withRoles(db, row));
}

export function setPasswordHash(db: Db, userId: number, hash: string, now: number): void {
  db.prepare('UPDATE staff_user SET password_hash = ?, password_changed_at = ? WHERE id = ?').run(hash, now, userId);
}

export function disableUser(db: Db, userId: number, now: number): void {
  db.prepare('UPDATE staff_user SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL').run(now, userId);
}

export function countAdmins(db: Db): number {
  return (db.prepare("SELECT count(*) AS n FROM staff_role r JOIN staff_user u ON u.id = r.user_id WHERE r.role = 'admin' AND u.disabled_at IS NULL").get() as { n: number }).n;
}

/** Every account with its hash, for the regional snapshot the central hands to office hubs. */
export function listUsersWithHashes(db: Db): (StaffUser & { passwordHash: string | null })[] {
  return (db.prepare('SELECT * FROM staff_user ORDER BY login').all() as UserRow[]).map((row) => ({ ...withRoles(db, row), passwordHash: row.password_hash }));
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
 * Office hub: makes the central's accounts the ones in force, inside the caller's transaction. An
 * account is matched by login; a local one of the same login becomes the central's. An account the
 * central handed down before and no longer does is disabled and loses its roles. Returns the ids
 * whose sessions must end: disabled, password changed, roles changed or gone.
 */
export function applyCentralAccounts(db: Db, accounts: readonly CentralAccount[], now: number): number[] {
  const ended: number[] = [];
  const seen = new Set<number>();
  const insert = db.prepare("INSERT INTO staff_user (login, display_name, password_hash, password_changed_at, created_at, disabled_at, source) VALUES (?, ?, ?, ?, ?, ?, 'central')");
  const update = db.prepare("UPDATE staff_user SET login = ?, display_name = ?, password_hash = ?, password_changed_at = ?, disabled_at = ?, source = 'central' WHERE id = ?");
  for (const account of accounts) {
    const row = db.prepare('SELECT * FROM staff_user WHERE login = ?').get(account.login) as UserRow | undefined;
    let id: number;
    if (!row) {
      id = Number(insert.run(account.login, account.displayName, account.passwordHash, account.passwordChangedAt, now, account.disabledAt).lastInsertRowid);
    } else {
      id = row.id;
      const before = withRoles(db, row);
      const rolesChanged = JSON.stringify(before.roles) !== JSON.stringify(sortGrants(account.roles));
      if ((account.disabledAt !== null && row.disabled_at === null) || row.password_hash !== account.passwordHash || rolesChanged) ended.push(id);
      update.run(account.login, account.displayName, account.passwordHash, account.passwordChangedAt, account.disabledAt, id);
    }
    setRoles(db, id, account.roles);
    seen.add(id);
  }
  const gone = db.prepare("SELECT id FROM staff_user WHERE source = 'central'").all() as { id: number }[];
  for (const { id } of gone) {
    if (seen.has(id)) continue;
    db.prepare('UPDATE staff_user SET disabled_at = coalesce(disabled_at, ?) WHERE id = ?').run(now, id);
    db.prepare('DELETE FROM staff_role WHERE user_id = ?').run(id);
    ended.push(id);
  }
  return ended;
}

/** true: the account was handed down by the central and is edited there. */
export function isCentralAccount(db: Db, userId: number): boolean {
  return (db.prepare('SELECT source FROM staff_user WHERE id = ?').get(userId) as { source: string } | undefined)?.source === 'central';
}

// The order withRoles reads them in (SQLite's binary ORDER BY role, office_id).
const grantKey = (g: RoleGrant): string => `${g.role}\u0000${g.officeId ?? ''}`;
const sortGrants = (grants: readonly RoleGrant[]): RoleGrant[] =>
  [...new Map(grants.map((g) => [grantKey(g), { role: g.role, officeId: g.officeId }])).values()].sort((a, b) => (grantKey(a) < grantKey(b) ? -1 : grantKey(a) > grantKey(b) ? 1 : 0));

function withRoles(db: Db, row: UserRow): StaffUser {
  const roles = (db.prepare('SELECT role, office_id FROM staff_role WHERE user_id = ? ORDER BY role, office_id').all(row.id) as { role: Role; office_id: string }[]).map(
    (r): RoleGrant => ({ role: r.role, officeId: r.office_id === '' ? null : r.office_id }),
  );
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
