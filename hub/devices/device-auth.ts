import type { NextFunction, Request, Response } from 'express';
import type { Device, DeviceCredentials } from './credentials.ts';
import { closeAfterRefusal } from '../http/request-body.ts';

declare module 'express-serve-static-core' {
  interface Request {
    device?: Device;
  }
}

/** Lets a request through only with the bearer token of a registered, unrevoked device (read from memory, ctx.devices). */
export function requireDevice(devices: DeviceCredentials) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const device = token ? devices.authenticate(token) : null;
    if (!device) {
      closeAfterRefusal(req, res);
      res.status(401).json({ ok: false, error: 'unauthorized', reason: 'нужен действующий ключ устройства (Authorization: Bearer …)' });
      return;
    }
    req.device = device;
    next();
  };
}
