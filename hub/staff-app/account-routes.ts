import { Router, type Request } from 'express';
import rateLimit from 'express-rate-limit';
import type { ResetRequestsResponse } from '../../shared/api/admin.ts';
import { ROLES } from '../../shared/roles.ts';
import type { HubContext } from '../context.ts';
import { FORM_BODY_LIMIT } from '../http/body-limits.ts';
import { audit, openResetRequestLogins } from '../staff/audit.ts';
import { findUserByLogin, listUsers } from '../staff/users.ts';
import { regionalSettingsFromCentral } from '../regional-config/regional-change.ts';
import { sendStaffPage } from './staff-page.ts';

/**
 * One's own account: the page to change one's password (the API is POST /api/me/password), and
 * «Забыли пароль?»: a request left on the login page that the administrator sees on /admin and
 * answers with a one-time link handed over in person. The request says nothing back about whether
 * the login exists, and it changes nothing but the audit log. On an office hub with a central
 * nobody here can answer it (passwords are set on the central): the login page points there
 * instead, and a request posted here anyway is sent back with the same pointer, not recorded.
 */
export function accountRoutes(ctx: HubContext): Router {
  const router = Router();
  const everyone = { kind: 'staff', roles: ROLES, officeScoped: false } as const;
  const limit = rateLimit({ windowMs: 15 * 60_000, limit: 10, standardHeaders: 'draft-8', legacyHeaders: false, message: 'Слишком много просьб с этого адреса, попробуйте позже.' });

  ctx.routes.add(router, { method: 'get', path: '/account/password', access: everyone, summary: 'страница: сменить свой пароль' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'password' });
  });

  ctx.routes.add(router, { method: 'post', path: '/login/forgot', access: { kind: 'public' }, body: { kind: 'form', limitBytes: FORM_BODY_LIMIT }, summary: 'попросить администратора о новом пароле (запись в журнале)' }, limit, async (req, res) => {
    if (regionalSettingsFromCentral(ctx)) return void res.redirect(303, '/login?asked=central');
    const login = String((req.body as Record<string, unknown> | undefined)?.login ?? '').trim().slice(0, 60);
    if (sameOrigin(req) && login) {
      const user = await findUserByLogin(ctx.sql, login);
      if (user && user.disabledAt === null) await audit(ctx.sql, { at: ctx.clock(), actor: user.login, action: 'password.reset-request', target: user.login, ip: req.ip ?? null });
    }
    res.redirect(303, '/login?asked=1');
  });

  ctx.routes.add(router, { method: 'get', path: '/api/admin/reset-requests', access: { kind: 'staff', roles: ['admin'], officeScoped: false }, summary: 'просьбы о новом пароле, ещё без ссылки' }, async (_req, res) => {
    const body: ResetRequestsResponse = { ok: true, requests: await openResetRequests(ctx) };
    res.json(body);
  });

  return router;
}

/** Latest request per user, unless a link was issued or the password set after it. */
async function openResetRequests(ctx: HubContext): Promise<ResetRequestsResponse['requests']> {
  // The accounts, then the open requests in the audit log (both CentralSql), matched here by login.
  const users = new Map((await listUsers(ctx.sql)).map((u) => [u.login, u]));
  const rows = await openResetRequestLogins(ctx.sql);
  return rows
    .flatMap((r) => {
      const user = users.get(r.login);
      return user && user.disabledAt === null ? [{ login: user.login, displayName: user.displayName, userId: user.id, at: r.at }] : [];
    })
    .sort((a, b) => b.at - a.at);
}

function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin) return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}
