import { Router } from 'express';
import { ROLES } from '../../shared/roles.ts';
import type { HubContext } from '../context.ts';
import { sendStaffPage } from './staff-page.ts';

/** The staff start page (the pages the user's roles open on this hub) and the admin page. */
export function homeRoutes(ctx: HubContext): Router {
  const router = Router();
  const anyRole = { kind: 'staff', roles: ROLES, officeScoped: false } as const;

  // Browsers ask for it on every page; an empty answer keeps their consoles clean.
  ctx.routes.add(router, { method: 'get', path: '/favicon.ico', access: { kind: 'public' }, summary: 'пустая иконка сайта' }, (_req, res) => void res.status(204).end());

  ctx.routes.add(router, { method: 'get', path: '/', access: { kind: 'public' }, summary: 'на страницу сотрудников' }, (_req, res) => res.redirect(302, '/staff'));

  ctx.routes.add(router, { method: 'get', path: '/staff', access: anyRole, summary: 'начальная страница сотрудника' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'home' });
  });

  ctx.routes.add(router, { method: 'get', path: '/admin', access: { kind: 'staff', roles: ['admin', 'aho'], officeScoped: false }, summary: 'страница администратора' }, (req, res) => {
    const offices = ctx.offices.list()
      .filter((o) => o.closedAt === null)
      .map((o) => ({ id: o.id, name: o.name }));
    const isAdmin = req.staff!.user.roles.some((g) => g.role === 'admin');
    sendStaffPage(ctx, req, res, { page: 'admin', offices, defaultOffice: ctx.config.officeId, isAdmin });
  });

  return router;
}
