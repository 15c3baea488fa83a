import { createLogger } from '../../shared/logger.ts';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import { regionalSnapshotSchema } from '../../shared/protocol/regional-config.ts';
import { readHubConfig } from '../../hub/config.ts';
import { applySnapshot } from '../../hub/regional-config/apply-snapshot.ts';
import { readConfigState } from '../../hub/db/regional-config-state.ts';
import { createHubContext } from '../../hub/server.ts';

/**
 * Child process for test/regional-config-kill.test.ts: applies ever newer, large revisions of the
 * regional configuration to an office database, as fast as it can, until it is killed. Every name
 * it writes carries its revision, so the parent can tell a whole revision from a mix.
 */
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const config = readHubConfig({ ROLE: 'office', OFFICE_ID: 'sharya', DATA_DIR: process.argv[2], SCHEDULED_REPORTS: 'false' });
if (!config.ok) throw new Error(config.message);
const ctx = createHubContext(config.value, { logger: createLogger('apply-child', { level: 'silent', pretty: false }) });

for (let revision = ((await readConfigState(ctx.sql)).revision ?? 0) + 1; ; revision++) {
  const snapshot = regionalSnapshotSchema.parse({
    schemaVersion: 2,
    surveys: [],
    officeId: 'sharya',
    revision,
    changedAt: new Date().toISOString(),
    offices: DEFAULT_OFFICES.map((o) => ({ ...o, name: `${o.name} (ревизия ${revision})`, closedAt: null })),
    services: Array.from({ length: 150 }, (_, i) => ({ id: `service-${i}`, name: `услуга ${i} ревизии ${revision}`, active: true })),
    alertRules: [{ windowMinutes: 30, minPresses: 1 + (revision % 50), share: 0.5, maxScore: 1 }],
    workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] },
    users: Array.from({ length: 3000 }, (_, i) => ({
      login: `user-${i}`,
      displayName: `сотрудник ${i} ревизии ${revision}`,
      passwordHash: HASH,
      passwordChangedAt: null,
      disabledAt: null,
      roles: [{ role: 'staff', officeId: 'sharya' }],
    })),
  });
  const result = await applySnapshot(ctx, snapshot);
  if (!result.ok) throw new Error(result.reason);
  process.stdout.write(`applied ${revision}\n`);
}
