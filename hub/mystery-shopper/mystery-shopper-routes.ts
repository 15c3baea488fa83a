import { Router, type Request } from 'express';
import type { HubContext } from '../context.ts';
import { moscowDay } from '../../shared/periods.ts';
import { inScope } from '../staff/staff-auth.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { EDIT, ID, mayEdit, READ, userOf } from './access.ts';
import { attachmentRoutes } from './attachment-routes.ts';
import { reportRoutes } from './report-routes.ts';
import { templateRoutes } from './template-routes.ts';
import { visitRoutes } from './visit-routes.ts';

/**
 * The mystery shopper («Тайный клиент», order No. 308 item 2.3; docs/mystery-shopper.md), on the
 * central only: the CX sector works there and office hubs take no visits. Its staff pages and API.
 */
export function mysteryShopperRoutes(ctx: HubContext): Router {
  const router = Router();
  if (ctx.config.role !== 'central') return router;
  const offices = (req: Request) =>
    ctx.offices.list()
      .filter((o) => o.closedAt === null && inScope(req.staff!.scope, o.id))
      .map((o) => ({ id: o.id, name: o.name }));
  const idParam = (req: Request): string => (ID.test(String(req.params.id)) ? String(req.params.id) : '');

  ctx.routes.add(router, { method: 'get', path: '/mystery-shopper', access: READ, summary: 'страница: тайный клиент — анкеты, визиты, оценки отделов' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'mystery-shopper', offices: offices(req), mayEdit: mayEdit(userOf(req)) });
  });
  ctx.routes.add(router, { method: 'get', path: '/mystery-shopper/templates/new', access: EDIT, summary: 'страница: новая анкета тайного клиента' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'mystery-template', templateId: null });
  });
  ctx.routes.add(router, { method: 'get', path: '/mystery-shopper/templates/:id', access: EDIT, summary: 'страница: анкета тайного клиента (изменение)' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'mystery-template', templateId: idParam(req) });
  });
  ctx.routes.add(router, { method: 'get', path: '/mystery-shopper/visits/new', access: EDIT, summary: 'страница: записать визит тайного клиента' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'mystery-visit-form', visitId: null, offices: offices(req), today: moscowDay(ctx.clock()) });
  });
  ctx.routes.add(router, { method: 'get', path: '/mystery-shopper/visits/:id/edit', access: EDIT, summary: 'страница: изменить визит тайного клиента' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'mystery-visit-form', visitId: idParam(req), offices: offices(req), today: moscowDay(ctx.clock()) });
  });
  ctx.routes.add(router, { method: 'get', path: '/mystery-shopper/visits/:id', access: READ, summary: 'страница: визит тайного клиента, файлы' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'mystery-visit', visitId: idParam(req) });
  });
  ctx.routes.add(router, { method: 'get', path: '/mystery-shopper/report', access: READ, summary: 'страница: справка о проведённом мероприятии «Тайный клиент» (для печати, A4)' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'mystery-report', offices: offices(req) });
  });

  templateRoutes(ctx, router);
  visitRoutes(ctx, router);
  attachmentRoutes(ctx, router);
  reportRoutes(ctx, router);
  return router;
}
