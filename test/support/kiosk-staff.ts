import type { Role } from '../../shared/roles.ts';
import type { RunningHub } from '../../hub/server.ts';
import { hashPassword } from '../../hub/staff/passwords.ts';
import { createUser, setPasswordHash } from '../../hub/staff/users.ts';

/**
 * A fetch for the staff routes the kiosk issue added (/api/services), as a logged-in user of the
 * given role: through the real login form, with the session cookie and the CSRF header. While staff
 * routes are still loopback-only the session is simply not needed, and this falls back to a plain
 * loopback request.
 */
export type StaffFetch = (path: string, init?: RequestInit) => Promise<Response>;

const PASSWORD = 'киоск-проверка-пароль-1';

export async function staffFetch(hub: RunningHub, login: string, role: Role): Promise<StaffFetch> {
  let cookie = '';
  let csrf = '';
  try {
    const user = await createUser(hub.ctx.sql, { login, displayName: login, roles: [{ role, officeId: null }] }, Date.now());
    await setPasswordHash(hub.ctx.sql, user.id, await hashPassword(PASSWORD), Date.now());
    const res = await fetch(`${hub.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login, password: PASSWORD, next: '/' }),
    });
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const me = await fetch(`${hub.url}/api/me`, { headers: { cookie } });
    if (me.ok) csrf = ((await me.json()) as { csrfToken?: string }).csrfToken ?? '';
  } catch {
    // No staff accounts in this build: loopback is the rule.
  }
  return (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    if (csrf && init.method && init.method !== 'GET') headers.set('x-csrf-token', csrf);
    if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${hub.url}${path}`, { ...init, headers, redirect: 'manual' });
  };
}
