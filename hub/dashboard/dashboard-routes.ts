import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import type { HubContext } from '../context.ts';
import { scopeFor } from '../staff/staff-auth.ts';
import type { Access } from '../http/route-table.ts';
import { ALERTS_ACCESS, COMMENTS_ACCESS, FIGURES_ACCESS } from '../reports/api-routes.ts';

/**
 * The CX dashboard page (`GET /dashboard`) and its static assets. No build step: plain HTML,
 * small ES modules and a stylesheet, read once at start. Every number on the page comes from the
 * JSON API of hub/reports/ (the same query code as the XLSX and CSV).
 */
const PAGE_DIR = path.join(import.meta.dirname, 'page');
const readPage = (name: string): string => readFileSync(path.join(PAGE_DIR, name), 'utf8');

const MODULES = ['dashboard.js', 'api.js', 'format.js', 'dom.js', 'figures-table.js', 'drill-view.js', 'comments-view.js', 'trend-view.js', 'trend-chart.js', 'archive-view.js', 'alerts-view.js'] as const;

/** uPlot, the trend chart library, served from its package as it ships. */
function uplotFile(name: 'uPlot.esm.js' | 'uPlot.min.css'): string {
  const packageJson = createRequire(import.meta.url).resolve('uplot/package.json');
  return readFileSync(path.join(path.dirname(packageJson), 'dist', name), 'utf8');
}

function socketIoClient(): string {
  // socket.io-client exports only its package.json and the UMD build; the ESM build sits beside them.
  const packageJson = createRequire(import.meta.url).resolve('socket.io-client/package.json');
  const source = readFileSync(path.join(path.dirname(packageJson), 'dist', 'socket.io.esm.min.js'), 'utf8');
  return source.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
}

// The page loads nothing from elsewhere and runs no inline script or style.
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function asset(body: string, type: string): RequestHandler {
  return (_req, res) => {
    res.set({ 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }).send(body);
  };
}

export function dashboardRoutes(ctx: HubContext): Router {
  const router = Router();
  const page = readPage('dashboard.html');
  ctx.routes.add(router, { method: 'get', path: '/dashboard', access: FIGURES_ACCESS, summary: 'панель сектора клиентского опыта: отделы × период, динамика, отзывы' }, (req, res) => {
    // A director sees the figures but not the clients' comments nor the alerts: the page leaves
    // out what the API would refuse this user, instead of showing an error.
    const user = req.staff!.user;
    const may = (access: Access) => access.kind === 'staff' && scopeFor(user, access.roles, false) !== null;
    const body = `<body data-comments="${may(COMMENTS_ACCESS)}" data-alerts="${may(ALERTS_ACCESS)}">`;
    res.set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': PAGE_CSP, 'x-content-type-options': 'nosniff' }).send(page.replace('<body>', body));
  });
  for (const name of MODULES) {
    ctx.routes.add(router, { method: 'get', path: `/dashboard/${name}`, access: { kind: 'public' }, summary: 'сценарий панели показателей (без данных)' }, asset(readPage(name), 'text/javascript; charset=utf-8'));
  }
  ctx.routes.add(router, { method: 'get', path: '/dashboard/dashboard.css', access: { kind: 'public' }, summary: 'оформление панели показателей' }, asset(readPage('dashboard.css'), 'text/css; charset=utf-8'));
  ctx.routes.add(router, { method: 'get', path: '/dashboard/uPlot.esm.js', access: { kind: 'public' }, summary: 'библиотека графиков uPlot для панели показателей' }, asset(uplotFile('uPlot.esm.js'), 'text/javascript; charset=utf-8'));
  ctx.routes.add(router, { method: 'get', path: '/dashboard/uPlot.min.css', access: { kind: 'public' }, summary: 'оформление графиков uPlot' }, asset(uplotFile('uPlot.min.css'), 'text/css; charset=utf-8'));
  ctx.routes.add(
    router,
    { method: 'get', path: '/dashboard/socket.io.esm.min.js', access: { kind: 'public' }, summary: 'клиент socket.io для панели показателей' },
    asset(socketIoClient(), 'text/javascript; charset=utf-8'),
  );
  return router;
}
