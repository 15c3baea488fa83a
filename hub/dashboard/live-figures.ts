import type { Namespace, Server as SocketServer } from 'socket.io';
import type { FeedbackRecord } from '../../shared/records.ts';
import type { HubContext } from '../context.ts';
import { recheckSocket, SIGNED_OUT_MESSAGE, socketScope, staffSocketGuard, socketMayWatch } from '../staff/socket-auth.ts';
import type { OfficeScope } from '../staff/staff-auth.ts';
import { FIGURES_ROLES } from '../reports/api-routes.ts';
import { createThrottledBroadcast, type Scheduler } from '../live/throttled-broadcast.ts';
import { figuresRoom, officeOfFiguresRoom, watchRequestSchema, type DashboardClientEvents, type DashboardServerEvents, type WatchReply } from '../../shared/protocol/dashboard-socket.ts';
import { DASHBOARD_NAMESPACE } from '../../shared/protocol/wire.ts';

/**
 * Tells open dashboards that figures changed: on every committed batch with presses or responses,
 * the rooms of those offices (and the region's on the central) are invalidated; the shared
 * throttled broadcast (hub/live/) flushes each room at most `maxPerSecond` times a second.
 */
export interface LiveFigures {
  close(): void;
}

export function startLiveFigures(ctx: HubContext, io: SocketServer, options: { maxPerSecond?: number; scheduler?: Scheduler } = {}): LiveFigures {
  const nsp: Namespace<DashboardClientEvents, DashboardServerEvents> = io.of(DASHBOARD_NAMESPACE);
  const pending = new Map<string, Set<string>>();

  const broadcast = createThrottledBroadcast<string>({
    maxPerSecond: options.maxPerSecond ?? 1,
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    flush: (room) => {
      const officeIds = [...(pending.get(room) ?? [])];
      pending.delete(room);
      if (!nsp.adapter.rooms.get(room)?.size) return;
      nsp.to(room).emit('figures-changed', { officeIds, at: new Date(ctx.clock()).toISOString() });
    },
    onError: (room, error) => ctx.logger.error({ err: error, room }, 'dashboard notice failed'),
  });

  const touch = (room: string, officeId: string) => {
    let set = pending.get(room);
    if (!set) pending.set(room, (set = new Set()));
    set.add(officeId);
    broadcast.invalidate(room);
  };

  const onStored = (records: FeedbackRecord[]) => {
    const offices = new Set(records.filter((r) => r.kind !== 'heartbeat').map((r) => r.officeId));
    for (const officeId of offices) {
      touch(figuresRoom(officeId), officeId);
      if (ctx.config.role === 'central') touch(figuresRoom(null), officeId);
    }
  };
  ctx.events.on('stored', onStored);

  nsp.use(staffSocketGuard(ctx, FIGURES_ROLES, true));
  nsp.on('connection', (socket) => {
    socket.on('watch', async (request, ack) => {
      if (typeof ack !== 'function') return;
      if (!(await recheckSocket(ctx, socket))) {
        ack({ ok: false, reason: 'signed-out', message: SIGNED_OUT_MESSAGE });
        socket.disconnect(true);
        return;
      }
      let reply = watch(request, socketScope(socket));
      if (reply.ok && !reply.value.rooms.every((room) => socketMayWatch(socket, officeOfFiguresRoom(room)))) reply = { ok: false, reason: 'other-office', message: 'этот отдел вне ваших прав' };
      if (reply.ok) {
        for (const room of socket.rooms) if (room.startsWith('figures:')) void socket.leave(room);
        void socket.join(reply.value.rooms);
      }
      ack(reply);
    });
  });

  // "Every office" (null) means every office the watcher may see: on an office hub its one office,
  // on the central the region, or for an office head there the rooms of their own offices.
  function watch(request: unknown, scope: OfficeScope | null): WatchReply {
    const parsed = watchRequestSchema.safeParse(request ?? {});
    if (!parsed.success) return { ok: false, reason: 'bad-request', message: 'ожидается { officeId: строка или null }' };
    const officeId = parsed.data.officeId;
    if (ctx.config.role === 'office') {
      if (officeId !== null && officeId !== ctx.config.officeId) return { ok: false, reason: 'other-office', message: 'этот хаб показывает только свой отдел' };
      return { ok: true, value: { rooms: [figuresRoom(ctx.config.officeId)] } };
    }
    if (officeId === null && scope && scope.officeIds !== 'all') return { ok: true, value: { rooms: scope.officeIds.map(figuresRoom) } };
    return { ok: true, value: { rooms: [figuresRoom(officeId)] } };
  }

  return {
    close() {
      ctx.events.off('stored', onStored);
      broadcast.close();
      nsp.removeAllListeners();
    },
  };
}
