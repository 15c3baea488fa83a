import { describe, expect, it } from 'vitest';
import { killScenario } from './support/forward-scenarios.ts';

/**
 * kill -9 of the office hub and of the central at random moments while records flow (the short
 * variant: 10 kills, 10,000 records; `npm run test:soak` runs 50 kills with 100,000). At the end the
 * central holds exactly the ids the office accepted, each stored once, and every file is intact.
 */
describe('forwarding survives kill -9 on both sides', () => {
  it('10 kills while 10,000 records flow: same ids, no duplicates, integrity ok', { timeout: 240_000 }, async () => {
    const outcome = await killScenario({ records: 10_000, kills: 10 });
    expect(outcome).toMatchObject({
      accepted: 10_000,
      centralIds: 10_000,
      centralRows: 10_000,
      missingAtCentral: 0,
      extraAtCentral: 0,
      storedAnswers: 10_000,
      centralDeadLetters: 0,
      officeDeadLetters: 0,
      officeOutbox: 0,
      integrity: { office: 'ok', central: 'ok' },
    });
    expect(outcome.kills.office + outcome.kills.central).toBe(10);
  });
});
