/**
 * The audit log: who did what, when, from where. Append-only (the schema's triggers refuse
 * UPDATE and DELETE, and on PostgreSQL TRUNCATE). The actions are listed in shared/audit-actions.ts.
 * On both databases (hub/sql/central-sql.ts); `sql` may be a transaction open on them, so an entry
 * commits together with the change it records (see users.ts, StaffSql).
 */
import type { AuditAction } from '../../shared/audit-actions.ts';
import { staffDb, type StaffSql } from './users.ts';

export type { AuditAction } from '../../shared/audit-actions.ts';

/** The actor of what an administrator does from the shell (`npm run hub -- …`). */
export const SHELL_ACTOR = 'командная строка';

export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  action: AuditAction;
  target: string | null;
  detail: string | null;
  ip: string | null;
}

export async function audit(sql: StaffSql, entry: { at: number; actor: string; action: AuditAction; target?: string | null; detail?: string | null; ip?: string | null }): Promise<void> {
  await staffDb(sql)
    .insertInto('audit_log')
    .values({ at: entry.at, actor: entry.actor, action: entry.action, target: entry.target ?? null, detail: entry.detail ?? null, ip: entry.ip ?? null })
    .execute();
}

/** Newest first; `before` pages on by seq, `actionPrefix` keeps the actions that start with it. */
export async function listAudit(sql: StaffSql, options: { limit: number; before?: number; actionPrefix?: string }): Promise<AuditEntry[]> {
  let query = staffDb(sql).selectFrom('audit_log').select(['seq', 'at', 'actor', 'action', 'target', 'detail', 'ip']);
  if (options.before !== undefined) query = query.where('seq', '<', options.before);
  if (options.actionPrefix !== undefined) query = query.where('action', 'like', `${options.actionPrefix}%`);
  const rows = await query.orderBy('seq', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({ ...r, action: r.action as AuditAction }));
}

/**
 * «Забыли пароль?» requests not yet answered: per login, its latest 'password.reset-request', unless
 * a 'setup-link.create' or 'password.set' for that login came at or after it. In login order.
 */
export async function openResetRequestLogins(sql: StaffSql): Promise<{ login: string; at: number }[]> {
  const db = staffDb(sql);
  const rows = await db
    .selectFrom('audit_log as r')
    .select((eb) => ['r.target', eb.fn.max('r.at').as('at')])
    .where('r.action', '=', 'password.reset-request')
    .where('r.target', 'is not', null)
    .groupBy('r.target')
    .orderBy('r.target')
    .execute();
  const open: { login: string; at: number }[] = [];
  for (const row of rows) {
    const login = row.target as string;
    const at = Number(row.at);
    const answered = await db
      .selectFrom('audit_log')
      .select('seq')
      .where('target', '=', login)
      .where('at', '>=', at)
      .where('action', 'in', ['setup-link.create', 'password.set'])
      .limit(1)
      .executeTakeFirst();
    if (answered === undefined) open.push({ login, at });
  }
  return open;
}
