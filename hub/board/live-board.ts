import type { Namespace, Server as SocketServer } from 'socket.io';
import { type FeedbackRecord, describeIssues } from '../../shared/records.ts';
import type { HubContext } from '../context.ts';
import { createBoardReader } from './board-reader.ts';
import { createHealthTracker, type HealthTracker } from '../devices/health-tracker.ts';
import { createThrottledBroadcast, type Scheduler, type ThrottledBroadcast } from '../live/throttled-broadcast.ts';
import { recheckSocket, SIGNED_OUT_MESSAGE, staffSocketGuard, socketMayWatch } from '../staff/socket-auth.ts';
import { boardRoom, joinRequestSchema, officeOfRoom, type BoardClientEvents, type BoardServerEvents, type JoinReply } from '../../shared/protocol/board-socket.ts';
import { BOARD_NAMESPACE } from '../../shared/protocol/wire.ts';
import { BOARD_ACCESS } from './board-routes.ts';

/**
 * The АХО board, live: keeps the device link states up to date from committed batches and a sweep,
 * and pushes each room's board over socket.io, throttled and coalesced. Started once by the hub
 * (server.ts) and stopped in its close().
 */
export interface LiveBoardOptions {
  /** Board snapshots per second per room at most. */
  maxPerSecond?: number;
  /** How often silent devices are looked for. */
  sweepMs?: number;
  /** How often rooms with clients are re-sent anyway: "N min ago" and silence alerts move with time. */
  refreshMs?: number;
  scheduler?: Scheduler;
}

export interface LiveBoard {
  tracker: HealthTracker;
  broadcast: ThrottledBroadcast<string>;
  close(): void;
}

export function startLiveBoard(ctx: HubContext, io: SocketServer, options: LiveBoardOptions = {}): LiveBoard {
  const reader = createBoardReader(ctx);
  const seconds = ctx.config.deviceHeartbeatSeconds;
  const tracker = createHealthTracker({
    sql: ctx.sql,
    queries: reader.deps.queries,
    store: reader.deps.store,
    heartbeatDefaultsMs: { 'panel-driver': seconds['panel-driver'] * 1000, kiosk: seconds.kiosk * 1000 },
    logger: ctx.logger,
  });
  const nsp: Namespace<BoardClientEvents, BoardServerEvents> = io.of(BOARD_NAMESPACE);
  let snapshotSeq = 0;
  let closed = false;
  const sentSeq = new Map<string, number>();

  const broadcast = createThrottledBroadcast<string>({
    maxPerSecond: options.maxPerSecond ?? 4,
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    // Built asynchronously (the central's records may be in PostgreSQL): a snapshot that comes
    // back after a newer one of the same room was sent is dropped, so a room never goes back in time.
    flush: (room) => {
      if (!nsp.adapter.rooms.get(room)?.size) return;
      const seq = ++snapshotSeq;
      void reader.board(officeOfRoom(room)).then(
        (board) => {
          if (closed || (sentSeq.get(room) ?? 0) > seq) return;
          sentSeq.set(room, seq);
          nsp.to(room).emit('board', board);
        },
        (error: unknown) => ctx.logger.error({ err: error, room }, 'device board snapshot failed'),
      );
    },
    onError: (room, error) => ctx.logger.error({ err: error, room }, 'device board snapshot failed'),
  });

  const invalidate = (offices: Iterable<string>) => {
    let any = false;
    for (const officeId of offices) {
      broadcast.invalidate(boardRoom(officeId));
      any = true;
    }
    if (any && ctx.config.role === 'central') broadcast.invalidate(boardRoom(null));
  };
  const onStored = (records: FeedbackRecord[]) => void tracker.onStored(records).then((offices) => !closed && invalidate(offices));
  ctx.events.on('stored', onStored);
  const onForwardStatus = () => invalidate([ctx.config.officeId]);
  ctx.events.on('forward-status', onForwardStatus);
  // The hub's own disk shows on every room's board (the central's too).
  const unlistenStorage = ctx.storage.onChange(() => {
    for (const room of nsp.adapter.rooms.keys()) if (room.startsWith('devices:')) broadcast.invalidate(room);
  });

  const sweep = () => void tracker.sweep(ctx.clock()).then((offices) => !closed && invalidate(offices));
  sweep();
  const sweepTimer = setInterval(sweep, options.sweepMs ?? 5_000);
  const refreshTimer = setInterval(() => {
    for (const room of nsp.adapter.rooms.keys()) if (room.startsWith('devices:')) broadcast.invalidate(room);
  }, options.refreshMs ?? 15_000);
  sweepTimer.unref();
  refreshTimer.unref();

  if (BOARD_ACCESS.kind !== 'staff') throw new Error('the board is a staff page');
  nsp.use(staffSocketGuard(ctx, BOARD_ACCESS.roles, BOARD_ACCESS.officeScoped));
  nsp.on('connection', (socket) => {
    socket.on('join', async (request, ack) => {
      if (typeof ack !== 'function') return;
      if (!(await recheckSocket(ctx, socket))) {
        ack({ ok: false, reason: 'signed-out', message: SIGNED_OUT_MESSAGE });
        socket.disconnect(true);
        return;
      }
      let reply = await join(request);
      if (reply.ok && !socketMayWatch(socket, reply.value.scope.officeId)) reply = { ok: false, reason: 'other-office', message: 'этот отдел вне ваших прав' };
      if (reply.ok) {
        for (const room of socket.rooms) if (room.startsWith('devices:')) void socket.leave(room);
        void socket.join(boardRoom(reply.value.scope.officeId));
      }
      ack(reply);
    });
  });

  async function join(request: unknown): Promise<JoinReply> {
    const parsed = joinRequestSchema.safeParse(request ?? {});
    if (!parsed.success) return { ok: false, reason: 'bad-request', message: describeIssues(parsed.error) };
    const scope = reader.scope(parsed.data.officeId);
    if (!scope.ok) return { ok: false, reason: 'other-office', message: 'этот хаб показывает только свой отдел' };
    try {
      return { ok: true, value: await reader.board(scope.value) };
    } catch (error) {
      ctx.logger.error({ err: error }, 'device board snapshot failed');
      return { ok: false, reason: 'internal', message: 'не удалось собрать табло' };
    }
  }

  return {
    tracker,
    broadcast,
    close() {
      closed = true;
      clearInterval(sweepTimer);
      clearInterval(refreshTimer);
      ctx.events.off('stored', onStored);
      ctx.events.off('forward-status', onForwardStatus);
      unlistenStorage();
      broadcast.close();
    },
  };
}
