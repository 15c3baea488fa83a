import { describe, expect, it } from 'vitest';
import { backlogScenario } from './support/forward-scenarios.ts';

/**
 * The central down while the office accepts a backlog, then up (the short variant: 100,000 records;
 * `npm run test:soak` holds 1,000,000). Everything drains, exactly once, and the office hub's
 * resident memory stays under 200 MB the whole time: the backlog lives on disk, not in memory.
 */
describe('a backlog built while the central is down', () => {
  it('100,000 records: all drained once the central is up, office hub under 200 MB throughout', { timeout: 300_000 }, async () => {
    const outcome = await backlogScenario({ records: 100_000 });
    expect(outcome).toMatchObject({
      accepted: 100_000,
      centralIds: 100_000,
      missingAtCentral: 0,
      extraAtCentral: 0,
      storedAnswers: 100_000,
      officeOutbox: 0,
      integrity: { office: 'ok', central: 'ok' },
    });
    expect(outcome.maxOfficeRssMb).toBeLessThan(200);
  });
});
