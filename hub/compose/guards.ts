import type { RequestHandler } from 'express';
import type { Db } from '../db/open.ts';
import { createLogger, type Logger } from '../../shared/logger.ts';
import { systemClock, type Clock } from '../../shared/time.ts';
import { requireOfficeHub } from '../central/office-hub-auth.ts';
import type { Access, GuardFactory } from '../http/route-table.ts';
import { requireDevice } from '../devices/device-auth.ts';
import { requireStaff } from '../staff/staff-auth.ts';

/**
 * The middleware behind each access rule of the route table: device token, office-hub signature,
 * or a staff session holding one of the route's roles (with CSRF on state-changing requests).
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
        return [requireStaff({ db: deps.db, clock: deps.clock ?? systemClock }, access.roles, access.officeScoped)];
    }
  };
}
