import express, { Router, type Request, type Response } from 'express';
import type { MeResponse, PasswordChangedResponse } from '../../shared/api/me.ts';
import type { HubContext } from '../context.ts';
import { SESSION_COOKIE, readStaff } from '../http/staff-auth.ts';
import { audit } from './audit.ts';
import { staffPageHtml } from '../staff-app/staff-page.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { createSession, endAllSessions, endSession } from './sessions.ts';
import { checkSetupLink, useSetupLink } from './setup-links.ts';
import { LoginThrottle } from './throttle.ts';
import { findUserById, findUserByLogin, setPasswordHash } from './users.ts';

/** Login, logout, first-password setup, and "who am I". */
export function loginRoutes(ctx: HubContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const throttle = new LoginThrottle(ctx.clock);
  const secure = ctx.config.publicBaseUrl?.startsWith('https:') ?? false;

  // The pages are the staff app (staff-app/src/screens/account/); their forms post here as plain forms.
  const loginPage = (next: string, error: string | null, notice: string | null = null): string => staffPageHtml(ctx, null, { page: 'login', next, error, notice }).html;
  const setupPage = (login: string, error: string | null): string => staffPageHtml(ctx, null, { page: 'setup', login, refusal: null, error }).html;
  const setupRefusedPage = (reason: 'unknown' | 'used' | 'expired'): string => staffPageHtml(ctx, null, { page: 'setup', login: null, refusal: reason, error: null }).html;

  const setCookie = (res: Response, value: string, maxAgeMs: number) =>
    res.cookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: maxAgeMs });

  ctx.routes.add(router, { method: 'get', path: '/login', access: { kind: 'public' }, summary: 'страница входа' }, (req, res) => {
    res.type('html').send(loginPage(safeNext(req.query.next), null, req.query.asked === '1' ? ASKED : null));
  });

  ctx.routes.add(router, { method: 'post', path: '/login', access: { kind: 'public' }, summary: 'вход по логину и паролю' }, form, async (req, res) => {
    const login = String((req.body as Record<string, unknown>)?.login ?? '').trim();
    const password = String((req.body as Record<string, unknown>)?.password ?? '');
    const next = safeNext((req.body as Record<string, unknown>)?.next);
    const ip = req.ip ?? 'unknown';
    // Login CSRF: a form posted from another site carries that site's Origin.
    if (!sameOrigin(req)) return void res.status(403).type('html').send(loginPage(next, 'Запрос пришёл с другого сайта.'));
    const wait = throttle.retryAfterMs(login, ip);
    if (wait > 0) {
      audit(ctx.db, { at: ctx.clock(), actor: login || '(пусто)', action: 'login.throttled', ip });
      res.status(429).set('Retry-After', String(Math.ceil(wait / 1000)));
      return void res.type('html').send(loginPage(next, `Слишком много неудачных попыток. Попробуйте через ${Math.ceil(wait / 60000)} мин.`));
    }
    const user = login ? findUserByLogin(ctx.db, login) : null;
    const valid = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !valid || user.disabledAt !== null) {
      throttle.recordFailure(login, ip);
      audit(ctx.db, { at: ctx.clock(), actor: login || '(пусто)', action: 'login.failed', ip });
      return void res.status(401).type('html').send(loginPage(next, 'Неверный логин или пароль.'));
    }
    throttle.recordSuccess(login);
    const { cookieValue, session } = createSession(ctx.db, user.id, ctx.clock());
    audit(ctx.db, { at: ctx.clock(), actor: user.login, action: 'login.ok', ip });
    setCookie(res, cookieValue, session.expiresAt - ctx.clock());
    res.redirect(303, next);
  });

  // SameSite=Strict keeps other sites from posting here with the cookie, so logout needs no token.
  ctx.routes.add(router, { method: 'post', path: '/logout', access: { kind: 'public' }, summary: 'выход' }, (req, res) => {
    const staff = readStaff(ctx.db, req, ctx.clock());
    if (staff) {
      endSession(ctx.db, staff.cookieValue);
      audit(ctx.db, { at: ctx.clock(), actor: staff.user.login, action: 'logout', ip: req.ip ?? null });
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });

  ctx.routes.add(router, { method: 'get', path: '/setup/:token', access: { kind: 'public' }, summary: 'одноразовая ссылка: задать пароль' }, (req, res) => {
    const check = checkSetupLink(ctx.db, String(req.params.token), ctx.clock());
    const user = check.ok ? findUserById(ctx.db, check.userId) : null;
    if (!check.ok || !user) return void res.status(check.ok ? 404 : 410).type('html').send(setupRefusedPage(check.ok ? 'unknown' : check.reason));
    res.type('html').send(setupPage(user.login, null));
  });

  ctx.routes.add(router, { method: 'post', path: '/setup/:token', access: { kind: 'public' }, summary: 'задать пароль по одноразовой ссылке' }, form, async (req, res) => {
    const token = String(req.params.token);
    const check = checkSetupLink(ctx.db, token, ctx.clock());
    const user = check.ok ? findUserById(ctx.db, check.userId) : null;
    if (!check.ok || !user) return void res.status(410).type('html').send(setupRefusedPage(check.ok ? 'unknown' : check.reason));
    const body = req.body as Record<string, unknown>;
    const password = String(body?.password ?? '');
    const problem = passwordProblem(password, user.login) ?? (password !== String(body?.confirm ?? '') ? 'пароли не совпадают' : null);
    if (problem) return void res.status(400).type('html').send(setupPage(user.login, `Пароль не подходит: ${problem}.`));
    const hash = await hashPassword(password);
    if (!useSetupLink(ctx.db, token, ctx.clock())) return void res.status(410).type('html').send(setupRefusedPage('used'));
    setPasswordHash(ctx.db, user.id, hash, ctx.clock());
    endAllSessions(ctx.db, user.id);
    audit(ctx.db, { at: ctx.clock(), actor: user.login, action: 'password.set', target: user.login, detail: 'по одноразовой ссылке', ip: req.ip ?? null });
    res.redirect(303, '/login');
  });

  const everyone = { kind: 'staff', roles: ['admin', 'aho', 'cx', 'office-head', 'director', 'staff'], officeScoped: false } as const;

  ctx.routes.add(router, { method: 'get', path: '/api/me', access: everyone, summary: 'текущий пользователь, его роли и CSRF-токен' }, (req, res) => {
    const { user, session } = req.staff!;
    const body: MeResponse = { ok: true, login: user.login, displayName: user.displayName, roles: user.roles, csrfToken: session.csrfToken };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/me/password', access: everyone, summary: 'сменить свой пароль (выход на всех устройствах)' }, async (req, res) => {
    const { user } = req.staff!;
    const body = req.body as { current?: unknown; next?: unknown } | undefined;
    const stored = findUserByLogin(ctx.db, user.login);
    if (!stored || !(await verifyPassword(stored.passwordHash, String(body?.current ?? '')))) {
      return void res.status(400).json({ ok: false, error: 'wrong-password', reason: 'текущий пароль неверен' });
    }
    const problem = passwordProblem(String(body?.next ?? ''), user.login);
    if (problem) return void res.status(400).json({ ok: false, error: 'weak-password', reason: problem });
    setPasswordHash(ctx.db, user.id, await hashPassword(String(body?.next)), ctx.clock());
    const ended = endAllSessions(ctx.db, user.id);
    audit(ctx.db, { at: ctx.clock(), actor: user.login, action: 'password.set', target: user.login, detail: `сессий завершено: ${ended}`, ip: req.ip ?? null });
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    const answer: PasswordChangedResponse = { ok: true, sessionsEnded: ended };
    res.json(answer);
  });

  return router;
}

/** Only a local path may follow login: an absolute or protocol-relative URL would be an open redirect. */
function safeNext(value: unknown): string {
  const next = typeof value === 'string' ? value : '';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/staff';
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

const ASKED = 'Просьба передана. Если такой логин есть, администратор увидит её и передаст вам одноразовую ссылку для нового пароля лично.';
