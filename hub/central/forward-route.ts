import { Router } from 'express';
import { describeIssues } from '../../shared/records.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { forwardRequestSchema } from '../../shared/protocol/forward.ts';
import { FORWARD_BODY_LIMIT } from '../http/body-limits.ts';
import { sendSigned } from '../http/signed-answer.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import { createBatchReceiver } from './receive-batch.ts';
import { currentRevision } from '../regional-config/revisions.ts';
import { FORWARD_PATH, HUB_HEADER } from '../../shared/protocol/wire.ts';

/**
 * POST /api/forward on the central: an office hub delivers a signed batch. The answer is the
 * ingest ack, per record, signed back with the office's key; 400 stores nothing; a database
 * failure answers 503 + Retry-After and acknowledges nothing.
 */
export function forwardReceiveRoutes(ctx: HubContext): Router {
  const router = Router();
  const receive = createBatchReceiver(ctx.db, ctx.sql, ctx.ingest, ctx.recordWriter);

  ctx.routes.add(router, { method: 'post', path: FORWARD_PATH, access: { kind: 'office-hub' }, body: { kind: 'json', limitBytes: FORWARD_BODY_LIMIT }, summary: 'офисный хаб сдаёт пакет записей центральному сборщику (подпись HMAC)' }, async (req, res) => {
    const hub = req.officeHub!;
    if (ctx.config.role !== 'central') {
      return void sendSigned(res, hub, 404, { ok: false, error: 'not-central', reason: 'этот хаб не центральный сборщик' });
    }
    const envelope = forwardRequestSchema.safeParse(req.body);
    if (!envelope.success) {
      countRefusal(ctx, 'invalid-batch');
      ctx.logger.warn({ office: hub.officeId, reason: describeIssues(envelope.error) }, 'forwarded batch refused');
      return void sendSigned(res, hub, 400, { ok: false, error: 'invalid-batch', reason: describeIssues(envelope.error), invalid: [] });
    }
    let outcome;
    try {
      outcome = await receive(envelope.data, hub, ctx.clock());
    } catch (error) {
      answerStorageFailure(ctx, res, error);
      return;
    }
    ctx.storage.noteWriteOk();
    if (!outcome.ok) {
      countRefusal(ctx, outcome.rejection.error);
      ctx.logger.warn({ office: hub.officeId, rejection: { ...outcome.rejection, invalid: outcome.rejection.invalid.slice(0, 10) } }, 'forwarded batch refused');
      return void sendSigned(res, hub, 400, outcome.rejection);
    }
    const conflicts = outcome.ack.results.filter((r) => r.status === 'conflict').map((r) => r.id);
    if (conflicts.length > 0) ctx.logger.warn({ office: hub.officeId, conflicts }, 'same id, different body from an office hub: kept in dead_letter');
    // Tells the office a newer regional configuration exists, so it pulls now rather than at its next round.
    const revision = await readRevision(ctx);
    if (revision !== null) res.set(HUB_HEADER.configRevision, String(revision));
    sendSigned(res, hub, 200, outcome.ack);
    if (outcome.stored.length > 0) ctx.events.emit('stored', outcome.stored);
  });
  return router;
}

async function readRevision(ctx: HubContext): Promise<number | null> {
  try {
    return (await currentRevision(ctx.sql))?.revision ?? null;
  } catch {
    return null;
  }
}
