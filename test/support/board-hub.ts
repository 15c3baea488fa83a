import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../shared/logger.ts';
import { moscowMidnight } from '../../shared/periods.ts';
import type { FeedbackRecord, DeviceKind } from '../../shared/records.ts';
import { readHubConfig } from '../../hub/config.ts';
import { registerDeviceNow } from '../../hub/devices/credentials.ts';
import { startHub, type RunningHub } from '../../hub/server.ts';
import { staffSession, type StaffSession } from './staff-session.ts';

/**
 * A real office hub for the board's flow tests: temp SQLite, port 0, and a clock the test moves.
 * Devices talk to it as the driver and the kiosk do: POST /api/ingest with their bearer token.
 */
export const msk = (day: number, hh: number, mm: number, ss = 0): number => moscowMidnight(2026, 11, day) + ((hh * 60 + mm) * 60 + ss) * 1000;
/** Friday 27 Nov 2026, 10:00 Moscow: inside the default working hours. */
export const FRIDAY_10 = msk(27, 10, 0);

export interface BoardHub {
  hub: RunningHub;
  /** An АХО technician logged in through the login form: the board is theirs. */
  aho: StaffSession;
  url: string;
  now(): number;
  setNow(ms: number): void;
  advance(ms: number): void;
  device(id: string, kind: DeviceKind, name: string): { send(records: FeedbackRecord[]): Promise<Response> };
  close(): Promise<void>;
}

/** `env`: more settings, e.g. a CENTRAL_URL nobody answers at. */
export async function startBoardHub(start = FRIDAY_10, env: Record<string, string> = {}): Promise<BoardHub> {
  let now = start;
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'board-')), PORT: '0', OFFICE_ID: 'sharya', ...env });
  if (!config.ok) throw new Error(config.message);
  const hub = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }), clock: () => now });
  const aho = await staffSession(hub, 'aho', [{ role: 'aho' }]);
  sessionCookies.set(hub.url, aho.cookie);
  return {
    hub,
    aho,
    url: hub.url,
    now: () => now,
    setNow: (ms) => void (now = ms),
    advance: (ms) => void (now += ms),
    device(id, kind, name) {
      // Registered now; the first send waits for it (and for the device memory read again).
      const token = registerDeviceNow(hub.ctx, { id, officeId: 'sharya', kind, name }, now);
      return {
        send: async (records) =>
          fetch(`${hub.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await token}` }, body: JSON.stringify({ records }) }),
      };
    },
    close: () => hub.close(),
  };
}

const sessionCookies = new Map<string, string>();
/** The session cookie of the АХО user logged into the board hub at `url` (for sockets and browsers). */
export const boardCookie = (url: string): string => sessionCookies.get(url) ?? '';
