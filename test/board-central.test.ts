import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../shared/logger.ts';
import type { FeedbackRecord } from '../shared/records.ts';
import type { JoinReply } from '../shared/protocol/board-socket.ts';
import { readHubConfig } from '../hub/config.ts';
import type { DeviceBoard } from '../shared/protocol/board.ts';
import { heartbeat, panelStatus, press } from './support/test-records.ts';
import { startHub, type RunningHub } from '../hub/server.ts';
import { FRIDAY_10 } from './support/board-hub.ts';
import { eventually } from './support/eventually.ts';
import { staffSession } from './support/staff-session.ts';

/**
 * The board on the central: every office in one room, each office in its own, fed by what office
 * hubs forward (stored here through the same ingest, then announced by the 'stored' event).
 */
let hub: RunningHub | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await hub?.close();
  hub = null;
});

let cookie = '';
async function watch(url: string, officeId: string | null) {
  const socket = connect(`${url}/devices`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  sockets.push(socket);
  const boards: DeviceBoard[] = [];
  socket.on('board', (b: DeviceBoard) => boards.push(b));
  const reply = (await socket.timeout(10_000).emitWithAck('join', { officeId })) as JoinReply;
  return { boards, reply };
}

describe('the board on the central', () => {
  it('rooms per office and for all offices; a forwarded batch updates the rooms it concerns', async () => {
    const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'board-central-')), PORT: '0', ROLE: 'central' });
    if (!config.ok) throw new Error(config.message);
    hub = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }), clock: () => FRIDAY_10 });
    const running = hub;
    cookie = (await staffSession(running, 'aho', [{ role: 'aho' }])).cookie;
    const forwarded = (officeId: string, records: FeedbackRecord[]) => {
      const outcome = running.ctx.ingest({ records: records.map((r) => ({ ...r, receivedAt: new Date(FRIDAY_10 - 5000).toISOString() })) }, { kind: 'office-hub', officeId });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.rejection));
      running.ctx.events.emit('stored', outcome.stored);
    };

    const all = await watch(running.url, null);
    const buy = await watch(running.url, 'buy');
    const sharya = await watch(running.url, 'sharya');
    expect(all.reply.ok && all.reply.value.scope).toEqual({ officeId: null, officeName: null });
    expect(buy.reply.ok && buy.reply.value.scope).toEqual({ officeId: 'buy', officeName: 'Буйское отделение' });

    forwarded('buy', [heartbeat('buy-drv', FRIDAY_10 - 5000, { officeId: 'buy', panels: [panelStatus('b1')] }), press('buy-drv', 'b1', FRIDAY_10 - 6000, { officeId: 'buy' })]);
    const latestAll = await eventually(() => all.boards.find((b) => b.devices.length === 1), { timeoutMs: 10_000, what: 'the all-offices room' });
    expect(latestAll.devices[0]).toMatchObject({ officeId: 'buy', deviceId: 'buy-drv', registered: false, status: 'online', today: { counted: 1, suppressed: 0 } });
    await eventually(() => buy.boards.find((b) => b.devices[0]?.deviceId === 'buy-drv'), { timeoutMs: 10_000, what: 'the office room' });
    expect(latestAll.forwarding).toBeNull();
    // Nothing for Шарья happened: its room got nothing.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sharya.boards).toEqual([]);
  });
});
