import { describe, expect, it } from 'vitest';
import { killScenario } from '../support/forward-scenarios.ts';

/** The long run of test/forward-kill.test.ts: 50 kill -9 at random moments while 50,000 records flow (lean enough to stay well inside CI's budget on a busy machine). */
describe('soak: forwarding survives 50 × kill -9', () => {
  it('50 kills while 50,000 records flow: same ids, no duplicates, integrity ok', { timeout: 900_000 }, async () => {
    const outcome = await killScenario({ records: 50_000, kills: 50, log: (line) => console.log(line) });
    console.log(`forward kill soak: ${JSON.stringify(outcome)}`);
    expect(outcome).toMatchObject({
      accepted: 50_000,
      centralIds: 50_000,
      centralRows: 50_000,
      missingAtCentral: 0,
      extraAtCentral: 0,
      storedAnswers: 50_000,
      centralDeadLetters: 0,
      officeDeadLetters: 0,
      officeOutbox: 0,
      integrity: { office: 'ok', central: 'ok' },
    });
    expect(outcome.kills.office + outcome.kills.central).toBe(50);
  });
});
