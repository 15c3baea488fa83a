import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../shared/logger.ts';
import type { Clock } from '../../shared/time.ts';
import { readHubConfig, type HubConfig } from '../../hub/config.ts';
import { startHub, type RunningHub } from '../../hub/server.ts';
import { staffSession, type StaffSession } from './staff-session.ts';
import { loadKnownAnswerFixture } from './known-answer-fixture.ts';

/**
 * A real hub on 127.0.0.1, port 0, with the known-answer fixture stored: for the API, export and
 * dashboard tests. Role central by default, so the whole region is in scope. A CX analyst is
 * logged in through the real login form; `staffFetch` and `getJson` send that session's cookie,
 * as the analyst's browser would.
 */
const analystCookies = new Map<string, string>();

export async function startFixtureHub(options: { env?: Record<string, string>; clock?: Clock; fixture?: boolean } = {}): Promise<{ hub: RunningHub; config: HubConfig; analyst: StaffSession }> {
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'reports-hub-')), PORT: '0', ROLE: 'central', SCHEDULED_REPORTS: 'false', ...options.env });
  if (!config.ok) throw new Error(config.message);
  const hub = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }), ...(options.clock ? { clock: options.clock } : {}) });
  if (options.fixture !== false) loadKnownAnswerFixture(hub.ctx.db);
  const analyst = await staffSession(hub, 'analyst', [{ role: 'cx' }]);
  analystCookies.set(new URL(hub.url).origin, analyst.cookie);
  return { hub, config: config.value, analyst };
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
