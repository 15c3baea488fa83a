import { Router, type Request, type Response } from 'express';
import { ROLES } from '../../shared/roles.ts';
import rateLimit from 'express-rate-limit';
import type { MeResponse, PasswordChangedResponse } from '../../shared/api/me.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { FORM_BODY_LIMIT, STAFF_BODY_LIMIT } from '../http/body-limits.ts';
import { SESSION_COOKIE, readStaff } from '../staff/staff-auth.ts';
import { audit } from '../staff/audit.ts';
import { staffPageHtml } from './staff-page.ts';
import { hashPassword, PASSWORD_MAX_LENGTH, passwordProblem, verifyPassword } from '../staff/passwords.ts';
import { createSession, endAllSessions, endSession } from '../staff/sessions.ts';
import { checkSetupLink, useSetupLink } from '../staff/setup-links.ts';
import { LoginThrottle } from '../staff/throttle.ts';
import { findUserById, findUserByLogin, isCentralAccount, loginSchema, setPasswordHash } from '../staff/users.ts';
import { refuseRegionalEdit, regionalSettingsFromCentral, saveRegional } from '../regional-config/regional-change.ts';

const form = { kind: 'form', limitBytes: FORM_BODY_LIMIT } as const;
const staffJson = { kind: 'json', limitBytes: STAFF_BODY_LIMIT } as const;

/**
 * Refused login attempts per address and minute, whatever the name: each costs an argon2 check.
 * Successful logins are not counted, so a whole office behind one address logging in at nine is
 * never held up.
 */
export const LOGIN_REFUSALS_PER_MINUTE = 30;

/** Login, logout, first-password setup, and "who am I". */
export function loginRoutes(ctx: HubContext): Router {
  const router = Router();
  const throttle = new LoginThrottle(ctx.clock);
  /** The account a login and password open (null: none, or disabled), the failure or success told to the throttle. */
  async function signIn(login: string, password: string, ip: string): Promise<NonNullable<Awaited<ReturnType<typeof findUserByLogin>>> | null> {
    const user = await findUserByLogin(ctx.sql, login);
    const valid = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !valid || user.disabledAt !== null) {
      throttle.recordFailure(login, ip);
      return null;
    }
    throttle.recordSuccess(login, ip);
    return user;
  }
  const perAddress = rateLimit({
    windowMs: 60_000,
    limit: LOGIN_REFUSALS_PER_MINUTE,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      countRefusal(ctx, 'login-rate-limited');
      res.status(429).set('Retry-After', '60').type('html').send(loginPage('/staff', 'Слишком много попыток входа с этого адреса. Подождите минуту.'));
    },
  });
  const secure = ctx.config.publicBaseUrl?.startsWith('https:') ?? false;

  // The pages are the staff app (staff-app/src/screens/account/); their forms post here as plain forms.
  const loginPage = (next: string, error: string | null, notice: string | null = null): string => staffPageHtml(ctx, null, { page: 'login', next, error, notice }).html;
  const setupPage = (login: string, error: string | null): string => staffPageHtml(ctx, null, { page: 'setup', login, refusal: null, error }).html;
  const setupRefusedPage = (reason: 'unknown' | 'used' | 'expired'): string => staffPageHtml(ctx, null, { page: 'setup', login: null, refusal: reason, error: null }).html;

  const setCookie = (res: Response, value: string, maxAgeMs: number) =>
    res.cookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: maxAgeMs });

  ctx.routes.add(router, { method: 'get', path: '/login', access: { kind: 'public' }, summary: 'страница входа' }, (req, res) => {
    const notice = req.query.asked === '1' ? ASKED : req.query.asked === 'central' && ctx.config.centralUrl !== null ? askAtCentral(ctx.config.centralUrl) : req.query.password === 'set' ? PASSWORD_SET : null;
    res.type('html').send(loginPage(safeNext(req.query.next), null, notice));
  });

  ctx.routes.add(router, { method: 'post', path: '/login', access: { kind: 'public' }, body: form, summary: 'вход по логину и паролю' }, perAddress, async (req, res) => {
    const rawLogin = String((req.body as Record<string, unknown>)?.login ?? '').trim();
    const password = String((req.body as Record<string, unknown>)?.password ?? '');
    const next = safeNext((req.body as Record<string, unknown>)?.next);
    const ip = req.ip ?? 'unknown';
    const wrong = () => void res.status(401).type('html').send(loginPage(next, 'Неверный логин или пароль.'));
    // Login CSRF: a form posted from another site carries that site's Origin.
    if (!sameOrigin(req)) return void res.status(403).type('html').send(loginPage(next, 'Запрос пришёл с другого сайта.'));
    // What is not a login at all (kilobytes of junk, an empty name) is answered and counted, never written down.
    const shaped = loginSchema.safeParse(rawLogin);
    if (!shaped.success || password.length > PASSWORD_MAX_LENGTH) {
      countRefusal(ctx, 'login-malformed');
      throttle.recordFailure(null, ip);
      return wrong();
    }
    const login = shaped.data;
    const throttled = throttle.check(login, ip);
    if (throttled.waitMs > 0) {
      // One entry per blocked login or address and window, however many attempts follow.
      if (throttled.firstRefusal) await audit(ctx.sql, { at: ctx.clock(), actor: login, action: 'login.throttled', ip });
      res.status(429).set('Retry-After', String(Math.ceil(throttled.waitMs / 1000)));
      return void res.type('html').send(loginPage(next, `Слишком много неудачных попыток с этого адреса. Попробуйте через ${Math.ceil(throttled.waitMs / 60000)} мин.`));
    }
    // Counted by the throttle while its password is checked, so attempts sent at once cannot pass its limits together.
    const ended = throttle.begin(login, ip);
    const user = await signIn(login, password, ip).finally(ended);
    if (!user) {
      await audit(ctx.sql, { at: ctx.clock(), actor: login, action: 'login.failed', ip });
      return wrong();
    }
    const { cookieValue, session } = await createSession(ctx.sql, user.id, ctx.clock());
    await audit(ctx.sql, { at: ctx.clock(), actor: user.login, action: 'login.ok', ip });
    setCookie(res, cookieValue, session.expiresAt - ctx.clock());
    res.redirect(303, next);
  });

  // SameSite=Strict keeps other sites from posting here with the cookie, so logout needs no token.
  ctx.routes.add(router, { method: 'post', path: '/logout', access: { kind: 'public' }, summary: 'выход' }, async (req, res) => {
    const staff = await readStaff(ctx.sql, req, ctx.clock());
    if (staff) {
      await endSession(ctx.sql, staff.cookieValue);
      ctx.events.emit('sessions-ended', { userId: staff.user.id, cookieValue: staff.cookieValue });
      await audit(ctx.sql, { at: ctx.clock(), actor: staff.user.login, action: 'logout', ip: req.ip ?? null });
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });

  ctx.routes.add(router, { method: 'get', path: '/setup/:token', access: { kind: 'public' }, summary: 'одноразовая ссылка: задать пароль' }, async (req, res) => {
    const check = await checkSetupLink(ctx.sql, String(req.params.token), ctx.clock());
    const user = check.ok ? await findUserById(ctx.sql, check.userId) : null;
    if (!check.ok || !user) return void res.status(check.ok ? 404 : 410).type('html').send(setupRefusedPage(check.ok ? 'unknown' : check.reason));
    res.type('html').send(setupPage(user.login, null));
  });

  ctx.routes.add(router, { method: 'post', path: '/setup/:token', access: { kind: 'public' }, body: form, summary: 'задать пароль по одноразовой ссылке' }, async (req, res) => {
    const token = String(req.params.token);
    const check = await checkSetupLink(ctx.sql, token, ctx.clock());
    const user = check.ok ? await findUserById(ctx.sql, check.userId) : null;
    if (!check.ok || !user) return void res.status(410).type('html').send(setupRefusedPage(check.ok ? 'unknown' : check.reason));
    // The central's accounts get their passwords there; one set here would be undone by the next pull.
    if (regionalSettingsFromCentral(ctx) && (await isCentralAccount(ctx.sql, user.id))) return void res.status(409).type('html').send(setupRefusedPage('unknown'));
    const body = req.body as Record<string, unknown>;
    const password = String(body?.password ?? '');
    const problem = passwordProblem(password, user.login) ?? (password !== String(body?.confirm ?? '') ? 'пароли не совпадают' : null);
    if (problem) return void res.status(400).type('html').send(setupPage(user.login, `Пароль не подходит: ${problem}.`));
    const hash = await hashPassword(password);
    if (!(await useSetupLink(ctx.sql, token, ctx.clock()))) return void res.status(410).type('html').send(setupRefusedPage('used'));
    await saveRegional(ctx, { actor: user.login, what: `пароль сотрудника ${user.login}` }, async (trx) => {
      await setPasswordHash(trx, user.id, hash, ctx.clock());
      await endAllSessions(trx, user.id);
    });
    ctx.events.emit('sessions-ended', { userId: user.id, cookieValue: null });
    await audit(ctx.sql, { at: ctx.clock(), actor: user.login, action: 'password.set', target: user.login, detail: 'по одноразовой ссылке', ip: req.ip ?? null });
    res.redirect(303, '/login?password=set');
  });

  const everyone = { kind: 'staff', roles: ROLES, officeScoped: false } as const;

  ctx.routes.add(router, { method: 'get', path: '/api/me', access: everyone, summary: 'текущий пользователь, его роли и CSRF-токен' }, (req, res) => {
    const { user, session } = req.staff!;
    const body: MeResponse = { ok: true, login: user.login, displayName: user.displayName, roles: user.roles, csrfToken: session.csrfToken };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/me/password', access: everyone, body: staffJson, summary: 'сменить свой пароль (выход на всех устройствах)' }, async (req, res) => {
    const { user } = req.staff!;
    // Passwords live on the central, which hands their hashes down: a change made here would be undone by the next pull.
    if (refuseRegionalEdit(ctx, res, 'Пароль')) return;
    const body = req.body as { current?: unknown; next?: unknown } | undefined;
    const stored = await findUserByLogin(ctx.sql, user.login);
    if (!stored || !(await verifyPassword(stored.passwordHash, String(body?.current ?? '')))) {
      return void res.status(400).json({ ok: false, error: 'wrong-password', reason: 'текущий пароль неверен' });
    }
    const problem = passwordProblem(String(body?.next ?? ''), user.login);
    if (problem) return void res.status(400).json({ ok: false, error: 'weak-password', reason: problem });
    const hash = await hashPassword(String(body?.next));
    const ended = await saveRegional(ctx, { actor: user.login, what: `пароль сотрудника ${user.login}` }, async (trx) => {
      await setPasswordHash(trx, user.id, hash, ctx.clock());
      return endAllSessions(trx, user.id);
    });
    ctx.events.emit('sessions-ended', { userId: user.id, cookieValue: null });
    await audit(ctx.sql, { at: ctx.clock(), actor: user.login, action: 'password.set', target: user.login, detail: `сессий завершено: ${ended}`, ip: req.ip ?? null });
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
const PASSWORD_SET = 'Пароль задан. Войдите с новым паролем.';
/** An office hub with a central: a new password is asked for there, and reaches this hub by itself. */
const askAtCentral = (centralUrl: string) =>
  `Пароли сотрудников задаются на центральном сборщике. Попросите новый пароль там: ${centralUrl.replace(/\/+$/, '')}/login, кнопка «Забыли пароль?». Новый пароль начнёт действовать и здесь в течение нескольких минут.`;
