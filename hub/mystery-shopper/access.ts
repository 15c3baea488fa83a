import type { Request, Response } from 'express';
import type { MysteryRefusal } from '../../shared/api/mystery-shopper.ts';
import { describeIssues } from '../../shared/records.ts';
import type { Role } from '../../shared/roles.ts';
import type { z } from '../../shared/zod.ts';
import { countRefusal, type HubContext } from '../context.ts';
import type { Access } from '../http/route-table.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import type { StaffUser } from '../staff/users.ts';

/**
 * Who does what with the mystery shopper (order No. 308, 2.3). The CX sector owns the channel and,
 * with the admin, makes templates and records visits; the director reads everything (the order has
 * him review the results); an office head reads his office's visits and справка (the results
 * «доводятся до сведения начальника отдела»), but neither the shopper's pseudonym, nor who typed
 * the visit, nor the files, any of which could tell the office who the shopper was.
 */
export const READER_ROLES: readonly Role[] = ['cx', 'admin', 'director', 'office-head'];
export const READ: Access = { kind: 'staff', roles: READER_ROLES, officeScoped: true };
export const EDITOR_ROLES: readonly Role[] = ['cx', 'admin'];
export const EDIT: Access = { kind: 'staff', roles: EDITOR_ROLES, officeScoped: false };
/** The pseudonym, who typed the visit, and its files. */
export const INSIDER_ROLES: readonly Role[] = ['cx', 'admin', 'director'];
export const FILES_READ: Access = { kind: 'staff', roles: INSIDER_ROLES, officeScoped: false };

const holds = (user: StaffUser, roles: readonly Role[]): boolean => user.roles.some((g) => roles.includes(g.role));
export const mayEdit = (user: StaffUser): boolean => holds(user, EDITOR_ROLES);
export const isInsider = (user: StaffUser): boolean => holds(user, INSIDER_ROLES);

export const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function refuse(ctx: HubContext, res: Response, status: number, error: string, reason: string, fields: Record<string, string> = {}): void {
  countRefusal(ctx, `mystery-shopper-${error}`);
  const body: MysteryRefusal = { ok: false, error, reason, fields };
  res.status(status).json(body);
}

/** A form's refusal: each issue's message by its path in the form's content («criteria.2.weight»). */
export function refuseInvalid(ctx: HubContext, res: Response, error: z.ZodError): void {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).filter((p, i) => !(i === 0 && p === 'content')).join('.') || '(форма)';
    fields[path] ??= issue.message;
  }
  refuse(ctx, res, 400, 'invalid', describeIssues(error).replaceAll('content.', ''), fields);
}

/** A write the database refuses (disk full, I/O error) changed nothing: 503 with the reason, as every hub write. */
export async function write<T>(ctx: HubContext, res: Response, change: () => Promise<T>): Promise<T | null> {
  try {
    const done = await change();
    ctx.storage.noteWriteOk();
    return done;
  } catch (error) {
    answerStorageFailure(ctx, res, error);
    return null;
  }
}

export const officeNamer = (ctx: HubContext): ((id: string) => string) => {
  const names = new Map(ctx.offices.list().map((o) => [o.id, o.name]));
  return (id) => names.get(id) ?? id;
};

export const userOf = (req: Request): StaffUser => req.staff!.user;
