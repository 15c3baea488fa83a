import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../shared/logger.ts';
import type { Clock } from '../../shared/time.ts';
import { readHubConfig, type HubConfig } from '../config.ts';
import { startHub, type RunningHub } from '../server.ts';
import { loadKnownAnswerFixture } from './known-answer-fixture.ts';

/**
 * A real hub on 127.0.0.1, port 0, with the known-answer fixture stored: for the API, export and
 * dashboard tests. Role central by default, so the whole region is in scope.
 */
export async function startFixtureHub(options: { env?: Record<string, string>; clock?: Clock; fixture?: boolean } = {}): Promise<{ hub: RunningHub; config: HubConfig }> {
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'reports-hub-')), PORT: '0', ROLE: 'central', SCHEDULED_REPORTS: 'false', ...options.env });
  if (!config.ok) throw new Error(config.message);
  const hub = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }), ...(options.clock ? { clock: options.clock } : {}) });
  if (options.fixture !== false) loadKnownAnswerFixture(hub.ctx.db);
  return { hub, config: config.value };
}

export async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}
