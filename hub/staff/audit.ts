import type { Db } from '../db/open.ts';

/**
 * The audit log: who did what, when, from where. Append-only (the schema's triggers refuse
 * UPDATE and DELETE). Actions are dotted names so the admin page can filter by prefix.
 */
export type AuditAction =
  | 'login.ok'
  | 'login.failed'
  | 'login.throttled'
  | 'logout'
  | 'password.set'
  | 'password.reset-request'
  | 'user.create'
  | 'user.update'
  | 'user.disable'
  | 'setup-link.create'
  | 'export'
  | 'settings.change'
  | 'device.pairing-code'
  | 'device.register'
  | 'device.revoke'
  | 'office-key.issue'
  | 'office-key.revoke'
  /** The office directory: an office added, renamed or re-addressed, closed, reopened (a regional change). */
  | 'office.create'
  | 'office.update'
  | 'office.close'
  | 'office.reopen'
  /** The author's name, address and contacts of a register entry were shown (issue 18). */
  | 'register.author-view'
  /** A phone-survey campaign made, its call list imported or the campaign closed (order No. 308, 1.2). */
  | 'phone-survey.change'
  /** A phone-survey call list, with its clients' numbers, was shown to an operator. */
  | 'phone-survey.numbers-view'
  /** The register was exported (XLSX or CSV); the detail says whether with the authors' data. */
  | 'register.export'
  /** A pain, its evidence or a measure of the pain map changed, or a measure reviewed (issue 19). */
  | 'pain-map.change'
  /** A mystery shopper's template, visit or file made, changed, approved or deleted (order No. 308, 2.3). */
  | 'mystery-shopper.change';

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
