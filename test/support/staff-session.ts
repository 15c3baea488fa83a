import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import type { Role } from '../../shared/roles.ts';
import type { RunningHub } from '../../hub/server.ts';
import { hashPassword } from '../../hub/staff/passwords.ts';
import { createUser, findUserByLogin, setPasswordHash } from '../../hub/staff/users.ts';

/**
 * Logs a staff user into a running hub through the real login form and returns what a browser
 * would hold: the session cookie and the CSRF token. Creates the user when it does not exist.
 */
export interface StaffSession {
  login: string;
  cookie: string;
  csrfToken: string;
  /** fetch with the cookie (and the CSRF header on state-changing requests). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export const TEST_PASSWORD = 'проверочный-пароль-123';

export async function staffSession(hub: RunningHub, login: string, roles: { role: Role; officeId?: string | null }[]): Promise<StaffSession> {
  if (!(await findUserByLogin(hub.ctx.sql, login))) {
    const user = await createUser(hub.ctx.sql, { login, displayName: login, roles: roles.map((r) => ({ role: r.role, officeId: r.officeId ?? null })) }, Date.now());
    await setPasswordHash(hub.ctx.sql, user.id, await hashPassword(TEST_PASSWORD), Date.now());
  }
  const res = await fetch(`${hub.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password: TEST_PASSWORD, next: '/staff' }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  if (res.status !== 303 || !cookie.startsWith('czn_session=')) throw new Error(`login of ${login} failed: ${res.status}`);
  const me = (await (await fetch(`${hub.url}/api/me`, { headers: { cookie } })).json()) as { csrfToken: string };
  const session: StaffSession = {
    login,
    cookie,
    csrfToken: me.csrfToken,
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('cookie', cookie);
      if (init.method && init.method !== 'GET') headers.set('x-csrf-token', me.csrfToken);
      if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${hub.url}${path}`, { ...init, headers, redirect: 'manual' });
    },
  };
  return session;
}

/** A Chromium context that holds the session's cookie for `url`: the user's browser after logging in. */
export async function browserAs(browser: Browser, url: string, session: Pick<StaffSession, 'cookie'>, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  const [name, value] = session.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url }]);
  return context;
}
