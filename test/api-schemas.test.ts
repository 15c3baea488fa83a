import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from '../shared/zod.ts';
import { adminDevicesResponseSchema, auditResponseSchema, forwardDeadLettersResponseSchema, receivedDeadLettersResponseSchema, resetRequestsResponseSchema, usersResponseSchema } from '../shared/api/admin.ts';
import { devicesResponseSchema } from '../shared/api/board.ts';
import { centralOfficesResponseSchema } from '../shared/api/central.ts';
import {
  alertsResponseSchema,
  archiveResponseSchema,
  commentsResponseSchema,
  drillResponseSchema,
  figuresResponseSchema,
  heatmapResponseSchema,
  invitationRatesResponseSchema,
  trendResponseSchema,
} from '../shared/api/figures.ts';
import { meResponseSchema } from '../shared/api/me.ts';
import { officeDirectoryResponseSchema } from '../shared/api/offices.ts';
import { alertRulesResponseSchema, servicesResponseSchema } from '../shared/api/settings.ts';
import { FIXTURE_WEEK } from './support/known-answer-fixture.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import type { RunningHub } from '../hub/server.ts';
import { staffSession, type StaffSession } from './support/staff-session.ts';

/**
 * The shared API schemas (shared/api/) are what the staff app's types come from; here every answer
 * the app reads, from real hubs with the known-answer fixture, is parsed with them: a schema that
 * drifted from what the hub sends fails here, not on a screen.
 */
let central: RunningHub;
let office: RunningHub;
let centralAdmin: StaffSession;
let officeAdmin: StaffSession;

beforeAll(async () => {
  ({ hub: central } = await startFixtureHub());
  ({ hub: office } = await startFixtureHub({ env: { ROLE: 'office', OFFICE_ID: 'sharya' } }));
  const everything = [{ role: 'admin' as const }, { role: 'cx' as const }, { role: 'aho' as const }];
  centralAdmin = await staffSession(central, 'schema-admin', everything);
  officeAdmin = await staffSession(office, 'schema-admin', everything);
}, 60_000);
afterAll(async () => {
  await central?.close();
  await office?.close();
});

async function parsed(session: StaffSession, path: string, schema: z.ZodType): Promise<string | null> {
  const res = await session.fetch(path, { headers: { accept: 'application/json' } });
  const body: unknown = await res.json();
  const result = schema.safeParse(body);
  return res.status === 200 && result.success ? null : `${path}: ${res.status} ${result.success ? '' : JSON.stringify(result.error.issues.slice(0, 3))}`;
}

describe('shared API schemas match what the hub sends', () => {
  it('on the central and on an office hub', async () => {
    const q = `period=${FIXTURE_WEEK}`;
    const both: [string, z.ZodType][] = [
      [`/api/figures?${q}`, figuresResponseSchema],
      [`/api/figures/office/sharya?${q}`, drillResponseSchema],
      [`/api/trend?end=${FIXTURE_WEEK}&count=12`, trendResponseSchema],
      [`/api/comments?${q}`, commentsResponseSchema],
      [`/api/alerts?${q}`, alertsResponseSchema],
      ['/api/reports', archiveResponseSchema],
      [`/api/figures/heatmap?${q}`, heatmapResponseSchema],
      [`/api/invitations/response-rate?${q}`, invitationRatesResponseSchema],
      ['/api/devices', devicesResponseSchema],
      ['/api/admin/users', usersResponseSchema],
      ['/api/admin/devices', adminDevicesResponseSchema],
      ['/api/admin/audit', auditResponseSchema],
      ['/api/admin/dead-letters', receivedDeadLettersResponseSchema],
      ['/api/admin/reset-requests', resetRequestsResponseSchema],
      ['/api/services', servicesResponseSchema],
      ['/api/alert-rules', alertRulesResponseSchema],
      ['/api/me', meResponseSchema],
      ['/api/offices', officeDirectoryResponseSchema],
    ];
    const failures: string[] = [];
    for (const [path, schema] of both) {
      for (const session of [centralAdmin, officeAdmin]) {
        const failure = await parsed(session, path, schema);
        if (failure) failures.push(`${session === centralAdmin ? 'central' : 'office'} ${failure}`);
      }
    }
    const centralOnly = await parsed(centralAdmin, '/api/central/offices', centralOfficesResponseSchema);
    const officeOnly = await parsed(officeAdmin, '/api/forward/dead-letters', forwardDeadLettersResponseSchema);
    expect([...failures, centralOnly, officeOnly].filter(Boolean)).toEqual([]);
  });
});
