import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../shared/logger.ts';
import type { Clock } from '../../shared/time.ts';
import { readHubConfig, type HubConfig } from '../../hub/config.ts';
import { startHub, type RunningHub } from '../../hub/server.ts';
import { staffSession, type StaffSession } from './staff-session.ts';
import { knownAnswerRecords, loadKnownAnswerFixture } from './known-answer-fixture.ts';
import { sharedPostgresDatabase } from './shared-postgres.ts';
import { toInstant } from '../../shared/time.ts';

/**
 * A real hub on 127.0.0.1, port 0, with the known-answer fixture stored: for the API, export and
 * dashboard tests. Role central by default, so the whole region is in scope. A CX analyst is
 * logged in through the real login form; `staffFetch` and `getJson` send that session's cookie,
 * as the analyst's browser would.
 */
const analystCookies = new Map<string, string>();

/** Which database a central under test keeps its presses and responses in (DATABASE_URL for 'postgres'). */
export type TestDatabase = 'sqlite' | 'postgres';
export const BOTH_DATABASES: readonly TestDatabase[] = ['sqlite', 'postgres'];

export async function startFixtureHub(options: { env?: Record<string, string>; clock?: Clock; fixture?: boolean; database?: TestDatabase } = {}): Promise<{ hub: RunningHub; config: HubConfig; analyst: StaffSession }> {
  const databaseUrl = options.database === 'postgres' ? { DATABASE_URL: await sharedPostgresDatabase() } : {};
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'reports-hub-')), PORT: '0', ROLE: 'central', SCHEDULED_REPORTS: 'false', ...databaseUrl, ...options.env });
  if (!config.ok) throw new Error(config.message);
  const hub = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }), ...(options.clock ? { clock: options.clock } : {}) });
  if (options.fixture !== false) await loadFixture(hub);
  const analyst = await staffSession(hub, 'analyst', [{ role: 'cx' }]);
  analystCookies.set(new URL(hub.url).origin, analyst.cookie);
  return { hub, config: config.value, analyst };
}

/** The known-answer records where the hub keeps them: its SQLite, or its PostgreSQL through the writer offices' batches use. */
async function loadFixture(hub: RunningHub): Promise<void> {
  const writer = hub.ctx.recordWriter;
  if (!writer) return void loadKnownAnswerFixture(hub.ctx.db);
  const records = knownAnswerRecords().map((r) => ({ ...r, receivedAt: toInstant(Date.parse(r.bornAt) + 1000) }));
  await writer.write(records, Date.now());
}

export function staffFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('cookie', analystCookies.get(new URL(url).origin) ?? '');
  return fetch(url, { ...init, headers });
}

export async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await staffFetch(url);
  return { status: res.status, body: (await res.json()) as T };
}
