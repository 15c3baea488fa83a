import path from 'node:path';
import { Router } from 'express';
import type { HubContext } from '../context.ts';
import { packageDistFile, pageFileReader, sendPage, serveAsset, socketIoClientSource, staffPageCsp } from '../http/page-assets.ts';
import type { Access } from '../http/route-table.ts';
import { scopeFor } from '../staff/staff-auth.ts';
import { ALERTS_ACCESS } from '../alerts/alert-routes.ts';
import { COMMENTS_ACCESS, FIGURES_ACCESS } from '../reports/api-routes.ts';

/**
 * The CX dashboard page (`GET /dashboard`) and its static assets. No build step: plain HTML,
 * small ES modules and a stylesheet, read once at start. Every number on the page comes from the
 * JSON API of hub/reports/ (the same query code as the XLSX and CSV).
 */
const readPage = pageFileReader(path.join(import.meta.dirname, 'page'));

const MODULES = ['dashboard.js', 'api.js', 'format.js', 'dom.js', 'figures-table.js', 'drill-view.js', 'comments-view.js', 'trend-view.js', 'trend-chart.js', 'archive-view.js', 'alerts-view.js'] as const;

// A form on the page may post only to the hub itself.
const PAGE_CSP = staffPageCsp('self');

export function dashboardRoutes(ctx: HubContext): Router {
  const router = Router();
  const page = readPage('dashboard.html');
  ctx.routes.add(router, { method: 'get', path: '/dashboard', access: FIGURES_ACCESS, summary: 'панель сектора клиентского опыта: отделы × период, динамика, отзывы' }, (req, res) => {
    // A director sees the figures but not the clients' comments nor the alerts: the page leaves
    // out what the API would refuse this user, instead of showing an error.
    const user = req.staff!.user;
    const may = (access: Access) => access.kind === 'staff' && scopeFor(user, access.roles, false) !== null;
    const body = `<body data-comments="${may(COMMENTS_ACCESS)}" data-alerts="${may(ALERTS_ACCESS)}">`;
    sendPage(res, page.replace('<body>', body), PAGE_CSP);
  });
  for (const name of MODULES) {
    ctx.routes.add(router, { method: 'get', path: `/dashboard/${name}`, access: { kind: 'public' }, summary: 'сценарий панели показателей (без данных)' }, serveAsset(readPage(name), 'text/javascript; charset=utf-8'));
  }
  ctx.routes.add(router, { method: 'get', path: '/dashboard/dashboard.css', access: { kind: 'public' }, summary: 'оформление панели показателей' }, serveAsset(readPage('dashboard.css'), 'text/css; charset=utf-8'));
  ctx.routes.add(router, { method: 'get', path: '/dashboard/uPlot.esm.js', access: { kind: 'public' }, summary: 'библиотека графиков uPlot для панели показателей' }, serveAsset(packageDistFile('uplot', 'uPlot.esm.js'), 'text/javascript; charset=utf-8'));
  ctx.routes.add(router, { method: 'get', path: '/dashboard/uPlot.min.css', access: { kind: 'public' }, summary: 'оформление графиков uPlot' }, serveAsset(packageDistFile('uplot', 'uPlot.min.css'), 'text/css; charset=utf-8'));
  ctx.routes.add(
    router,
    { method: 'get', path: '/dashboard/socket.io.esm.min.js', access: { kind: 'public' }, summary: 'клиент socket.io для панели показателей' },
    serveAsset(socketIoClientSource(), 'text/javascript; charset=utf-8'),
  );
  return router;
}
