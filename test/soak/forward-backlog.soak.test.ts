import { describe, expect, it } from 'vitest';
import { backlogScenario } from '../support/forward-scenarios.ts';

/** The full run of test/forward-backlog.test.ts: a 1,000,000-record backlog while the central is down. */
describe('soak: a million-record backlog', () => {
  it('1,000,000 records: all drained, office hub under 200 MB throughout', { timeout: 600_000 }, async () => {
    const outcome = await backlogScenario({ records: 1_000_000, log: (line) => console.log(line) });
    console.log(`forward backlog soak: ${JSON.stringify(outcome)}`);
    expect(outcome).toMatchObject({
      accepted: 1_000_000,
      centralIds: 1_000_000,
      missingAtCentral: 0,
      extraAtCentral: 0,
      storedAnswers: 1_000_000,
      officeOutbox: 0,
      integrity: { office: 'ok', central: 'ok' },
    });
    expect(outcome.maxOfficeRssMb).toBeLessThan(200);
  });
});
