import type { RequestHandler } from 'express';
import type { HubContext } from '../context.ts';
import { audit, type AuditAction } from './audit.ts';

/**
 * Writes an audit entry when a staff request succeeds (2xx), naming the user, the address and
 * what was asked for. Mounted on the routes whose use must be traceable: exports, settings.
 */
export function auditOnSuccess(ctx: HubContext, action: AuditAction): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      if (res.statusCode < 200 || res.statusCode >= 300) return;
      audit(ctx.sql, { at: ctx.clock(), actor: req.staff?.user.login ?? '(неизвестно)', action, target: req.originalUrl.slice(0, 300), ip: req.ip ?? null }).catch((error: unknown) => {
        // After the answer, an unhandled rejection here would end the process; a full disk must not take the hub down.
        ctx.storage.noteWriteFailure(error);
        ctx.logger.error({ err: error, action, actor: req.staff?.user.login }, 'audit entry could not be written');
      });
    });
    next();
  };
}
