import { Router, type Request, type Response } from 'express';
import {
  newOfficeBodySchema,
  officeChangeBodySchema,
  type DirectoryOffice,
  type OfficeDirectoryResponse,
  type OfficeRefusal,
  type OfficeSavedResponse,
} from '../../shared/api/offices.ts';
import { describeIssues } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import type { z } from '../../shared/zod.ts';
import { listOfficeKeys } from './office-keys.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { type OfficeRow } from '../db/offices.ts';
import { STAFF_BODY_LIMIT } from '../http/body-limits.ts';
import type { Access } from '../http/route-table.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { changeOffice, closeOffice, createOffice, reopenOffice, type DirectoryRefusal, type DirectoryResult } from '../regional-config/office-directory.ts';
import { refuseRegionalEdit } from '../regional-config/regional-change.ts';

/**
 * The office directory for the admin: the page «Отделы» and its API. On the central (or an office
 * hub on its own) the admin adds, renames, re-addresses, closes and reopens offices; an office hub
 * with a central shows the directory it was handed, read-only, and answers writes 409.
 */
const admin: Access = { kind: 'staff', roles: ['admin'], officeScoped: false };
const staffJson = { kind: 'json', limitBytes: STAFF_BODY_LIMIT } as const;

export function officeRoutes(ctx: HubContext): Router {
  const router = Router();
  const who = (req: Request) => ({ actor: req.staff!.user.login, ip: req.ip ?? null });

  ctx.routes.add(router, { method: 'get', path: '/offices', access: admin, summary: 'страница: справочник отделов (названия, адреса, закрытые)' }, async (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'offices', offices: await directory(ctx) });
  });

  ctx.routes.add(router, { method: 'get', path: '/api/offices', access: admin, summary: 'справочник отделов, с закрытыми' }, async (_req, res) => {
    const body: OfficeDirectoryResponse = { ok: true, offices: await directory(ctx) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/offices', access: admin, body: staffJson, summary: 'завести отдел (ревизия настроек области)' }, async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Справочник отделов')) return;
    const parsed = newOfficeBodySchema.safeParse(req.body);
    if (!parsed.success) return invalid(ctx, res, parsed.error);
    await answer(ctx, res, await createOffice(ctx, who(req), parsed.data), 201);
  });

  ctx.routes.add(router, { method: 'patch', path: '/api/offices/:id', access: admin, body: staffJson, summary: 'переименовать отдел, сменить вид или адрес (ревизия настроек области)' }, async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Справочник отделов')) return;
    const parsed = officeChangeBodySchema.safeParse(req.body);
    if (!parsed.success) return invalid(ctx, res, parsed.error);
    await answer(ctx, res, await changeOffice(ctx, who(req), String(req.params.id), parsed.data));
  });

  ctx.routes.add(router, { method: 'post', path: '/api/offices/:id/close', access: admin, summary: 'закрыть отдел: остаётся в отчётах, не удаляется (ревизия настроек области)' }, async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Справочник отделов')) return;
    await answer(ctx, res, await closeOffice(ctx, who(req), String(req.params.id)));
  });

  ctx.routes.add(router, { method: 'post', path: '/api/offices/:id/reopen', access: admin, summary: 'снова открыть закрытый отдел (ревизия настроек области)' }, async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Справочник отделов')) return;
    await answer(ctx, res, await reopenOffice(ctx, who(req), String(req.params.id)));
  });

  return router;
}

/** Every office, closed ones too; on the central, whether its hub holds a live forwarding key. */
export async function directory(ctx: HubContext): Promise<DirectoryOffice[]> {
  const keyed = await liveKeys(ctx);
  return ctx.offices.list().map((o) => directoryOffice(o, keyed));
}

const liveKeys = async (ctx: HubContext): Promise<ReadonlySet<string> | null> =>
  ctx.config.role === 'central' ? new Set((await listOfficeKeys(ctx.sql)).filter((k) => k.revokedAt === null).map((k) => k.officeId)) : null;

const directoryOffice = (o: OfficeRow, keyed: ReadonlySet<string> | null): DirectoryOffice => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  address: o.address,
  closedAt: o.closedAt === null ? null : toInstant(o.closedAt),
  keyIssued: keyed === null ? null : keyed.has(o.id),
});

function invalid(ctx: HubContext, res: Response, error: z.ZodError): void {
  countRefusal(ctx, 'invalid-office');
  const fields: OfficeRefusal['fields'] = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (field === 'id' || field === 'name' || field === 'kind' || field === 'address') fields[field] ??= issue.message;
  }
  const body: OfficeRefusal = { ok: false, error: 'invalid', reason: describeIssues(error), fields };
  res.status(400).json(body);
}

const STATUS: Record<DirectoryRefusal, number> = { exists: 409, 'not-found': 404, closed: 409, 'not-closed': 409 };

async function answer(ctx: HubContext, res: Response, result: DirectoryResult, status = 200): Promise<void> {
  if (!result.ok) {
    const body: OfficeRefusal = { ok: false, error: result.error, reason: result.reason, fields: result.field ? { [result.field]: result.reason } : {} };
    res.status(STATUS[result.error]).json(body);
    return;
  }
  const body: OfficeSavedResponse = { ok: true, office: directoryOffice(result.office, await liveKeys(ctx)), revision: result.revision };
  res.status(status).json(body);
}
