import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { JoinReply } from '../shared/protocol/board-socket.ts';
import type { DeviceBoard } from '../shared/protocol/board.ts';
import { heartbeat, panelStatus, press } from './support/test-records.ts';
import { boardCookie, FRIDAY_10, startBoardHub, type BoardHub } from './support/board-hub.ts';
import { eventually } from './support/eventually.ts';

let running: BoardHub | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await running?.close();
  running = null;
});

/** A board client as the page is one: joins, then keeps every snapshot it is sent. */
async function watch(url: string, request: unknown = {}) {
  const socket = connect(`${url}/devices`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: boardCookie(url) } });
  sockets.push(socket);
  const boards: DeviceBoard[] = [];
  socket.on('board', (board: DeviceBoard) => boards.push(board));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const reply = (await socket.timeout(10_000).emitWithAck('join', request)) as JoinReply;
  return { socket, boards, reply, latest: () => boards[boards.length - 1] };
}

describe('the live board over socket.io', () => {
  it('join answers the current board; a press ingested later arrives as a new snapshot', async () => {
    running = await startBoardHub();
    const driver = running.device('drv-1', 'panel-driver', 'Зал приёма');
    await driver.send([heartbeat('drv-1', running.now(), { panels: [panelStatus('p1')] })]);
    const client = await watch(running.url);
    expect(client.reply.ok).toBe(true);
    if (!client.reply.ok) return;
    expect(client.reply.value.devices.map((d) => [d.deviceId, d.status])).toEqual([['drv-1', 'online']]);

    await driver.send([press('drv-1', 'p1', running.now())]);
    const board = await eventually(() => client.boards.find((b) => b.devices[0]?.today.counted === 1), { timeoutMs: 10_000, what: 'a board with the press' });
    expect(board.devices[0]?.panels[0]?.lastPressAt).toBe(new Date(running.now()).toISOString());
  });

  it('a thousand stored events in a burst become a few broadcasts, the last one complete', async () => {
    running = await startBoardHub();
    const h = running;
    const driver = h.device('drv-1', 'panel-driver', 'Зал приёма');
    await driver.send([heartbeat('drv-1', h.now(), { panels: [panelStatus('p1')] })]);
    const client = await watch(h.url);
    const started = Date.now();
    const total = 1000;
    // 200 batches of 5, 20 at a time: 200 'stored' events, each would have been an emit.
    for (let wave = 0; wave < 10; wave++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => driver.send(Array.from({ length: 5 }, (_, k) => press('drv-1', 'p1', h.now() - (wave * 100 + i * 5 + k))))),
      );
    }
    const last = await eventually(() => client.latest()?.devices[0]?.today.counted === total && client.latest(), { timeoutMs: 15_000, what: 'the complete board' });
    const elapsedMs = Date.now() - started;
    expect(last.devices[0]?.panels[0]?.pressesToday.counted).toBe(total);
    // At most 4 per second (plus the edges), and far fewer than the 200 stored events.
    expect(client.boards.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / 250) + 2);
    expect(client.boards.length).toBeLessThan(60);
    expect(running.hub.ctx.events.listenerCount('stored')).toBeGreaterThan(0);
  });

  it('offline, disconnect history and clock skew reach the client without reload', async () => {
    running = await startBoardHub();
    const h = running;
    const driver = h.device('drv-1', 'panel-driver', 'Зал приёма');
    const kiosk = h.device('kiosk-1', 'kiosk', 'Киоск');
    for (let i = 0; i < 3; i++) {
      await driver.send([heartbeat('drv-1', h.now(), { panels: [panelStatus('p1')] })]);
      h.advance(30_000);
    }
    const client = await watch(h.url);
    // The driver falls silent for 40 min of working time; the kiosk beats with a clock 3 min ahead.
    h.setNow(FRIDAY_10 + 40 * 60_000);
    await kiosk.send([heartbeat('kiosk-1', h.now() + 3 * 60_000, { deviceKind: 'kiosk' })]);
    const board = await eventually(() => client.boards.find((b) => b.devices.some((d) => d.deviceId === 'kiosk-1')), { timeoutMs: 10_000, what: 'the kiosk on the board' });
    expect(board.devices.find((d) => d.deviceId === 'drv-1')).toMatchObject({ status: 'offline', panels: [{ status: 'offline', offlineCause: 'driver' }] });
    expect(board.alerts.map((a) => `${a.kind}:${a.deviceId}`)).toEqual(['device-offline:drv-1', 'clock-skew:kiosk-1']);

    // The sweep has recorded the outage by now or records it with the next heartbeat: either way once.
    await driver.send([heartbeat('drv-1', h.now(), { panels: [panelStatus('p1', { online: false, disconnects: 1 })] })]);
    const back = await eventually(() => client.boards.find((b) => b.devices.find((d) => d.deviceId === 'drv-1')?.status === 'online'), { timeoutMs: 10_000, what: 'the driver back' });
    const drv = back.devices.find((d) => d.deviceId === 'drv-1');
    expect(drv?.panels[0]).toMatchObject({ status: 'offline', offlineCause: 'panel' });
    expect(drv?.history.map((e) => e.label).slice(0, 3)).toEqual(['пульт p1: связь потеряна', 'устройство: связь восстановлена', 'устройство: пропал сигнал']);
  });

  it('join is refused for another office and for a malformed request; the socket keeps working', async () => {
    running = await startBoardHub();
    const client = await watch(running.url, { officeId: 'buy' });
    expect(client.reply).toMatchObject({ ok: false, reason: 'other-office' });
    const bad = (await client.socket.timeout(5000).emitWithAck('join', { officeId: 42 })) as JoinReply;
    expect(bad).toMatchObject({ ok: false, reason: 'bad-request' });
    const good = (await client.socket.timeout(5000).emitWithAck('join', { officeId: 'sharya' })) as JoinReply;
    expect(good.ok && good.value.scope.officeId).toBe('sharya');
  });
});
