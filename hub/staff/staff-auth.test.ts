import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import { staffSession, TEST_PASSWORD } from '../../test/support/staff-session.ts';
import { readHubConfig } from '../config.ts';
import { startHub, type RunningHub } from '../server.ts';
import { listAudit } from './audit.ts';
import { LOGIN_REFUSALS_PER_MINUTE } from '../staff-app/login-routes.ts';
import { registerDeviceNow } from '../devices/credentials.ts';
import { press } from '../../test/support/test-records.ts';

let hub: RunningHub | null = null;
let now = Date.parse('2026-11-25T09:00:00Z');
afterEach(async () => {
  await hub?.close();
  hub = null;
});

async function start(): Promise<RunningHub> {
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'staff-')), PORT: '0', OFFICE_ID: 'sharya' });
  if (!config.ok) throw new Error(config.message);
  now = Date.parse('2026-11-25T09:00:00Z');
  hub = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }), clock: () => now });
  return hub;
}

const loginForm = (h: RunningHub, login: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${h.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ login, password }) });

describe('staff login', () => {
  it('pages redirect to the login, APIs answer 401, and a login opens them', async () => {
    const h = await start();
    const page = await fetch(`${h.url}/admin`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect([page.status, page.headers.get('location')]).toEqual([302, '/login?next=%2Fadmin']);
    expect((await fetch(`${h.url}/api/admin/users`)).status).toBe(401);
    const admin = await staffSession(h, 'admin', [{ role: 'admin' }]);
    expect((await admin.fetch('/api/admin/users')).status).toBe(200);
  });

  it('the session cookie is HttpOnly and SameSite=Strict, and a new id is issued at every login (no fixation)', async () => {
    const h = await start();
    const first = await staffSession(h, 'cx1', [{ role: 'cx' }]);
    const res = await fetch(`${h.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: first.cookie },
      body: new URLSearchParams({ login: 'cx1', password: TEST_PASSWORD }),
    });
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie.split(';')[0]).not.toBe(first.cookie);
    // A planted, made-up cookie opens nothing.
    expect((await fetch(`${h.url}/api/me`, { headers: { cookie: 'czn_session=planted-by-attacker' } })).status).toBe(401);
  });

  it('a state-changing request without the CSRF token is refused', async () => {
    const h = await start();
    const admin = await staffSession(h, 'admin', [{ role: 'admin' }]);
    const body = JSON.stringify({ login: 'newbie', displayName: 'Новый', roles: [{ role: 'cx', officeId: null }] });
    const without = await fetch(`${h.url}/api/admin/users`, { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body });
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({ error: 'csrf' });
    const wrong = await fetch(`${h.url}/api/admin/users`, { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/json', 'x-csrf-token': 'x'.repeat(admin.csrfToken.length) }, body });
    expect(wrong.status).toBe(403);
    expect((await admin.fetch('/api/admin/users', { method: 'POST', body })).status).toBe(201);
  });

  it('a login form posted from another origin is refused', async () => {
    const h = await start();
    await staffSession(h, 'cx1', [{ role: 'cx' }]);
    expect((await loginForm(h, 'cx1', TEST_PASSWORD, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('after 5 failures from one address that address is throttled (429, Retry-After); the real user logs in from another', async () => {
    const h = await start();
    await staffSession(h, 'aho1', [{ role: 'aho' }]);
    const attacker = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 5; i++) expect((await loginForm(h, 'aho1', 'wrong-password!', attacker)).status).toBe(401);
    const blocked = await loginForm(h, 'aho1', TEST_PASSWORD, attacker);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) expect((await loginForm(h, 'aho1', 'wrong-password!', attacker)).status).toBe(429);
    // The real user, from the office's address, is not locked out.
    expect((await loginForm(h, 'aho1', TEST_PASSWORD, { 'x-forwarded-for': '10.20.0.15' })).status).toBe(303);
    now += 15 * 60 * 1000 + 1;
    expect((await loginForm(h, 'aho1', TEST_PASSWORD, attacker)).status).toBe(303);
    const actions = (await listAudit(h.ctx.sql, { limit: 50 })).map((e) => e.action);
    expect(actions.filter((a) => a === 'login.failed')).toHaveLength(5);
    // Six throttled attempts, one entry.
    expect(actions.filter((a) => a === 'login.throttled')).toHaveLength(1);
  });

  it('a flood of junk login names writes nothing, and the address is cut off after a minute\'s worth of refusals', async () => {
    const h = await start();
    await staffSession(h, 'cx1', [{ role: 'cx' }]);
    const rows = () => h.ctx.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    const before = rows();
    const flooder = { 'x-forwarded-for': '198.51.100.23' };
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await loginForm(h, `${'x'.repeat(7900)}${i}`, 'whatever-password', flooder)).status);
    expect(rows()).toBe(before);
    expect(h.ctx.refusals.get('login-malformed')).toBe(LOGIN_REFUSALS_PER_MINUTE);
    expect(statuses.slice(0, LOGIN_REFUSALS_PER_MINUTE).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(LOGIN_REFUSALS_PER_MINUTE).every((s) => s === 429)).toBe(true);
    // The flooder's address is held back; the staff's is not.
    expect((await loginForm(h, 'cx1', TEST_PASSWORD, flooder)).status).toBe(429);
    expect((await loginForm(h, 'cx1', TEST_PASSWORD, { 'x-forwarded-for': '10.20.0.16' })).status).toBe(303);
    expect(rows()).toBe(before + 1);
  });

  it('a disabled user is logged out at once; a password change ends every session', async () => {
    const h = await start();
    const admin = await staffSession(h, 'admin', [{ role: 'admin' }]);
    const cx = await staffSession(h, 'cx1', [{ role: 'cx' }]);
    const cxOtherBrowser = await staffSession(h, 'cx1', [{ role: 'cx' }]);
    const change = await cx.fetch('/api/me/password', { method: 'POST', body: JSON.stringify({ current: TEST_PASSWORD, next: 'совсем-новый-пароль' }) });
    expect(change.status).toBe(200);
    expect((await cx.fetch('/api/me')).status).toBe(401);
    expect((await cxOtherBrowser.fetch('/api/me')).status).toBe(401);

    const director = await staffSession(h, 'dir', [{ role: 'director' }]);
    const users = (await (await admin.fetch('/api/admin/users')).json()) as { users: { id: number; login: string }[] };
    const id = users.users.find((u) => u.login === 'dir')!.id;
    expect((await admin.fetch(`/api/admin/users/${id}/disable`, { method: 'POST' })).status).toBe(200);
    expect((await director.fetch('/api/me')).status).toBe(401);
    expect((await loginForm(h, 'dir', TEST_PASSWORD)).status).toBe(401);
  });

  it('the last admin cannot be disabled', async () => {
    const h = await start();
    const admin = await staffSession(h, 'admin', [{ role: 'admin' }]);
    const users = (await (await admin.fetch('/api/admin/users')).json()) as { users: { id: number }[] };
    expect((await admin.fetch(`/api/admin/users/${users.users[0]!.id}/disable`, { method: 'POST' })).status).toBe(409);
  });

  it('a setup link sets the password once; the second use is refused', async () => {
    const h = await start();
    const admin = await staffSession(h, 'admin', [{ role: 'admin' }]);
    const created = (await (await admin.fetch('/api/admin/users', { method: 'POST', body: JSON.stringify({ login: 'head', displayName: 'Начальник', roles: [{ role: 'office-head', officeId: 'sharya' }] }) })).json()) as { setupUrl: string };
    const setupPath = new URL(created.setupUrl).pathname;
    expect((await fetch(`${h.url}${setupPath}`)).status).toBe(200);
    const form = new URLSearchParams({ password: 'пароль-начальника', confirm: 'пароль-начальника' });
    const first = await fetch(`${h.url}${setupPath}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(first.status).toBe(303);
    const second = await fetch(`${h.url}${setupPath}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(second.status).toBe(410);
    expect((await loginForm(h, 'head', 'пароль-начальника')).status).toBe(303);
  });

  it('the audit log cannot be edited, even with SQL', async () => {
    const h = await start();
    await staffSession(h, 'admin', [{ role: 'admin' }]);
    expect(() => h.ctx.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => h.ctx.db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
  });
});

describe('device pairing', () => {
  it('a code is traded once for a working device credential; a revoked device is refused at once', async () => {
    const h = await start();
    const aho = await staffSession(h, 'aho1', [{ role: 'aho' }]);
    const created = await aho.fetch('/api/admin/devices/pairing-codes', { method: 'POST', body: JSON.stringify({ deviceId: 'sharya-kiosk-1', kind: 'kiosk', name: 'Киоск у входа' }) });
    expect(created.status).toBe(201);
    const { code } = (await created.json()) as { code: string };
    const pair = (c: string) => fetch(`${h.url}/api/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: c }) });
    const paired = await pair(code);
    expect(paired.status).toBe(201);
    const { token, officeId } = (await paired.json()) as { token: string; officeId: string };
    expect(officeId).toBe('sharya');
    expect((await pair(code)).status).toBe(410);
    const heartbeat = { records: [] };
    const ingest = () => fetch(`${h.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(heartbeat) });
    expect((await ingest()).status).toBe(400); // authenticated, the empty batch is the problem
    expect((await aho.fetch('/api/admin/devices/sharya-kiosk-1/revoke', { method: 'POST' })).status).toBe(200);
    expect((await ingest()).status).toBe(401);
  });

  it('an expired code is refused', async () => {
    const h = await start();
    const aho = await staffSession(h, 'aho1', [{ role: 'aho' }]);
    const { code } = (await (await aho.fetch('/api/admin/devices/pairing-codes', { method: 'POST', body: JSON.stringify({ deviceId: 'k2', kind: 'kiosk', name: 'К2' }) })).json()) as { code: string };
    now += 11 * 60 * 1000;
    const res = await fetch(`${h.url}/api/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    expect(res.status).toBe(410);
  });
});

describe('refused records', () => {
  it('a conflicting resend from a device is listed for the admin with its body, not for АХО', async () => {
    const h = await start();
    const token = await registerDeviceNow(h.ctx, { id: 'drv-1', officeId: 'sharya', kind: 'panel-driver', name: 'Пульты' }, now);
    const first = press('drv-1', 'okno-1', now, { score: 5 });
    const send = (records: unknown[]) => fetch(`${h.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ records }) });
    expect((await send([first])).status).toBe(200);
    const reply = (await (await send([{ ...first, score: 1 }])).json()) as { results: { id: string; status: string }[] };
    expect(reply.results).toEqual([expect.objectContaining({ id: first.id, status: 'conflict' })]);

    const admin = await staffSession(h, 'admin1', [{ role: 'admin' }]);
    const list = (await (await admin.fetch('/api/admin/dead-letters')).json()) as { total: number; deadLetters: { recordId: string; source: string; reason: string; body: string }[] };
    expect(list.total).toBe(1);
    expect(list.deadLetters[0]).toMatchObject({ recordId: first.id, source: 'device:drv-1', reason: 'conflict' });
    expect(JSON.parse(list.deadLetters[0]!.body)).toMatchObject({ score: 1 });
    const aho = await staffSession(h, 'aho1', [{ role: 'aho' }]);
    expect((await aho.fetch('/api/admin/dead-letters')).status).toBe(403);
  });
});
