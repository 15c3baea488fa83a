import express, { type NextFunction, type Request, type Response } from 'express';
import { MAX_BATCH_BYTES } from '../../shared/protocol/ingest.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { compressText } from './compression.ts';
import { healthRoutes } from './health.ts';
import { ingestRoutes } from './ingest-route.ts';
import { securityHeaders } from './security-headers.ts';
import { centralRoutes } from '../central/central-routes.ts';
import { forwardReceiveRoutes } from '../central/forward-route.ts';
import { keepRawBody } from '../central/office-hub-auth.ts';
import { forwardRoutes } from '../forward/forward-routes.ts';
import { adminRoutes } from '../staff/admin-routes.ts';
import { homeRoutes } from '../staff/home-routes.ts';
import { loginRoutes } from '../staff/login-routes.ts';
import { reportRoutes } from '../reports/routes.ts';
import { dashboardRoutes } from '../dashboard/dashboard-routes.ts';
import { boardRoutes } from '../board/board-routes.ts';
import { kioskRoutes } from '../kiosk/kiosk-routes.ts';
import { publicGate, publicRoutes } from '../invitations/public-routes.ts';
import { inviteRoutes } from '../invitations/invite-routes.ts';
import { invitationCodeRoutes } from '../invitations/code-routes.ts';
import { posterRoutes } from '../invitations/poster-routes.ts';

/** The hub's HTTP surface. Each area adds one router here; routes call db/ and services, never SQL. */
export function createApp(ctx: HubContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind the deployment's reverse proxy on the same machine, the client address comes from it.
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  app.use(compressText());
  // Phones' public endpoints: rate limit and a small body limit, before the 2 MB parser below.
  app.use(publicGate(ctx));
  // verify keeps the exact bytes: office hubs' HMAC signatures cover them (hub/central/office-hub-auth.ts).
  app.use(express.json({ limit: MAX_BATCH_BYTES * 2, verify: keepRawBody }));

  app.use(healthRoutes(ctx));
  app.use(ingestRoutes(ctx));
  app.use(forwardRoutes(ctx));
  app.use(forwardReceiveRoutes(ctx));
  app.use(centralRoutes(ctx));
  app.use(loginRoutes(ctx));
  app.use(homeRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(reportRoutes(ctx));
  app.use(dashboardRoutes(ctx));
  app.use(boardRoutes(ctx));
  app.use(kioskRoutes(ctx));
  app.use(publicRoutes(ctx));
  app.use(inviteRoutes(ctx));
  app.use(invitationCodeRoutes(ctx));
  app.use(posterRoutes(ctx));

  app.use('/api', (_req, res) => {
    res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого адреса API' });
  });
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const type = (err as { type?: string }).type;
    if (type === 'entity.parse.failed') {
      countRefusal(ctx, 'malformed-json');
      res.status(400).json({ ok: false, error: 'malformed-json', reason: 'тело запроса не является JSON' });
      return;
    }
    if (type === 'entity.too.large') {
      countRefusal(ctx, 'too-large');
      res.status(413).json({ ok: false, error: 'too-large', reason: 'слишком большой запрос' });
      return;
    }
    ctx.logger.error({ err, path: req.path }, 'unhandled error');
    res.status(500).json({ ok: false, error: 'internal', reason: 'внутренняя ошибка хаба' });
  });
  return app;
}
