import { Router } from 'express';
import type { RegionalConfigAnswer } from '../../shared/protocol/regional-config.ts';
import { REGIONAL_CONFIG_PATH } from '../../shared/protocol/wire.ts';
import type { HubContext } from '../context.ts';
import { sendSigned } from '../http/signed-answer.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import { cutRegionalConfig } from './snapshot.ts';
import { recordOfficeReport } from './revisions.ts';

/**
 * GET /api/forward/config?have=N on the central: an office hub pulls the regional configuration,
 * signed with its office key (hub/central/office-hub-auth.ts); the answer is signed back with it,
 * bound to this very request's signature, so a captured answer cannot be passed off as the answer
 * to another pull. `have` is what the office holds: recorded (the /central overview shows it), and
 * when it is the newest revision the answer carries no snapshot.
 */
export function regionalConfigRoutes(ctx: HubContext): Router {
  const router = Router();
  ctx.routes.add(router, { method: 'get', path: REGIONAL_CONFIG_PATH, access: { kind: 'office-hub' }, summary: 'офисный хаб получает настройки области: отделы, услуги, правила сигналов, часы работы, учётные записи (подпись HMAC)' }, async (req, res) => {
    const hub = req.officeHub!;
    if (ctx.config.role !== 'central') return void sendSigned(res, hub, 404, { ok: false, error: 'not-central', reason: 'этот хаб не центральный сборщик' });
    const haveText = typeof req.query.have === 'string' ? req.query.have : '0';
    if (!/^\d{1,12}$/.test(haveText)) return void sendSigned(res, hub, 400, { ok: false, error: 'bad-have', reason: 'have — номер ревизии, целое число' });
    const have = Number(haveText);
    let answer: RegionalConfigAnswer;
    try {
      if (have > 0) await recordOfficeReport(ctx.sql, hub.officeId, have, ctx.clock());
      answer = { ok: true, ...(await cutRegionalConfig(ctx.sql, ctx.config, hub.officeId, have)) };
    } catch (error) {
      answerStorageFailure(ctx, res, error);
      return;
    }
    res.set('cache-control', 'no-store');
    sendSigned(res, hub, 200, answer);
  });
  return router;
}

