import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { ensureStaffAppBuilt } from '../../test/support/staff-app-build.ts';
import { staffSession, type StaffSession } from '../../test/support/staff-session.ts';
import { readHubConfig } from '../config.ts';
import type { Method } from '../http/route-table.ts';
import { startHub, type RunningHub } from '../server.ts';
import { listAudit } from '../staff/audit.ts';
import { createUser, findUserByLogin } from '../staff/users.ts';

/**
 * An office hub with CENTRAL_URL takes its regional settings from the central: every route that
 * would change one answers the admin 409 edited-at-central, saying where it is edited, and changes
 * nothing. «Забыли пароль?» there sends people to the central instead of leaving a request nobody
 * here can answer. (The central is out of reach on purpose: none of this needs it.)
 */
let hub: RunningHub;
let centralUrl: string;
let admin: StaffSession;
let centralUserId: number;

/** A port nothing listens on: the office hub's pulls and batches fail quietly and are retried. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  // The login page's pointer to the central is in the staff app's HTML.
  await ensureStaffAppBuilt();
  centralUrl = `http://127.0.0.1:${await closedPort()}`;
  const config = readHubConfig({
    ROLE: 'office',
    OFFICE_ID: 'sharya',
    DATA_DIR: makeTempDir('edited-at-central-'),
    PORT: '0',
    SCHEDULED_REPORTS: 'false',
    CENTRAL_URL: centralUrl,
    CENTRAL_KEY_ID: 'sharya.test',
    CENTRAL_KEY: `czn_hub_${'k'.repeat(43)}`,
  });
  if (!config.ok) throw new Error(config.message);
  hub = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  admin = await staffSession(hub, 'local.admin', [{ role: 'admin' }]);
  // An account as the central hands it down.
  centralUserId = (await createUser(hub.ctx.sql, { login: 'from.central', displayName: 'Сотрудник из центра', roles: [{ role: 'staff', officeId: 'sharya' }] }, Date.now())).id;
  hub.ctx.db.prepare("UPDATE staff_user SET source = 'central' WHERE id = ?").run(centralUserId);
}, 240_000);

afterAll(async () => {
  await hub?.close();
  removeTempDirs();
});

/** Every route that changes a regional setting, with a body it would otherwise accept or at least read. */
const REGIONAL_EDITS = (): [Method, string, unknown][] => [
  ['put', '/api/services', { services: [{ id: 'x', name: 'Своя услуга', active: true }] }],
  ['put', '/api/alert-rules', { rules: [] }],
  ['post', '/api/admin/users', { login: 'local.one', displayName: 'Местный', roles: [{ role: 'cx', officeId: null }] }],
  ['put', `/api/admin/users/${centralUserId}/roles`, { roles: [{ role: 'cx', officeId: null }] }],
  ['post', `/api/admin/users/${centralUserId}/setup-link`, undefined],
  ['post', `/api/admin/users/${centralUserId}/disable`, undefined],
  ['post', '/api/me/password', { current: 'проверочный-пароль-123', next: 'новый-пароль-для-проверки-1' }],
  ['post', '/api/surveys', { title: 'Свой опрос' }],
  ['put', '/api/surveys/x', { title: 'Свой опрос' }],
  ['post', '/api/surveys/x/publish', undefined],
  ['post', '/api/offices', { id: 'sharya-2', name: 'Шарьинское отделение, второй зал', kind: 'otdelenie', address: 'Костромская область, г. Шарья, ул. Вокзальная, д. 5' }],
  ['patch', '/api/offices/sharya', { name: 'Шарьинское отделение (своё название)' }],
  ['post', '/api/offices/sharya/close', undefined],
  ['post', '/api/offices/sharya/reopen', undefined],
];

describe('an office hub with a central refuses regional edits', () => {
  it('every regional edit route answers the admin 409 edited-at-central with the central’s address, and changes nothing', async () => {
    const services = hub.ctx.services.list({ activeOnly: false });
    const offices = hub.ctx.offices.list();
    const audited = (await listAudit(hub.ctx.sql, { limit: 1 }))[0]!.seq;
    const declared = new Set(hub.ctx.routes.specs.map((s) => `${s.method} ${s.path.replace(/:id\b/, '')}`));
    const answers: string[] = [];
    for (const [method, path, body] of REGIONAL_EDITS()) {
      expect(declared, `${method} ${path} is a declared route`).toContain(`${method} ${path.replace(/\/(\d+|x|sharya)(?=\/|$)/, '/')}`);
      const res = await admin.fetch(path, { method: method.toUpperCase(), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const answer = (await res.json()) as { error?: string; reason?: string; centralUrl?: string };
      answers.push(`${method} ${path}: ${res.status} ${answer.error} ${answer.centralUrl === centralUrl ? 'with the central' : 'without the central'}`);
      expect(answer.reason, path).toMatch(/^\S.* изменя(ется|ются) на центральном сборщике: этот хаб отдела получает настройки области оттуда$/);
    }
    expect(answers).toEqual(REGIONAL_EDITS().map(([method, path]) => `${method} ${path}: 409 edited-at-central with the central`));
    expect(hub.ctx.services.list({ activeOnly: false })).toEqual(services);
    expect(hub.ctx.offices.list()).toEqual(offices);
    expect(await findUserByLogin(hub.ctx.sql, 'from.central')).toMatchObject({ disabledAt: null, roles: [{ role: 'staff', officeId: 'sharya' }] });
    expect((await listAudit(hub.ctx.sql, { limit: 1 }))[0]!.seq).toBe(audited);
  });

  it('the verb agrees: «Правила сигналов изменяются», «Список услуг изменяется»', async () => {
    const rules = (await (await admin.fetch('/api/alert-rules', { method: 'PUT', body: JSON.stringify({ rules: [] }) })).json()) as { reason: string };
    expect(rules.reason).toMatch(/^Правила сигналов изменяются на центральном сборщике/);
    const services = (await (await admin.fetch('/api/services', { method: 'PUT', body: JSON.stringify({ services: [] }) })).json()) as { reason: string };
    expect(services.reason).toMatch(/^Список услуг изменяется на центральном сборщике/);
  });

  it('a local account from before the central may still be disabled here', async () => {
    const local = await createUser(hub.ctx.sql, { login: 'old.local', displayName: 'Старый местный', roles: [{ role: 'staff', officeId: 'sharya' }] }, Date.now());
    expect((await admin.fetch(`/api/admin/users/${local.id}/disable`, { method: 'POST' })).status).toBe(200);
  });

  it('the office directory page is the read-only view, with the central’s address', async () => {
    const html = await (await admin.fetch('/offices', { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('"page":"offices"');
    expect(html).toContain(`"regionalFrom":"${centralUrl}"`);
  });
});

describe('«Забыли пароль?» on an office hub with a central', () => {
  it('the login page knows the central (the app shows its address instead of the form)', async () => {
    const html = await (await fetch(`${hub.url}/login`)).text();
    expect(html).toContain(`"regionalFrom":"${centralUrl}"`);
  });

  it('a request posted here anyway is not recorded and is answered with where to ask', async () => {
    const res = await fetch(`${hub.url}/login/forgot`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login: 'from.central' }) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?asked=central');
    expect(await listAudit(hub.ctx.sql, { limit: 50, actionPrefix: 'password.reset-request' })).toEqual([]);
    const page = await (await fetch(`${hub.url}/login?asked=central`)).text();
    expect(page).toContain(`Попросите новый пароль там: ${centralUrl}/login, кнопка «Забыли пароль?»`);
  });
});
