import type { Namespace, Server as SocketServer } from 'socket.io';
import type { FeedbackRecord } from '../../shared/records.ts';
import type { HubContext } from '../context.ts';
import { staffSocketGuard, socketMayWatch } from '../http/socket-auth.ts';
import { FIGURES_ROLES } from '../reports/api-routes.ts';
import { createThrottledBroadcast, type Scheduler } from '../live/throttled-broadcast.ts';
import {
  DASHBOARD_NAMESPACE,
  figuresRoom,
  officeOfFiguresRoom,
  watchRequestSchema,
  type DashboardClientEvents,
  type DashboardServerEvents,
  type WatchReply,
} from './dashboard-protocol.ts';

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
    socket.on('watch', (request, ack) => {
      if (typeof ack !== 'function') return;
      let reply = watch(request);
      if (reply.ok && !socketMayWatch(socket, officeOfFiguresRoom(reply.value.room))) reply = { ok: false, reason: 'other-office', message: 'этот отдел вне ваших прав' };
      if (reply.ok) {
        for (const room of socket.rooms) if (room.startsWith('figures:')) void socket.leave(room);
        void socket.join(reply.value.room);
      }
      ack(reply);
    });
  });

  // An office hub holds one office: "the region" there is that office.
  function watch(request: unknown): WatchReply {
    const parsed = watchRequestSchema.safeParse(request ?? {});
    if (!parsed.success) return { ok: false, reason: 'bad-request', message: 'ожидается { officeId: строка или null }' };
    const officeId = parsed.data.officeId;
    if (ctx.config.role === 'office') {
      if (officeId !== null && officeId !== ctx.config.officeId) return { ok: false, reason: 'other-office', message: 'этот хаб показывает только свой отдел' };
      return { ok: true, value: { room: figuresRoom(ctx.config.officeId) } };
    }
    return { ok: true, value: { room: figuresRoom(officeId) } };
  }

  return {
    close() {
      ctx.events.off('stored', onStored);
      broadcast.close();
      nsp.removeAllListeners();
    },
  };
}
