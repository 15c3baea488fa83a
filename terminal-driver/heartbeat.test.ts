import { describe, expect, it } from 'vitest';
import { heartbeatSchema } from '../shared/records.ts';
import { buildHeartbeat } from './heartbeat.ts';

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
      },
      Date.parse('2026-11-25T07:00:05.000Z'),
    );
    expect(heartbeatSchema.safeParse(hb).success).toBe(true);
    expect(hb).toMatchObject({ deviceKind: 'panel-driver', backlog: 12, bornAt: '2026-11-25T07:00:05.000Z', errors: { 'bad-checksum': 5, garbage: 1, 'hub-unreachable': 4 } });
  });

  it('each heartbeat has its own id', () => {
    const input = { deviceId: 'drv', officeId: 'sharya', version: '0.1.0', backlog: 0, lastSyncAt: 0, driverErrors: {}, panels: [] };
    expect(buildHeartbeat(input, 0).id).not.toBe(buildHeartbeat(input, 0).id);
  });
});
