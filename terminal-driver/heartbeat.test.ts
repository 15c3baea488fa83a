import { describe, expect, it } from 'vitest';
import { heartbeatSchema } from '../shared/records.ts';
import { buildHeartbeat } from './heartbeat.ts';
import type { StorageReport } from '../shared/storage.ts';

const FULL: StorageReport = {
  state: 'critical',
  freeBytes: 0,
  totalBytes: 16 * 1024 * 1024,
  warnBelowBytes: 4 * 1024 * 1024,
  criticalBelowBytes: 1024 * 1024,
  checkedAt: '2026-11-25T07:00:04.000Z',
  writeFailedAt: '2026-11-25T07:00:03.000Z',
};

describe('heartbeat', () => {
  it('fits the shared schema; errors are the driver-wide total of the panels and the driver', () => {
    const panel = (panelId: string, errors: Record<string, number>) => ({
      panelId,
      port: `/dev/serial/by-id/usb-${panelId}`,
      protocol: 'framed',
      desk: null,
      online: true,
      lastPressAt: '2026-11-25T07:00:00.000Z',
      lastHeartbeatAt: null,
      disconnects: 2,
      errors,
    });
    const hb = buildHeartbeat(
      {
        deviceId: 'drv',
        officeId: 'sharya',
        version: '0.1.0',
        backlog: 12,
        lastSyncAt: null,
        driverErrors: { 'hub-unreachable': 4 },
        panels: [panel('a', { 'bad-checksum': 2, garbage: 1 }), panel('b', { 'bad-checksum': 3 })],
        storage: FULL,
      },
      Date.parse('2026-11-25T07:00:05.000Z'),
    );
    expect(heartbeatSchema.safeParse(hb).success).toBe(true);
    expect(hb).toMatchObject({ deviceKind: 'panel-driver', backlog: 12, bornAt: '2026-11-25T07:00:05.000Z', errors: { 'bad-checksum': 5, garbage: 1, 'hub-unreachable': 4 } });
    expect(hb.storage).toEqual(FULL);
  });

  it('a heartbeat of a driver older than the storage field is still valid', () => {
    const hb = buildHeartbeat({ deviceId: 'drv', officeId: 'sharya', version: '0.1.0', backlog: 0, lastSyncAt: null, driverErrors: {}, panels: [], storage: FULL }, 0);
    const { storage: _left, ...old } = hb;
    expect(heartbeatSchema.safeParse(old).success).toBe(true);
  });

  it('each heartbeat has its own id', () => {
    const input = { deviceId: 'drv', officeId: 'sharya', version: '0.1.0', backlog: 0, lastSyncAt: 0, driverErrors: {}, panels: [], storage: FULL };
    expect(buildHeartbeat(input, 0).id).not.toBe(buildHeartbeat(input, 0).id);
  });
});
