/**
 * The audit log: who did what, when, from where. Append-only (the schema's triggers refuse
 * UPDATE and DELETE). The actions are listed in shared/audit-actions.ts.
 */
import type { Db } from '../db/open.ts';
import type { AuditAction } from '../../shared/audit-actions.ts';

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

export function audit(db: Db, entry: { at: number; actor: string; action: AuditAction; target?: string | null; detail?: string | null; ip?: string | null }): void {
  db.prepare('INSERT INTO audit_log (at, actor, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?)').run(
    entry.at,
    entry.actor,
    entry.action,
    entry.target ?? null,
    entry.detail ?? null,
    entry.ip ?? null,
  );
}

export function listAudit(db: Db, options: { limit: number; before?: number; actionPrefix?: string }): AuditEntry[] {
  return db
    .prepare(
      `SELECT seq, at, actor, action, target, detail, ip FROM audit_log
       WHERE (@before IS NULL OR seq < @before) AND (@prefix IS NULL OR action LIKE @prefix || '%')
       ORDER BY seq DESC LIMIT @limit`,
    )
    .all({ before: options.before ?? null, prefix: options.actionPrefix ?? null, limit: options.limit }) as AuditEntry[];
}
