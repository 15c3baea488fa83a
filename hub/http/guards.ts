import type { Request, RequestHandler } from 'express';
import type { Db } from '../db/open.ts';
import { createLogger, type Logger } from '../../shared/logger.ts';
import { systemClock, type Clock } from '../../shared/time.ts';
import { requireOfficeHub } from '../central/office-hub-auth.ts';
import type { Access, GuardFactory } from './route-table.ts';
import { requireDevice } from './device-auth.ts';

/**
 * The middleware behind each access rule of the route table.
 *
 * Until staff accounts exist, staff routes answer only requests from the hub's own machine
 * (loopback), so nothing personal is reachable from the office network without a login.
 */
export function createGuardFactory(deps: { db: Db; clock?: Clock; logger?: Logger; countRefusal?: (kind: string) => void }): GuardFactory {
  const device = requireDevice(deps.db);
  // HMAC-signed requests from office hubs (hub/central/office-hub-auth.ts, docs/forwarding.md).
  const officeHub = requireOfficeHub({
    db: deps.db,
    clock: deps.clock ?? systemClock,
    logger: deps.logger ?? createLogger('guards', { level: 'warn', pretty: false }),
    countRefusal: deps.countRefusal ?? (() => undefined),
  });
  return (access: Access): RequestHandler[] => {
    switch (access.kind) {
      case 'public':
        return [];
      case 'device':
        return [device];
      case 'office-hub':
        return [officeHub];
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
