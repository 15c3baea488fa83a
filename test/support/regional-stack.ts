import path from 'node:path';
import { issueOfficeKey } from '../../hub/central/office-keys.ts';
import { registerDevice } from '../../hub/devices/credentials.ts';
import { readOffice, seedDefaultOffices } from '../../hub/db/offices.ts';
import { openPostgresStore } from '../../hub/central-pg/postgres-store.ts';
import { createLogger } from '../../shared/logger.ts';
import { sharedPostgresDatabase } from './shared-postgres.ts';
import { seedOfficesOnSqlite } from './office-rows.ts';
import { openDatabase } from '../../hub/db/open.ts';
import { hashPassword } from '../../hub/staff/passwords.ts';
import { sqlOverSqlite } from '../../hub/sql/central-sql.ts';
import { createUser, setPasswordHash } from '../../hub/staff/users.ts';
import { centralEnv, officeEnv, spawnHub, stopGently, type HubProcess } from './forward-stack.ts';
import { TEST_PASSWORD } from './staff-session.ts';
import { makeTempDir, removeTempDirs } from './temp-dirs.ts';

/**
 * A region as real processes: a central with an administrator (made in its database before it
 * starts) and a key for each office, and office hubs with a kiosk and a panel driver registered.
 * Office hubs report every second, so the central's answer names a new revision within about a
 * second of a change, and pull otherwise only hourly: what the tests see arrived by that path.
 */
export const REGION_ADMIN = 'region.admin';

export interface OfficeSetup {
  officeId: string;
  dataDir: string;
  key: { keyId: string; secret: string };
  kioskToken: string;
  driverToken: string;
}

export interface RegionSetup {
  centralDir: string;
  offices: Map<string, OfficeSetup>;
  /** The central's PostgreSQL (DATABASE_URL), or null: it runs on its SQLite. */
  databaseUrl: string | null;
}

/** Which database the region's central runs on: the default (SQLite), or PostgreSQL (issue 16). */
export type CentralDatabase = 'sqlite' | 'postgres';

export async function provisionRegion(officeIds: readonly string[], database: CentralDatabase = 'sqlite'): Promise<RegionSetup> {
  const centralDir = makeTempDir('region-central-');
  const offices = new Map<string, OfficeSetup>();
  const { db } = openDatabase(path.join(centralDir, 'central.sqlite'));
  // On PostgreSQL the central's accounts and keys are there: its schema migrated first, as the central does at start.
  const databaseUrl = database === 'postgres' ? await sharedPostgresDatabase() : null;
  const server = databaseUrl ? openPostgresStore(databaseUrl, createLogger('test', { level: 'silent', pretty: false })) : null;
  try {
    await server?.ready();
    const sql = server?.sql ?? sqlOverSqlite(db);
    if (server) await seedDefaultOffices(sql);
    else seedOfficesOnSqlite(db);
    const admin = await createUser(sql, { login: REGION_ADMIN, displayName: 'Администратор области', roles: [{ role: 'admin', officeId: null }] }, Date.now());
    await setPasswordHash(sql, admin.id, await hashPassword(TEST_PASSWORD), Date.now());
    for (const officeId of officeIds) {
      const issued = await issueOfficeKey(sql, await readOffice(sql, officeId), Date.now());
      if (!issued.ok) throw new Error(issued.reason);
      const dataDir = makeTempDir(`region-${officeId}-`);
      const office = openDatabase(path.join(dataDir, `office-${officeId}.sqlite`)).db;
      try {
        seedOfficesOnSqlite(office);
        const kioskToken = await registerDevice(sqlOverSqlite(office), { id: `${officeId}-kiosk`, officeId, kind: 'kiosk', name: 'Киоск' }, Date.now());
        const driverToken = await registerDevice(sqlOverSqlite(office), { id: `${officeId}-driver`, officeId, kind: 'panel-driver', name: 'Пульты' }, Date.now());
        offices.set(officeId, { officeId, dataDir, key: { keyId: issued.value.keyId, secret: issued.value.secret }, kioskToken, driverToken });
      } finally {
        office.close();
      }
    }
  } finally {
    await server?.close();
    db.close();
  }
  return { centralDir, offices, databaseUrl };
}

export const startCentral = (setup: RegionSetup): Promise<HubProcess> => spawnHub(centralEnv(setup.centralDir, setup.databaseUrl ? { DATABASE_URL: setup.databaseUrl } : {}));

export function startOffice(setup: RegionSetup, officeId: string, centralUrl: string, extra: Record<string, string> = {}): Promise<HubProcess> {
  const office = setup.offices.get(officeId)!;
  return spawnHub(officeEnv(office.dataDir, officeId, centralUrl, office.key, { FORWARD_IDLE_REPORT_SECONDS: '1', CONFIG_PULL_SECONDS: '3600', SCHEDULED_REPORTS: 'false', ...extra }));
}

/** A running region of one office (Шарья): the central, its office hub and the region's administrator logged in at the central. */
export interface SharyaRegion {
  setup: RegionSetup;
  central: HubProcess;
  office: HubProcess;
  admin: LoggedIn;
}

export async function startSharyaRegion(database: CentralDatabase = 'sqlite'): Promise<SharyaRegion> {
  const setup = await provisionRegion(['sharya'], database);
  const central = await startCentral(setup);
  const office = await startOffice(setup, 'sharya', central.url);
  return { setup, central, office, admin: (await logIn(central.url, REGION_ADMIN))! };
}

/** Stops what startSharyaRegion started (what of it did start) and removes the temporary folders. */
export async function stopSharyaRegion(region: Partial<SharyaRegion>): Promise<void> {
  if (region.office) await stopGently(region.office);
  if (region.central) await stopGently(region.central);
  removeTempDirs();
}

/** A staff member logged in through the real form; `fetch` sends the cookie, and the CSRF token on writes. */
export interface LoggedIn {
  cookie: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export async function logIn(url: string, login: string, password = TEST_PASSWORD): Promise<LoggedIn | null> {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password, next: '/staff' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (res.status !== 303 || !cookie.startsWith('czn_session=')) return null;
  const me = (await (await fetch(`${url}/api/me`, { headers: { cookie } })).json()) as { csrfToken: string };
  return {
    cookie,
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('cookie', cookie);
      if (init.method && init.method !== 'GET') headers.set('x-csrf-token', me.csrfToken);
      if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, { ...init, headers, redirect: 'manual' });
    },
  };
}

export async function kioskServices(url: string, kioskToken: string): Promise<{ id: string; name: string }[]> {
  const res = await fetch(`${url}/api/kiosk/config`, { headers: { authorization: `Bearer ${kioskToken}` } });
  if (!res.ok) throw new Error(`kiosk config: ${res.status}`);
  return ((await res.json()) as { services: { id: string; name: string }[] }).services;
}

export async function regionalHealth(url: string): Promise<{ revision: number | null; failing: boolean; lastError: { code: string } | null }> {
  const body = (await (await fetch(`${url}/health`)).json()) as { forward: { regionalConfig: { revision: number | null; failing: boolean; lastError: { code: string } | null } } };
  return body.forward.regionalConfig;
}
