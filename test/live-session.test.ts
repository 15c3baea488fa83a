import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import type { Press } from '../shared/records.ts';
import type { JoinReply } from '../shared/protocol/board-socket.ts';
import type { WatchReply } from '../shared/protocol/dashboard-socket.ts';
import { startFixtureHub } from './support/fixture-hub.ts';
import type { RunningHub } from '../hub/server.ts';
import { endSession } from '../hub/staff/sessions.ts';
import { findUserByLogin, setRoles } from '../hub/staff/users.ts';
import { staffSession, type StaffSession } from './support/staff-session.ts';

/**
 * Issue 12, finding 5: a live socket is only as good as the session it was opened with. Logout,
 * disabling the user and changing their roles close the user's sockets at once; a session ended
 * any other way (expired, deleted) is caught at the socket's next join or watch, and a changed
 * role gives the scope of the new roles there.
 */
let hub: RunningHub;
let admin: StaffSession;
const sockets: Socket[] = [];
beforeAll(async () => {
  ({ hub } = await startFixtureHub({ fixture: false }));
  admin = await staffSession(hub, 'admin-live', [{ role: 'admin' }]);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub.close();
});

const press = (officeId: string): Press => ({ kind: 'press', id: newRecordId(), officeId, deviceId: `${officeId}-driver`, bornAt: new Date().toISOString(), channel: 'panel', panelId: 'p1', desk: null, seq: null, button: '5', score: 5, suppressed: null });

async function open(namespace: '/dashboard' | '/devices', cookie: string) {
  const socket = connect(`${hub.url}${namespace}`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
  sockets.push(socket);
  const events: unknown[] = [];
  socket.onAny((_name: string, payload: unknown) => events.push(payload));
  const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, events, closed };
}

const watch = (socket: Socket, officeId: string | null) => socket.timeout(10_000).emitWithAck('watch', { officeId }) as Promise<WatchReply>;
const join = (socket: Socket) => socket.timeout(10_000).emitWithAck('join', { officeId: null }) as Promise<JoinReply>;
const userId = async (login: string) => (await findUserByLogin(hub.ctx.sql, login))!.id;

describe('live sockets follow the session they were opened with', () => {
  it('logout closes the dashboard socket of that session, and nothing more reaches it', async () => {
    const cx = await staffSession(hub, 'cx-logout', [{ role: 'cx' }]);
    const other = await staffSession(hub, 'cx-logout', [{ role: 'cx' }]);
    const dashboard = await open('/dashboard', cx.cookie);
    const sameUserElsewhere = await open('/dashboard', other.cookie);
    expect(await watch(dashboard.socket, null)).toMatchObject({ ok: true });
    expect(await watch(sameUserElsewhere.socket, null)).toMatchObject({ ok: true });

    expect((await fetch(`${hub.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: cx.cookie } })).status).toBe(303);
    expect(await dashboard.closed).toBe('io server disconnect');
    const heard = dashboard.events.length;
    hub.ctx.events.emit('stored', [press('buy')]);
    // The other browser's session was not logged out: it still hears the change.
    await expect.poll(() => sameUserElsewhere.events.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(dashboard.events.length).toBe(heard);
    expect(dashboard.socket.connected).toBe(false);
  });

  it('disabling a user closes their board socket', async () => {
    const aho = await staffSession(hub, 'aho-disabled', [{ role: 'aho' }]);
    const board = await open('/devices', aho.cookie);
    expect(await join(board.socket)).toMatchObject({ ok: true });
    expect((await admin.fetch(`/api/admin/users/${await userId('aho-disabled')}/disable`, { method: 'POST' })).status).toBe(200);
    expect(await board.closed).toBe('io server disconnect');
  });

  it('changing a user\'s roles closes their sockets', async () => {
    const cx = await staffSession(hub, 'cx-demoted', [{ role: 'cx' }]);
    const dashboard = await open('/dashboard', cx.cookie);
    expect(await watch(dashboard.socket, null)).toMatchObject({ ok: true, value: { rooms: ['figures:*'] } });
    const roles = JSON.stringify({ roles: [{ role: 'staff', officeId: 'buy' }] });
    expect((await admin.fetch(`/api/admin/users/${await userId('cx-demoted')}/roles`, { method: 'PUT', body: roles })).status).toBe(200);
    expect(await dashboard.closed).toBe('io server disconnect');
  });

  it('a session ended without the hub closing the socket is refused at the next watch or join', async () => {
    const cx = await staffSession(hub, 'cx-expired', [{ role: 'cx' }]);
    const dashboard = await open('/dashboard', cx.cookie);
    expect(await watch(dashboard.socket, null)).toMatchObject({ ok: true });
    // As an expiry would: the row is gone, nobody announced it.
    await endSession(hub.ctx.sql, decodeURIComponent(cx.cookie.slice('czn_session='.length)));
    expect(await watch(dashboard.socket, null)).toEqual({ ok: false, reason: 'signed-out', message: expect.any(String) });
    expect(await dashboard.closed).toBe('io server disconnect');

    const aho = await staffSession(hub, 'aho-expired', [{ role: 'aho' }]);
    const board = await open('/devices', aho.cookie);
    await endSession(hub.ctx.sql, decodeURIComponent(aho.cookie.slice('czn_session='.length)));
    expect(await join(board.socket)).toMatchObject({ ok: false, reason: 'signed-out' });
  });

  it('roles changed without the hub closing the socket give the new scope at the next watch', async () => {
    const cx = await staffSession(hub, 'cx-to-head', [{ role: 'cx' }]);
    const dashboard = await open('/dashboard', cx.cookie);
    expect(await watch(dashboard.socket, null)).toMatchObject({ ok: true, value: { rooms: ['figures:*'] } });
    await setRoles(hub.ctx.sql, await userId('cx-to-head'), [{ role: 'office-head', officeId: 'buy' }]);
    expect(await watch(dashboard.socket, null)).toEqual({ ok: true, value: { rooms: ['figures:buy'] } });
    expect(await watch(dashboard.socket, 'sharya')).toMatchObject({ ok: false, reason: 'other-office' });
  });
});
