import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newRecordId } from '../../shared/ids.ts';
import { createLogger } from '../../shared/logger.ts';
import type { SurveyResponse } from '../../shared/records.ts';
import { readHubConfig } from '../../hub/config.ts';
import { issueOfficeKey, type IssuedOfficeKey } from '../../hub/central/office-keys.ts';
import { startHub, type RunningHub } from '../../hub/server.ts';

/**
 * The parts of the phone-survey tests: a central (where phones answer) with an office key issued,
 * and, when asked, an office hub holding that key (where staff issue invitations).
 */
export const OFFICE = 'sharya';

export interface PhoneStack {
  central: RunningHub;
  office: RunningHub | null;
  key: IssuedOfficeKey;
  dirs: string[];
  close(): Promise<void>;
}

export async function startPhoneStack(options: { env?: Record<string, string>; withOffice?: boolean; clock?: () => number } = {}): Promise<PhoneStack> {
  const logger = createLogger('phone-test', { level: 'silent', pretty: false });
  const centralDir = mkdtempSync(path.join(tmpdir(), 'phone-central-'));
  const centralConfig = readHubConfig({ ROLE: 'central', DATA_DIR: centralDir, PORT: '0', SCHEDULED_REPORTS: 'false', LOG_LEVEL: 'silent', ...options.env });
  if (!centralConfig.ok) throw new Error(centralConfig.message);
  const central = await startHub(centralConfig.value, { logger, ...(options.clock ? { clock: options.clock } : {}) });
  const issued = await issueOfficeKey(central.ctx.sql, central.ctx.offices.find(OFFICE), Date.now());
  if (!issued.ok) throw new Error(issued.reason);
  const dirs = [centralDir];
  let office: RunningHub | null = null;
  if (options.withOffice) {
    const officeDir = mkdtempSync(path.join(tmpdir(), 'phone-office-'));
    dirs.push(officeDir);
    const officeConfig = readHubConfig({
      ROLE: 'office',
      OFFICE_ID: OFFICE,
      DATA_DIR: officeDir,
      PORT: '0',
      SCHEDULED_REPORTS: 'false',
      LOG_LEVEL: 'silent',
      SURVEY_BASE_URL: central.url,
      CENTRAL_KEY_ID: issued.value.keyId,
      CENTRAL_KEY: issued.value.secret,
      ...options.env,
    });
    if (!officeConfig.ok) throw new Error(officeConfig.message);
    office = await startHub(officeConfig.value, { logger, ...(options.clock ? { clock: options.clock } : {}) });
  }
  return {
    central,
    office,
    key: issued.value,
    dirs,
    async close() {
      await office?.close();
      await central.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function phoneResponse(over: Partial<SurveyResponse> = {}): SurveyResponse {
  return {
    kind: 'response',
    id: newRecordId(),
    officeId: OFFICE,
    deviceId: 'phone',
    bornAt: new Date().toISOString(),
    channel: 'visit-qr',
    answers: { csat1: 5, csat2: 4, csat3: 5, ces: 4, nps: 9 },
    comment: null,
    serviceId: null,
    desk: null,
    complete: true,
    ...over,
  };
}

export function postAnswer(hub: RunningHub, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${hub.url}/api/public/responses`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export function countResponses(hub: RunningHub, where = '1 = 1'): number {
  return hub.ctx.db.prepare(`SELECT count(*) FROM response WHERE ${where}`).pluck().get() as number;
}
