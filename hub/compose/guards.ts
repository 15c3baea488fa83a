import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createLogger, type Logger } from '../../shared/logger.ts';
import { systemClock, type Clock } from '../../shared/time.ts';
import { requireOfficeHub } from '../central/office-hub-auth.ts';
import type { Access, BodyRule, GuardFactory } from '../http/route-table.ts';
import { requireDevice } from '../devices/device-auth.ts';
import type { DeviceCredentials } from '../devices/credentials.ts';
import { formBody, jsonBody, parseJsonBytes, rawBody } from '../http/request-body.ts';
import { requireStaff } from '../staff/staff-auth.ts';
import type { CentralSql } from '../sql/central-sql.ts';

/**
 * The middleware behind each access rule of the route table: device token, office-hub signature,
 * or a staff session holding one of the route's roles (with CSRF on state-changing requests).
 * The body is read after the guard, never before: a request the guard refuses is answered without
 * its body being parsed (the office-hub rule reads the raw bytes, unparsed, for its signature).
 */
export function createGuardFactory(deps: { devices: DeviceCredentials; sql: CentralSql; clock?: Clock; logger?: Logger; countRefusal?: (kind: string) => void }): GuardFactory {
  const device = requireDevice(deps.devices);
  // HMAC-signed requests from office hubs (hub/central/office-hub-auth.ts, docs/forwarding.md).
  const officeHub = requireOfficeHub({
    sql: deps.sql,
    clock: deps.clock ?? systemClock,
    logger: deps.logger ?? createLogger('guards', { level: 'warn', pretty: false }),
    countRefusal: deps.countRefusal ?? (() => undefined),
  });
  return (access: Access, body?: BodyRule): RequestHandler[] => {
    switch (access.kind) {
      case 'public':
        return parserFor(body);
      case 'device':
        return [device, ...parserFor(body)];
      case 'office-hub':
        return body ? [...officeHub(rawBody(body.limitBytes)), ...(body.kind === 'json' ? [parseSignedJson] : [])] : officeHub(null);
      case 'staff':
        return [requireStaff({ sql: deps.sql, clock: deps.clock ?? systemClock }, access.roles, access.officeScoped), ...parserFor(body)];
    }
  };
}

function parserFor(body: BodyRule | undefined): RequestHandler[] {
  if (!body) return [];
  switch (body.kind) {
    case 'json':
      return [jsonBody(body.limitBytes)];
    case 'form':
      return [formBody(body.limitBytes, body.fields)];
    case 'bytes':
      return [rawBody(body.limitBytes)];
  }
}

/** The signed bytes, once the signature over them is checked, parsed as the route's JSON body. */
function parseSignedJson(req: Request, _res: Response, next: NextFunction): void {
  const parsed = parseJsonBytes(req.rawBody ?? Buffer.alloc(0));
  if (!parsed.ok) return next(parsed.error);
  req.body = parsed.value;
  next();
}
