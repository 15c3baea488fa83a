import { OFFICE_BOUND_ROLES, type Role } from '../../shared/roles.ts';
import { z } from '../../shared/zod.ts';
import type { Db } from '../db/open.ts';

/**
 * Staff users and their roles. A role that covers every office is stored with office_id ''.
 * Office-bound roles (office head, staff) must name an office.
 */
export const roleSchema = z.enum(['admin', 'aho', 'cx', 'office-head', 'director', 'staff']);
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
