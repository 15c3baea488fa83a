import { describe, expect, it } from 'vitest';
import { killScenario } from '../support/forward-scenarios.ts';

/** The full run of test/forward-kill.test.ts: 50 kill -9 at random moments while 100,000 records flow. */
describe('soak: forwarding survives 50 × kill -9', () => {
  it('50 kills while 100,000 records flow: same ids, no duplicates, integrity ok', { timeout: 420_000 }, async () => {
    const outcome = await killScenario({ records: 100_000, kills: 50, log: (line) => console.log(line) });
    console.log(`forward kill soak: ${JSON.stringify(outcome)}`);
    expect(outcome).toMatchObject({
      accepted: 100_000,
      centralIds: 100_000,
      centralRows: 100_000,
      missingAtCentral: 0,
      extraAtCentral: 0,
      storedAnswers: 100_000,
      centralDeadLetters: 0,
      officeDeadLetters: 0,
      officeOutbox: 0,
      integrity: { office: 'ok', central: 'ok' },
    });
    expect(outcome.kills.office + outcome.kills.central).toBe(50);
  });
});
