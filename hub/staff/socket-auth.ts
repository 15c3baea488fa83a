import type { Socket } from 'socket.io';
import type { Role } from '../../shared/roles.ts';
import type { HubContext } from '../context.ts';
import { inScope, readStaffFromCookies, scopeFor, type OfficeScope } from './staff-auth.ts';

/**
 * The socket.io side of the staff rule: a namespace admits a connection only with a valid session
 * cookie holding one of its roles, and remembers the offices that user may see. Handlers then let
 * a socket join only rooms of offices in that scope, so office scoping holds for live events too.
 */
export interface SocketStaff {
  login: string;
  scope: OfficeScope;
}

export function staffSocketGuard(ctx: HubContext, roles: readonly Role[], officeScoped: boolean) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    const staff = readStaffFromCookies(ctx.db, socket.handshake.headers.cookie, ctx.clock());
    const scope = staff ? scopeFor(staff.user, roles, officeScoped) : null;
    if (!staff || !scope) return next(new Error(staff ? 'у вашей роли нет доступа к этому разделу' : 'нужно войти в систему'));
    (socket.data as { staff?: SocketStaff }).staff = { login: staff.user.login, scope };
    next();
  };
}

/** The offices this socket's user may see; null before the guard admitted it. */
export const socketScope = (socket: Pick<Socket, 'data'>): OfficeScope | null => (socket.data as { staff?: SocketStaff }).staff?.scope ?? null;

/** May this socket watch `officeId` (null: every office at once, which needs an unrestricted scope)? */
export function socketMayWatch(socket: Pick<Socket, 'data'>, officeId: string | null): boolean {
  const scope = socketScope(socket);
  if (!scope) return false;
  if (officeId === null) return scope.officeIds === 'all';
  return inScope(scope, officeId);
}
