import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import type { Press } from '../../shared/records.ts';
import { staffSession } from '../../test/support/staff-session.ts';
import { startFixtureHub } from '../../test/support/fixture-hub.ts';
import type { RunningHub } from '../server.ts';
import type { FiguresChanged, WatchReply } from '../../shared/protocol/dashboard-socket.ts';

/** The dashboard's socket over a real hub: notices name the offices, come throttled, and respect the hub's scope. */
let hub: RunningHub;
const sockets: Socket[] = [];
const cookies = new Map<RunningHub, string>();
beforeAll(async () => {
  const started = await startFixtureHub({ fixture: false });
  hub = started.hub;
  cookies.set(hub, started.analyst.cookie);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub.close();
});

function press(officeId: string): Press {
  return { kind: 'press', id: newRecordId(), officeId, deviceId: `${officeId}-driver`, bornAt: new Date().toISOString(), channel: 'panel', panelId: 'p1', desk: null, seq: null, button: '5', score: 5, suppressed: null };
}

async function watcher(target: RunningHub, officeId: string | null, cookie = cookies.get(target) ?? ''): Promise<{ notices: FiguresChanged[]; reply: WatchReply }> {
  const socket = connect(`${target.url}/dashboard`, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie } });
  sockets.push(socket);
  const notices: FiguresChanged[] = [];
  socket.on('figures-changed', (n: FiguresChanged) => notices.push(n));
  const reply = await new Promise<WatchReply>((resolve) => socket.emit('watch', { officeId }, resolve));
  return { notices, reply };
}

describe('live figures over socket.io', () => {
  it('a burst of stored batches becomes about one notice a second, naming the offices', async () => {
    const region = await watcher(hub, null);
    const buy = await watcher(hub, 'buy');
    expect(region.reply).toEqual({ ok: true, value: { rooms: ['figures:*'] } });
    const started = Date.now();
    for (let i = 0; i < 30; i++) {
      hub.ctx.events.emit('stored', [press(i % 2 ? 'buy' : 'sharya')]);
      await new Promise((r) => setTimeout(r, 20));
    }
    await expect.poll(() => region.notices.flatMap((n) => n.officeIds), { timeout: 5000 }).toContain('buy');
    await new Promise((r) => setTimeout(r, 1200));
    const seconds = (Date.now() - started) / 1000;
    // at most one per second per room, plus the first one at once
    expect(region.notices.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(region.notices.length).toBeGreaterThanOrEqual(1);
    expect(new Set(region.notices.flatMap((n) => n.officeIds))).toEqual(new Set(['buy', 'sharya']));
    expect(buy.notices.flatMap((n) => n.officeIds).every((id) => id === 'buy')).toBe(true);
  });

  it('heartbeats alone change no figures', async () => {
    const region = await watcher(hub, null);
    hub.ctx.events.emit('stored', [{ kind: 'heartbeat', id: newRecordId(), officeId: 'buy', deviceId: 'd', bornAt: new Date().toISOString(), deviceKind: 'panel-driver', version: '1', backlog: 0, lastSyncAt: null, errors: {}, panels: [] }]);
    await new Promise((r) => setTimeout(r, 600));
    expect(region.notices).toEqual([]);
  });

  it('an office hub answers only for its own office', async () => {
    const { hub: office, analyst } = await startFixtureHub({ env: { ROLE: 'office', OFFICE_ID: 'sharya' }, fixture: false });
    cookies.set(office, analyst.cookie);
    try {
      expect((await watcher(office, null)).reply).toEqual({ ok: true, value: { rooms: ['figures:sharya'] } });
      expect((await watcher(office, 'buy')).reply).toMatchObject({ ok: false, reason: 'other-office' });
    } finally {
      await office.close();
    }
  });

  it('an office head never receives another office\'s events, and a socket without a session is refused', async () => {
    const head = await staffSession(hub, 'head-sharya', [{ role: 'office-head', officeId: 'sharya' }]);
    expect((await watcher(hub, 'buy', head.cookie)).reply).toMatchObject({ ok: false, reason: 'other-office' });
    // "every office", as the dashboard asks, is the head's own office: live updates without the region
    const own = await watcher(hub, null, head.cookie);
    expect(own.reply).toEqual({ ok: true, value: { rooms: ['figures:sharya'] } });
    hub.ctx.events.emit('stored', [press('buy')]);
    hub.ctx.events.emit('stored', [press('sharya')]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(own.notices.flatMap((n) => JSON.stringify(n))).not.toContain('buy');
    expect(own.notices.length).toBeGreaterThan(0);

    const anonymous = connect(`${hub.url}/dashboard`, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(anonymous);
    const error = await new Promise<Error>((resolve) => anonymous.once('connect_error', resolve));
    expect(error.message).toMatch(/войти/);
  });
});
