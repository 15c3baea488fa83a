import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from './support/driver-harness.ts';
import { driverKillScenario } from './support/driver-kill-scenario.ts';

/**
 * 10,000 framed presses with resend while the driver is killed with -9 at random moments: the hub
 * holds exactly the acknowledged presses, once each. 50 kills in test/soak/driver-kill9.soak.test.ts.
 */
const PRESSES = 10_000;
const KILLS = 10;

afterAll(removeTempDirs);

describe('driver flow: kill -9', () => {
  it(`${PRESSES} framed presses with resend, ${KILLS} kill -9 at random moments: the hub holds exactly the acknowledged presses, once each`, { timeout: 180_000 }, async () => {
    const outcome = await driverKillScenario({ presses: PRESSES, kills: KILLS });
    expect(outcome).toEqual({ kills: KILLS, pressed: PRESSES, acked: PRESSES, hubRows: PRESSES, hubDistinctIds: PRESSES, missingAtHub: 0, extraAtHub: 0, wrongScores: 0 });
  });
});
