import type { Request, RequestHandler } from 'express';
import type { Db } from '../db/open.ts';
import type { Access, GuardFactory } from './route-table.ts';
import { requireDevice } from './device-auth.ts';

/**
 * The middleware behind each access rule of the route table.
 *
 * Until staff accounts exist, staff routes answer only requests from the hub's own machine
 * (loopback), so nothing personal is reachable from the office network without a login.
 */
export function createGuardFactory(deps: { db: Db }): GuardFactory {
  const device = requireDevice(deps.db);
  return (access: Access): RequestHandler[] => {
    switch (access.kind) {
      case 'public':
        return [];
      case 'device':
        return [device];
      case 'office-hub':
        return [(_req, res) => void res.status(501).json({ ok: false, error: 'not-implemented', reason: 'приём от офисных хабов ещё не включён' })];
      case 'staff':
        return [loopbackOnly];
    }
  };
}

const loopbackOnly: RequestHandler = (req: Request, res, next) => {
  const address = req.socket.remoteAddress ?? '';
  if (address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1') return next();
  res.status(403).json({ ok: false, error: 'forbidden', reason: 'страница для сотрудников доступна только с компьютера хаба' });
};
