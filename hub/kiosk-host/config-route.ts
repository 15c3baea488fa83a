import { Router } from 'express';
import { countRefusal, type HubContext } from '../context.ts';
import { KIOSK_IDLE_SECONDS, type KioskConfig } from '../../shared/protocol/kiosk-config.ts';
import { KIOSK_CONFIG_PATH } from '../../shared/protocol/wire.ts';
import { offeredOnKiosk } from '../../shared/surveys/offer.ts';

/** GET /api/kiosk/config: a kiosk, by its device key, learns its office and the list of services. */
export function kioskConfigRoutes(ctx: HubContext): Router {
  const router = Router();
  ctx.routes.add(router, { method: 'get', path: KIOSK_CONFIG_PATH, access: { kind: 'device' }, summary: 'киоск получает свой отдел, список услуг, время сброса и опросы, которые предлагает сегодня' }, (req, res) => {
    const device = req.device!;
    if (device.kind !== 'kiosk') {
      countRefusal(ctx, 'not-a-kiosk');
      res.status(403).json({ ok: false, error: 'not-a-kiosk', reason: 'этот ключ выдан не киоску, а другому устройству' });
      return;
    }
    const office = ctx.offices.find(device.officeId);
    const config: KioskConfig = {
      deviceId: device.id,
      office: { id: device.officeId, name: office?.name ?? device.officeId, address: office?.address ?? null },
      services: ctx.services.list({ activeOnly: true }).map((s) => ({ id: s.id, name: s.name })),
      idleSeconds: KIOSK_IDLE_SECONDS,
      surveys: ctx.surveyVersions.offered()
        .filter((v) => offeredOnKiosk(v.definition, ctx.clock()))
        .map((v) => ({ surveyId: v.surveyId, version: v.version, definition: v.definition })),
    };
    res.set('cache-control', 'no-store').json(config);
  });
  return router;
}
