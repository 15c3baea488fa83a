import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, press, stopGently, waitFor, type HubProcess } from '../support/forward-stack.ts';
import { kioskServices, logIn, provisionRegion, REGION_ADMIN, regionalHealth, startCentral, startOffice, type LoggedIn, type RegionSetup } from '../support/regional-stack.ts';
import { TEST_PASSWORD } from '../support/staff-session.ts';
import { ensureStaffAppBuilt } from '../support/staff-app-build.ts';
import { removeTempDirs } from '../support/temp-dirs.ts';

import type { CentralDatabase } from '../support/regional-stack.ts';

/**
 * One region configured once (docs/regional-config.md), as real processes: a central and two office
 * hubs (Кострома, Шарья). What is saved on the central reaches the offices' kiosks, alert watch and
 * logins through signed pulls; an office keeps its own staff from another's; an office off the
 * network through several revisions takes the newest when it is back.
 */
export function regionalConfigFlow(database: CentralDatabase): void {
  let setup: RegionSetup;
  let central: HubProcess;
  const offices = new Map<string, HubProcess>();
  let centralAdmin: LoggedIn;

  beforeAll(async () => {
    // The pages' read-only notices are in the staff app's HTML: build it if no other test has yet.
    await ensureStaffAppBuilt();
    setup = await provisionRegion(['kostroma', 'sharya'], database);
    central = await startCentral(setup);
    for (const id of ['kostroma', 'sharya']) offices.set(id, await startOffice(setup, id, central.url));
    centralAdmin = (await logIn(central.url, REGION_ADMIN))!;
  }, 240_000);

  afterAll(async () => {
    for (const hub of offices.values()) if (hub.child.exitCode === null && hub.child.signalCode === null) await stopGently(hub);
    if (central) await stopGently(central);
    removeTempDirs();
  });

  const office = (id: string) => offices.get(id)!;
  const kioskToken = (id: string) => setup.offices.get(id)!.kioskToken;

  async function renameFirstService(name: string): Promise<string> {
    const list = (await (await centralAdmin.fetch('/api/services')).json()) as { services: { id: string; name: string; active: boolean }[] };
    const services = list.services.map((s, i) => (i === 0 ? { ...s, name } : s)).map(({ id, name: n, active }) => ({ id, name: n, active }));
    const res = await centralAdmin.fetch('/api/services', { method: 'PUT', body: JSON.stringify({ services }) });
    expect(res.status).toBe(200);
    return services[0]!.id;
  }

  async function centralRevision(): Promise<number> {
    const body = (await (await centralAdmin.fetch('/api/central/offices')).json()) as { configRevision: number };
    return body.configRevision;
  }

  async function createAtCentral(login: string, roles: { role: string; officeId: string | null }[]): Promise<number> {
    const res = await centralAdmin.fetch('/api/admin/users', { method: 'POST', body: JSON.stringify({ login, displayName: login, roles }) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { user: { id: number }; setupUrl: string };
    const token = body.setupUrl.split('/setup/')[1]!;
    const set = await fetch(`${central.url}/setup/${token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: TEST_PASSWORD, confirm: TEST_PASSWORD }),
    });
    expect(set.status).toBe(303);
    return body.user.id;
  }

  describe('the regional configuration flows from the central to office hubs', () => {
    it('a service renamed on the central appears in both offices’ kiosk config', { timeout: 60_000 }, async () => {
      const id = await renameFirstService('Поиск работы (переименовано в центре)');
      for (const officeId of ['kostroma', 'sharya']) {
        await waitFor(`renamed service at ${officeId}`, async () => (await kioskServices(office(officeId).url, kioskToken(officeId))).find((s) => s.id === id)?.name === 'Поиск работы (переименовано в центре)', 20_000);
      }
      const revision = await centralRevision();
      expect((await regionalHealth(office('kostroma').url)).revision).toBe(revision);
      // The central sees each office holding the newest revision (told by the pull that follows an apply).
      await waitFor('offices reported the newest revision', async () => {
        const body = (await (await centralAdmin.fetch('/api/central/offices')).json()) as { offices: { officeId: string; configRevision: number | null; configAlert: boolean }[] };
        return body.offices.filter((o) => o.configRevision === revision).length === 2;
      }, 20_000);
    });

    it('an office renamed and re-addressed on the central reaches that office’s kiosk config, and a closed one its directory', { timeout: 60_000 }, async () => {
      const name = 'Костромское отделение (Комсомольская)';
      const address = '156013, г. Кострома, ул. Комсомольская, д. 81А, 1 этаж';
      const before = await centralRevision();
      const renamed = await centralAdmin.fetch('/api/offices/kostroma', { method: 'PATCH', body: JSON.stringify({ name, address }) });
      expect(renamed.status).toBe(200);
      expect(((await renamed.json()) as { revision: number }).revision).toBe(before + 1);
      const kioskOffice = async () => {
        const res = await fetch(`${office('kostroma').url}/api/kiosk/config`, { headers: { authorization: `Bearer ${kioskToken('kostroma')}` } });
        return ((await res.json()) as { office: { name: string; address: string | null } }).office;
      };
      await waitFor('the new name on Кострома’s kiosk', async () => (await kioskOffice()).name === name, 20_000);
      expect((await kioskOffice()).address).toBe(address);
      // A closed office stays in the directory the offices hold, marked closed (records name it).
      expect((await centralAdmin.fetch('/api/offices/neya/close', { method: 'POST' })).status).toBe(200);
      const atSharya = (await logIn(office('sharya').url, REGION_ADMIN))!;
      await waitFor('Нейский closed at Шарья', async () => {
        const list = (await (await atSharya.fetch('/api/offices')).json()) as { offices: { id: string; closedAt: string | null }[] };
        return typeof list.offices.find((o) => o.id === 'neya')?.closedAt === 'string';
      }, 20_000);
    });

    it('the central admin logs in at an office hub; the office refuses regional edits with where they are made', { timeout: 60_000 }, async () => {
      const atOffice = await waitFor('central admin logs in at the office', () => logIn(office('kostroma').url, REGION_ADMIN), 20_000);
      const services = await atOffice.fetch('/api/services', { method: 'PUT', body: JSON.stringify({ services: [{ id: 'x', name: 'Своя услуга', active: true }] }) });
      expect(services.status).toBe(409);
      expect(((await services.json()) as { reason: string }).reason).toContain('изменяется на центральном сборщике');
      const rules = await atOffice.fetch('/api/alert-rules', { method: 'PUT', body: JSON.stringify({ rules: [] }) });
      expect(rules.status).toBe(409);
      const user = await atOffice.fetch('/api/admin/users', { method: 'POST', body: JSON.stringify({ login: 'local.one', displayName: 'Местный', roles: [{ role: 'cx', officeId: null }] }) });
      expect(user.status).toBe(409);
      const password = await atOffice.fetch('/api/me/password', { method: 'POST', body: JSON.stringify({ current: TEST_PASSWORD, next: 'новый-пароль-для-проверки-1' }) });
      expect(password.status).toBe(409);
      expect(((await password.json()) as { reason: string }).reason).toContain('центральном сборщике');
      // The pages tell the staff app where these settings are edited; it then shows them read-only.
      for (const page of ['/services', '/alert-rules', '/admin', '/account/password']) {
        const html = await (await atOffice.fetch(page)).text();
        expect(html, page).toContain(`"regionalFrom":"${central.url}"`);
      }
      const atCentral = await (await centralAdmin.fetch('/services')).text();
      expect(atCentral).toContain('"regionalFrom":null');
    });

    it('an alert rule changed on the central fires at the office from the next press', { timeout: 60_000 }, async () => {
      const rules = [{ windowMinutes: 60, minPresses: 2, share: 1, maxScore: 1 }];
      expect((await centralAdmin.fetch('/api/alert-rules', { method: 'PUT', body: JSON.stringify({ rules }) })).status).toBe(200);
      const atOffice = (await logIn(office('sharya').url, REGION_ADMIN))!;
      await waitFor('rules at the office', async () => JSON.stringify(((await (await atOffice.fetch('/api/alert-rules')).json()) as { rules: unknown }).rules) === JSON.stringify(rules), 20_000);
      const token = setup.offices.get('sharya')!.driverToken;
      const presses = [press('sharya', 'sharya-driver', 1), press('sharya', 'sharya-driver', 1)];
      const ingest = await fetch(`${office('sharya').url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ records: presses }) });
      expect(ingest.status).toBe(200);
      await waitFor('a low-score alert at the office', async () => (((await (await atOffice.fetch('/api/alerts')).json()) as { alerts: { officeId: string }[] }).alerts ?? []).some((a) => a.officeId === 'sharya'), 20_000);
    });

    it('a user created on the central logs in at their office hub, not at another; disabling them ends the office session', { timeout: 90_000 }, async () => {
      const id = await createAtCentral('kostroma.head', [{ role: 'office-head', officeId: 'kostroma' }]);
      // Wait for the revision rather than retrying the login: five refused logins from one address
      // throttle it, and under load the account can take longer than five tries to arrive.
      await waitFor('Кострома holds the revision with the new user', async () => (await regionalHealth(office('kostroma').url)).revision === (await centralRevision()), 20_000);
      const session = (await logIn(office('kostroma').url, 'kostroma.head'))!;
      expect(session).not.toBeNull();
      expect((await session.fetch('/api/me')).status).toBe(200);
      // Шарья has had the same revisions, but never this account: another office's staff are not handed down.
      await waitFor('Шарья holds the same revision', async () => (await regionalHealth(office('sharya').url)).revision === (await centralRevision()), 20_000);
      expect(await logIn(office('sharya').url, 'kostroma.head')).toBeNull();

      expect((await centralAdmin.fetch(`/api/admin/users/${id}/disable`, { method: 'POST' })).status).toBe(200);
      await waitFor('office session ended', async () => (await session.fetch('/api/me')).status === 401, 20_000);
      expect(await logIn(office('kostroma').url, 'kostroma.head')).toBeNull();
    });

    it('an office offline through three revisions applies the newest when it is back', { timeout: 90_000 }, async () => {
      await killHard(office('sharya'));
      let id = '';
      for (const n of [1, 2, 3]) id = await renameFirstService(`Поиск работы, редакция ${n}`);
      const newest = await centralRevision();
      offices.set('sharya', await startOffice(setup, 'sharya', central.url));
      // Until the pull, the kiosk runs on the last good copy; then on the newest, never on one between.
      await waitFor('newest revision at Шарья', async () => (await regionalHealth(office('sharya').url)).revision === newest, 20_000);
      expect((await kioskServices(office('sharya').url, kioskToken('sharya'))).find((s) => s.id === id)?.name).toBe('Поиск работы, редакция 3');
    });
  });
}
