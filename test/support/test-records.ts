import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newRecordId } from '../../shared/ids.ts';
import { createLogger } from '../../shared/logger.ts';
import type { Heartbeat, PanelStatus, Press, SurveyResponse } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import { seedOfficesOnSqlite } from './office-rows.ts';
import { openDatabase, type Db } from '../../hub/db/open.ts';
import { createIngest } from '../../hub/ingest/ingest-batch.ts';
import { NO_SURVEY_VERSIONS } from '../../hub/db/survey-versions.ts';

/** Test-only builders for the device-health tests: records as devices send them, and a real database. */
export const silentLogger = createLogger('test', { level: 'silent', pretty: false });

export function testDb(): Db {
  const { db } = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'devices-')), 'hub.sqlite'));
  seedOfficesOnSqlite(db);
  return db;
}

export function panelStatus(panelId: string, over: Partial<PanelStatus> = {}): PanelStatus {
  return { panelId, port: `/dev/serial/by-id/${panelId}`, protocol: 'ascii-digit', desk: null, online: true, lastPressAt: null, lastHeartbeatAt: null, disconnects: 0, errors: {}, ...over };
}

export function heartbeat(deviceId: string, bornAt: number, over: Partial<Heartbeat> = {}): Heartbeat {
  return {
    kind: 'heartbeat',
    id: newRecordId(),
    officeId: 'sharya',
    deviceId,
    bornAt: toInstant(bornAt),
    deviceKind: 'panel-driver',
    version: '1.0.0',
    backlog: 0,
    lastSyncAt: null,
    errors: {},
    panels: [],
    ...over,
  };
}

export function press(deviceId: string, panelId: string, bornAt: number, over: Partial<Press> = {}): Press {
  return { kind: 'press', id: newRecordId(), officeId: 'sharya', deviceId, bornAt: toInstant(bornAt), channel: 'panel', panelId, desk: null, seq: null, button: '5', score: 5, suppressed: null, ...over };
}

export function response(deviceId: string, bornAt: number): SurveyResponse {
  return { kind: 'response', id: newRecordId(), officeId: 'sharya', deviceId, bornAt: toInstant(bornAt), channel: 'kiosk', answers: { csat1: 5 }, comment: null, serviceId: null, desk: null, complete: true };
}

/** Stores records as the ingest route would, at hub time `at`; returns what was stored (with receivedAt). */
export function ingestAt(db: Db, at: number, records: (Heartbeat | Press | SurveyResponse)[]) {
  const ingest = createIngest(db, { clock: () => at, surveys: NO_SURVEY_VERSIONS, forward: false });
  const outcome = ingest({ records }, { kind: 'office-hub', officeId: records[0]?.officeId ?? 'sharya' });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.rejection));
  return outcome.stored;
}
