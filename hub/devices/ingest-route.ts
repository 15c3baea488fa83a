import { Router } from 'express';
import { countRefusal, type HubContext } from '../context.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import { INGEST_BODY_LIMIT } from '../http/body-limits.ts';
import { INGEST_PATH } from '../../shared/protocol/wire.ts';

/** POST /api/ingest: devices of this office hand over batches of records. */
export function ingestRoutes(ctx: HubContext): Router {
  const router = Router();
  ctx.routes.add(router, { method: 'post', path: INGEST_PATH, access: { kind: 'device' }, body: { kind: 'json', limitBytes: INGEST_BODY_LIMIT }, summary: 'устройство сдаёт пакет записей (нажатия, анкеты, пульс)' }, (req, res) => {
    const device = req.device!;
    let outcome;
    try {
      outcome = ctx.ingest(req.body, { kind: 'device', deviceId: device.id, officeId: device.officeId });
    } catch (error) {
      answerStorageFailure(ctx, res, error);
      return;
    }
    ctx.storage.noteWriteOk();
    if (!outcome.ok) {
      countRefusal(ctx, outcome.rejection.error);
      ctx.logger.warn({ device: device.id, rejection: outcome.rejection }, 'ingest batch refused');
      res.status(400).json(outcome.rejection);
      return;
    }
    if (outcome.ack.results.some((r) => r.status === 'conflict')) {
      ctx.logger.warn({ device: device.id, conflicts: outcome.ack.results.filter((r) => r.status === 'conflict').map((r) => r.id) }, 'same id, different body: kept in dead_letter');
    }
    res.json(outcome.ack);
    if (outcome.stored.length > 0) ctx.events.emit('stored', outcome.stored);
  });
  return router;
}
