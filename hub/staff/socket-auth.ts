import type { Socket } from 'socket.io';
import type { Role } from '../../shared/roles.ts';
import type { HubContext } from '../context.ts';
import type { EndedSessions } from '../events.ts';
import { inScope, readStaffFromCookies, scopeFor, type OfficeScope } from './staff-auth.ts';

/**
 * The socket.io side of the staff rule: a namespace admits a connection only with a valid session
 * cookie holding one of its roles, and remembers the offices that user may see. Handlers then let
 * a socket join only rooms of offices in that scope, so office scoping holds for live events too.
 *
 * A socket outlives the request that opened it, so the session is checked again before every
 * join or watch (recheckSocket), and a socket is closed as soon as its session is ended here:
 * logout, a disabled user, changed roles, a new password (the `sessions-ended` event).
 */
export interface SocketStaff {
  login: string;
  userId: number;
  /** The session the socket was opened with: a logout ends that one only. */
  cookieValue: string;
  /** The namespace's rule, to check the session against again. */
  roles: readonly Role[];
  officeScoped: boolean;
  scope: OfficeScope;
}

type Admission = { ok: true; staff: SocketStaff } | { ok: false; message: string };

async function admit(ctx: HubContext, cookieHeader: string | undefined, roles: readonly Role[], officeScoped: boolean): Promise<Admission> {
  const staff = await readStaffFromCookies(ctx.sql, cookieHeader, ctx.clock());
  if (!staff) return { ok: false, message: 'нужно войти в систему' };
  const scope = scopeFor(staff.user, roles, officeScoped);
  if (!scope) return { ok: false, message: 'у вашей роли нет доступа к этому разделу' };
  return { ok: true, staff: { login: staff.user.login, userId: staff.user.id, cookieValue: staff.cookieValue, roles, officeScoped, scope } };
}

const staffOf = (socket: Pick<Socket, 'data'>): SocketStaff | undefined => (socket.data as { staff?: SocketStaff }).staff;

export function staffSocketGuard(ctx: HubContext, roles: readonly Role[], officeScoped: boolean) {
  const admitted = new Set<Socket>();
  ctx.events.on('sessions-ended', (ended: EndedSessions) => {
    for (const socket of admitted) {
      const staff = staffOf(socket);
      if (staff?.userId === ended.userId && (ended.cookieValue === null || ended.cookieValue === staff.cookieValue)) socket.disconnect(true);
    }
  });
  return (socket: Socket, next: (err?: Error) => void): void => {
    admit(ctx, socket.handshake.headers.cookie, roles, officeScoped).then(
      (admission) => {
        if (!admission.ok) return next(new Error(admission.message));
        (socket.data as { staff?: SocketStaff }).staff = admission.staff;
        admitted.add(socket);
        socket.once('disconnect', () => admitted.delete(socket));
        next();
      },
      (error: unknown) => {
        ctx.logger.error({ err: error }, 'staff socket: the session could not be read');
        next(new Error('сеанс не удалось проверить, попробуйте позже'));
      },
    );
  };
}

/**
 * Before a join or watch is served: is the socket's session still valid and still holding a role
 * of the namespace? Its scope is taken afresh (roles may have changed). False: the caller answers
 * `signed-out` and closes the socket; so too when the session cannot be read (logged), never a rejection.
 */
export async function recheckSocket(ctx: HubContext, socket: Socket): Promise<boolean> {
  const staff = staffOf(socket);
  if (!staff) return false;
  let admission: Admission;
  try {
    admission = await admit(ctx, socket.handshake.headers.cookie, staff.roles, staff.officeScoped);
  } catch (error) {
    ctx.logger.error({ err: error }, 'staff socket: the session could not be read again');
    admission = { ok: false, message: SIGNED_OUT_MESSAGE };
  }
  if (!admission.ok) {
    delete (socket.data as { staff?: SocketStaff }).staff;
    return false;
  }
  (socket.data as { staff?: SocketStaff }).staff = admission.staff;
  return true;
}

export const SIGNED_OUT_MESSAGE = 'сеанс завершён: войдите снова';

/** The offices this socket's user may see; null before the guard admitted it. */
export const socketScope = (socket: Pick<Socket, 'data'>): OfficeScope | null => staffOf(socket)?.scope ?? null;

/** May this socket watch `officeId` (null: every office at once, which needs an unrestricted scope)? */
export function socketMayWatch(socket: Pick<Socket, 'data'>, officeId: string | null): boolean {
  const scope = socketScope(socket);
  if (!scope) return false;
  if (officeId === null) return scope.officeIds === 'all';
  return inScope(scope, officeId);
}
