import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../../shared/roles.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { findSession, type Session } from './sessions.ts';
import { findUserById, type StaffUser } from './users.ts';
import { readCookie } from '../http/cookies.ts';
import { closeAfterRefusal } from '../http/request-body.ts';
import { PageProblem, wantsPage } from '../http/page-request.ts';

/**
 * Staff authentication and authorisation for the route table's `staff` rule:
 * session cookie → user → roles allowed on the route → the offices the request may see.
 * Office scoping is computed here and enforced by the handlers' queries through `req.staff.scope`,
 * never by hiding things in the page.
 */
export const SESSION_COOKIE = 'czn_session';

export interface OfficeScope {
  officeIds: 'all' | string[];
}

export interface StaffRequestContext {
  user: StaffUser;
  session: Session;
  cookieValue: string;
  scope: OfficeScope;
}

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffRequestContext;
  }
}

/** The offices a user may see through a route that allows `roles`; null when no role fits. */
export function scopeFor(user: StaffUser, roles: readonly Role[], officeScoped: boolean): OfficeScope | null {
  const grants = user.roles.filter((g) => roles.includes(g.role));
  if (grants.length === 0) return null;
  if (!officeScoped || grants.some((g) => g.officeId === null)) return { officeIds: 'all' };
  return { officeIds: [...new Set(grants.map((g) => g.officeId as string))] };
}

export function inScope(scope: OfficeScope, officeId: string): boolean {
  return scope.officeIds === 'all' || scope.officeIds.includes(officeId);
}

/** Reads the session, if any, without requiring one (for pages that greet a logged-in user). */
export function readStaff(sql: CentralSql, req: Request, now: number): Promise<Omit<StaffRequestContext, 'scope'> | null> {
  return readStaffFromCookies(sql, req.get('cookie'), now);
}

/** The same from a raw Cookie header: socket.io handshakes carry the session cookie too. */
export async function readStaffFromCookies(sql: CentralSql, cookieHeader: string | undefined, now: number): Promise<Omit<StaffRequestContext, 'scope'> | null> {
  const cookieValue = readCookie(cookieHeader, SESSION_COOKIE);
  if (!cookieValue) return null;
  const session = await findSession(sql, cookieValue, now);
  if (!session) return null;
  const user = await findUserById(sql, session.userId);
  if (!user || user.disabledAt !== null) return null;
  return { user, session, cookieValue };
}

/** Async: a failing read of the session is passed to Express's error handling (Express 5 forwards the rejection). */
export function requireStaff(deps: { sql: CentralSql; clock: () => number }, roles: readonly Role[], officeScoped: boolean): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const staff = await readStaff(deps.sql, req, deps.clock());
    if (!staff) return refuse(req, res, next, 401);
    const scope = scopeFor(staff.user, roles, officeScoped);
    if (!scope) return refuse(req, res, next, 403);
    if (isStateChanging(req) && !csrfMatches(req, staff.session.csrfToken)) {
      closeAfterRefusal(req, res);
      res.status(403).json({ ok: false, error: 'csrf', reason: 'нет или неверный CSRF-токен (заголовок X-CSRF-Token)' });
      return;
    }
    req.staff = { ...staff, scope };
    next();
  };
}

const isStateChanging = (req: Request): boolean => !['GET', 'HEAD', 'OPTIONS'].includes(req.method);

/** The header only: the guard runs before the body is read (route-table.ts), and every staff script sends it. */
function csrfMatches(req: Request, expected: string): boolean {
  const sent = req.get('x-csrf-token');
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

function refuse(req: Request, res: Response, next: NextFunction, status: 401 | 403): void {
  closeAfterRefusal(req, res);
  if (status === 401 && wantsPage(req)) {
    res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  // A page gets the Russian «нет доступа» page in the staff frame (hub/staff-app/page-problems.ts).
  if (wantsPage(req)) return next(new PageProblem(403));
  res.status(status).json(
    status === 401
      ? { ok: false, error: 'unauthorized', reason: 'нужно войти в систему' }
      : { ok: false, error: 'forbidden', reason: 'у вашей роли нет доступа к этому разделу' },
  );
}
