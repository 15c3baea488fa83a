import { Router } from 'express';
import type { ServicesResponse } from '../../shared/api/settings.ts';
import { describeIssues } from '../../shared/records.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { replaceServices, serviceListSchema } from '../db/services.ts';
import { SERVICE_LIST_BODY_LIMIT } from '../http/body-limits.ts';
import type { Access } from '../http/route-table.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { refuseRegionalEdit, saveRegional } from '../regional-config/regional-change.ts';

/** The CX sector's list of services (the survey's last question): its editing page and API. */
export function servicesRoutes(ctx: HubContext): Router {
  const router = Router();
  const editors: Access = { kind: 'staff', roles: ['cx', 'admin'], officeScoped: false };

  ctx.routes.add(router, { method: 'get', path: '/services', access: editors, summary: 'страница: список услуг в анкете' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'services', services: ctx.services.list({ activeOnly: false }) });
  });

  ctx.routes.add(router, { method: 'get', path: '/api/services', access: editors, summary: 'список услуг для вопроса анкеты (с выведенными из списка)' }, (_req, res) => {
    const body: ServicesResponse = { ok: true, services: ctx.services.list({ activeOnly: false }) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'put', path: '/api/services', access: editors, body: { kind: 'json', limitBytes: SERVICE_LIST_BODY_LIMIT }, summary: 'заменить список услуг анкеты' }, auditOnSuccess(ctx, 'settings.change'), async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Список услуг')) return;
    const parsed = serviceListSchema.safeParse(req.body);
    if (!parsed.success) {
      countRefusal(ctx, 'invalid-services');
      res.status(400).json({ ok: false, error: 'invalid-services', reason: describeIssues(parsed.error) });
      return;
    }
    try {
      await saveRegional(ctx, { actor: req.staff!.user.login, what: 'список услуг' }, (trx) => replaceServices(trx, parsed.data));
    } finally {
      // The memory takes what the database holds: the new list, or after a rollback the old one.
      await ctx.services.load(ctx.sql);
    }
    ctx.logger.info({ services: parsed.data.services.map((s) => s.id) }, 'service list replaced');
    const body: ServicesResponse = { ok: true, services: ctx.services.list({ activeOnly: false }) };
    res.json(body);
  });
  return router;
}
