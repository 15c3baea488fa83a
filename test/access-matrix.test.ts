import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../shared/logger.ts';
import { periodContaining } from '../shared/periods.ts';
import type { Role } from '../shared/roles.ts';
import { readHubConfig } from '../hub/config.ts';
import { registerDeviceNow } from '../hub/devices/credentials.ts';
import type { RouteSpec } from '../hub/http/route-table.ts';
import { archiveReport, reportsDirOf } from '../hub/reports/archive-run.ts';
import { hubScope } from '../hub/reports/scope.ts';
import { startHub, type RunningHub } from '../hub/server.ts';
import { staffSession, type StaffSession } from './support/staff-session.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';

/**
 * The role × route matrix, derived from the route table itself: every declared route is called by
 * every role, by users holding several roles, by a device and anonymously, and must be refused
 * exactly where its rule says. A route mounted outside the table fails the first test, so no route
 * can exist without a rule. What a user holding several roles sees through a route is the scope of
 * the roles that route names, not of the widest role they hold: the last part checks that where
 * it matters (the report archive, issue 12).
 */
const ROLES: Role[] = ['admin', 'aho', 'cx', 'office-head', 'director', 'staff', 'info'];
const OFFICE = 'kostroma';
const grant = (role: Role, officeId = OFFICE) => ({ role, officeId: role === 'office-head' || role === 'staff' ? officeId : null });
/** Combinations held in practice: АХО who also heads an office, an office employee in the CX sector, … */
const SEVERAL: Role[][] = [
  ['aho', 'office-head'],
  ['staff', 'cx'],
  ['aho', 'staff'],
  ['director', 'aho'],
  ['office-head', 'staff'],
];

type Caller = { name: string; roles: Role[] | null; headers(): Record<string, string> };

let hub: RunningHub;
let callers: Caller[];
let sessions: Map<string, StaffSession>;
const silentLogger = createLogger('test', { level: 'silent', pretty: false });

async function startAs(role: 'office' | 'central'): Promise<RunningHub> {
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'matrix-')), PORT: '0', OFFICE_ID: OFFICE, ROLE: role, SCHEDULED_REPORTS: 'false' });
  if (!config.ok) throw new Error(config.message);
  return startHub(config.value, { logger: silentLogger });
}

async function startAsOffice(officeId: string): Promise<RunningHub> {
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'matrix-')), PORT: '0', OFFICE_ID: officeId, ROLE: 'office', SCHEDULED_REPORTS: 'false' });
  if (!config.ok) throw new Error(config.message);
  return startHub(config.value, { logger: silentLogger });
}

const fillParams = (p: string): string =>
  p
    .replace(/\{\*[A-Za-z]+\}|\*[A-Za-z]+/g, 'index.html')
    .replace(/:file\b/g, 'staff.css')
    .replace(/:[A-Za-z]+/g, 'x');

/** A refusal by a guard, as opposed to a handler's own answer (a 401 for a wrong password is not one). */
async function refusedByGuard(res: Response): Promise<'unauthorized' | 'forbidden' | null> {
  if (res.status === 302 && (res.headers.get('location') ?? '').startsWith('/login')) return 'unauthorized';
  if (res.status !== 401 && res.status !== 403) return null;
  const body = (await res.json().catch(() => null)) as { error?: string } | null;
  if (body?.error === 'unauthorized') return 'unauthorized';
  if (body?.error === 'forbidden' || body?.error === 'csrf') return 'forbidden';
  return null;
}

function expected(spec: RouteSpec, caller: Caller): 'unauthorized' | 'forbidden' | null {
  switch (spec.access.kind) {
    case 'public':
      return null;
    case 'device':
      return caller.name === 'device' ? null : 'unauthorized';
    case 'office-hub':
      return 'unauthorized';
    case 'staff': {
      if (caller.roles === null) return 'unauthorized';
      const allowed = spec.access.roles;
      return caller.roles.some((r) => allowed.includes(r)) ? null : 'forbidden';
    }
  }
}

async function call(spec: RouteSpec, caller: Caller): Promise<Response> {
  const init: RequestInit = { method: spec.method.toUpperCase(), redirect: 'manual', headers: { accept: 'application/json', ...caller.headers() } };
  if (spec.method !== 'get') {
    init.body = '{}';
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  return fetch(`${hub.url}${fillParams(spec.path)}`, init);
}

describe.each(['office', 'central'] as const)('access matrix on the %s hub', (role) => {
  beforeAll(async () => {
    await ensureStaffAppBuilt();
    hub = await startAs(role);
    sessions = new Map();
    const combos = [...ROLES.map((r) => [r]), ...SEVERAL];
    for (const roles of combos) sessions.set(roles.join('+'), await staffSession(hub, `user-${roles.join('-')}`, roles.map((r) => grant(r))));
    const token = await registerDeviceNow(hub.ctx, { id: 'matrix-kiosk', officeId: OFFICE, kind: 'kiosk', name: 'Киоск' }, Date.now());
    callers = [
      { name: 'anonymous', roles: null, headers: () => ({}) },
      { name: 'device', roles: null, headers: () => ({ authorization: `Bearer ${token}` }) },
      ...combos.map((roles): Caller => {
        const name = roles.join('+');
        return { name, roles, headers: () => ({ cookie: sessions.get(name)!.cookie, 'x-csrf-token': sessions.get(name)!.csrfToken }) };
      }),
    ];
  });
  afterAll(async () => hub.close());

  it('every route mounted on the app is declared in the route table', () => {
    const declared = new Set(hub.ctx.routes.specs.map((s) => `${s.method} ${s.path}`));
    const mounted: string[] = [];
    const walk = (stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] }; name?: string }[]) => {
      for (const layer of stack) {
        if (layer.route) for (const m of Object.keys(layer.route.methods)) mounted.push(`${m} ${layer.route.path}`);
        else if (layer.handle?.stack) walk(layer.handle.stack as typeof stack);
        else if (layer.name === 'serveStatic') mounted.push('static files mounted outside a declared route');
      }
    };
    walk((hub.app as unknown as { router: { stack: Parameters<typeof walk>[0] } }).router.stack);
    expect(mounted.length).toBeGreaterThan(20);
    expect(mounted.filter((m) => !declared.has(m))).toEqual([]);
  });

  // Before the matrix below: it ends with /logout, which ends the callers' sessions.
  it('a page a role may not open answers a Russian «нет доступа» page (403, with the frame); the API keeps JSON', async () => {
    const pages = hub.ctx.routes.specs.filter((s) => s.method === 'get' && s.access.kind === 'staff' && !s.path.startsWith('/api/') && !s.path.includes(':'));
    expect(pages.map((p) => p.path)).toEqual(expect.arrayContaining(['/dashboard', '/board', '/admin', '/services', '/alert-rules', '/invite', '/admin/posters', '/central', '/staff', '/account/password']));
    const wrong: string[] = [];
    for (const spec of pages) {
      for (const caller of callers.filter((c) => c.roles !== null && spec.access.kind === 'staff' && !c.roles.some((r) => (spec.access.kind === 'staff' ? spec.access.roles : []).includes(r)))) {
        const res = await fetch(`${hub.url}${spec.path}`, { redirect: 'manual', headers: { accept: 'text/html', ...caller.headers() } });
        const body = await res.text();
        if (res.status !== 403 || !(res.headers.get('content-type') ?? '').startsWith('text/html') || !body.includes('<html lang="ru">') || !body.includes('<title>Нет доступа'))
          wrong.push(`${spec.path} as ${caller.name}: ${res.status} ${body.slice(0, 80)}`);
      }
      const anonymous = await fetch(`${hub.url}${spec.path}`, { redirect: 'manual', headers: { accept: 'text/html' } });
      if (anonymous.status !== 302 || !(anonymous.headers.get('location') ?? '').startsWith('/login?next=')) wrong.push(`${spec.path} anonymously: ${anonymous.status}`);
    }
    expect(wrong).toEqual([]);
    const api = await fetch(`${hub.url}/api/admin/users`, { headers: { accept: 'application/json', ...callers.find((c) => c.name === 'staff')!.headers() } });
    expect([api.status, ((await api.json()) as { error: string }).error]).toEqual([403, 'forbidden']);
  });

  it('the mystery shopper is the central\'s: read by the CX sector, the admin, the director and office heads, written by the CX sector and the admin', () => {
    const routes = hub.ctx.routes.specs.filter((s) => s.path.includes('mystery-shopper'));
    if (role === 'office') return void expect(routes).toEqual([]);
    expect(routes.length).toBe(20);
    for (const spec of routes) {
      const roles = spec.access.kind === 'staff' ? [...spec.access.roles].sort() : [];
      const files = spec.method === 'get' && spec.path.startsWith('/api/mystery-shopper/files/');
      const write = spec.method !== 'get' || spec.path.endsWith('/new') || spec.path.endsWith('/edit') || spec.path === '/mystery-shopper/templates/:id';
      expect([spec.path, roles]).toEqual([spec.path, files ? ['admin', 'cx', 'director'] : write ? ['admin', 'cx'] : ['admin', 'cx', 'director', 'office-head']]);
    }
  });

  it('an unknown page is a Russian 404 page; an unknown API address stays JSON', async () => {
    const page = await fetch(`${hub.url}/no-such-page`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('<title>Страница не найдена');
    const api = await fetch(`${hub.url}/api/no-such-thing`, { headers: { accept: 'text/html' } });
    expect([api.status, ((await api.json()) as { error: string }).error]).toEqual([404, 'not-found']);
  });

  it('each route refuses exactly the callers its rule excludes', async () => {
    // Logout ends the caller's session: run it last.
    const specs = [...hub.ctx.routes.specs].sort((a, b) => Number(a.path === '/logout') - Number(b.path === '/logout'));
    const mismatches: string[] = [];
    for (const spec of specs) {
      for (const caller of callers) {
        const got = await refusedByGuard(await call(spec, caller));
        const want = expected(spec, caller);
        if (got !== want) mismatches.push(`${spec.method.toUpperCase()} ${spec.path} as ${caller.name}: expected ${want ?? 'allowed'}, got ${got ?? 'allowed'}`);
      }
    }
    expect(mismatches).toEqual([]);
    // About a thousand requests, one after another: seconds alone, far more beside the other suites.
  }, 120_000);
});

describe('a user holding several roles sees through each route what the roles it names allow', () => {
  let central: RunningHub;
  let office: RunningHub;
  const ids = new Map<string, number>();
  beforeAll(async () => {
    central = await startAs('central');
    office = await startAsOffice('buy');
    for (const [where, running] of [['central', central], ['office', office]] as const) {
      const deps = { sql: running.ctx.sql, records: running.ctx.records, offices: running.ctx.offices, reportsDir: reportsDirOf(running.ctx.config.dataDir), scope: hubScope(running.ctx.config), logger: silentLogger, mailer: null, recipients: [] };
      const week = periodContaining('week', Date.now() - 7 * 86_400_000);
      const month = periodContaining('month', Date.now() - 31 * 86_400_000);
      ids.set(`${where}:weekly-panel`, (await archiveReport(deps, 'weekly-panel', week, 'schedule', Date.now())).id);
      ids.set(`${where}:monthly`, (await archiveReport(deps, 'monthly', month, 'schedule', Date.now())).id);
    }
  });
  afterAll(async () => {
    await central?.close();
    await office?.close();
  });

  const kinds = async (session: StaffSession) => ((await (await session.fetch('/api/reports')).json()) as { reports: { kind: string }[] }).reports.map((r) => r.kind).sort();
  const file = async (session: StaffSession, where: string, kind: string) => (await session.fetch(`/api/reports/archive/${ids.get(`${where}:${kind}`)}/csv`)).status;

  it('АХО and head of Буйское, on the central: the region\'s weekly panel tables, but only Буйское\'s survey figures', async () => {
    const user = await staffSession(central, 'aho-head-buy', [{ role: 'aho' }, { role: 'office-head', officeId: 'buy' }]);
    expect(await kinds(user)).toEqual(['weekly-panel']);
    expect(await file(user, 'central', 'weekly-panel')).toBe(200);
    expect(await file(user, 'central', 'monthly')).toBe(404);
    // The live monthly export of the same period is cut to Буйское, as before.
    const month = periodContaining('month', Date.now() - 31 * 86_400_000);
    const live = await (await user.fetch(`/api/reports/monthly/${month.key}.csv`)).text();
    expect(live).toContain('Буйское');
    expect(live).not.toContain('Шарьинское');
  });

  it('the same user on Буйское\'s own hub: both, since the office is the hub\'s whole scope', async () => {
    const user = await staffSession(office, 'aho-head-buy', [{ role: 'aho' }, { role: 'office-head', officeId: 'buy' }]);
    expect(await kinds(user)).toEqual(['monthly', 'weekly-panel']);
    expect(await file(user, 'office', 'monthly')).toBe(200);
  });

  it('head of another office with АХО, on Буйское\'s hub: the weekly tables through АХО only', async () => {
    const user = await staffSession(office, 'aho-head-sharya', [{ role: 'aho' }, { role: 'office-head', officeId: 'sharya' }]);
    expect(await kinds(user)).toEqual(['weekly-panel']);
    expect(await file(user, 'office', 'monthly')).toBe(404);
  });

  it('a CX analyst who is also an office employee keeps the region (the CX role covers it)', async () => {
    const user = await staffSession(central, 'cx-staff', [{ role: 'cx' }, { role: 'staff', officeId: 'buy' }]);
    expect(await kinds(user)).toEqual(['monthly', 'weekly-panel']);
  });

});
