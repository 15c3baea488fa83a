import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../support/driver-harness.ts';
import { driverKillScenario } from '../support/driver-kill-scenario.ts';

/** The full run of test/driver-kill9.test.ts: 50 kill -9 of the driver during 10,000 framed presses. */
afterAll(removeTempDirs);

describe('soak: the panel driver survives 50 × kill -9', () => {
  it('50 kills during 10,000 framed presses with resend: the hub holds exactly the acknowledged presses, once each', { timeout: 420_000 }, async () => {
    const started = Date.now();
    const outcome = await driverKillScenario({ presses: 10_000, kills: 50 });
    console.log(`driver kill soak: ${JSON.stringify(outcome)} in ${Math.round((Date.now() - started) / 1000)} s`);
    expect(outcome).toEqual({ kills: 50, pressed: 10_000, acked: 10_000, hubRows: 10_000, hubDistinctIds: 10_000, missingAtHub: 0, extraAtHub: 0, wrongScores: 0 });
  });
});
