import express, { type NextFunction, type Request, type Response } from 'express';
import { countRefusal, type HubContext } from '../context.ts';
import { compressText } from '../http/compression.ts';
import { healthRoutes } from '../health/health-routes.ts';
import { MAX_JSON_DEPTH } from '../http/request-body.ts';
import { ingestRoutes } from '../devices/ingest-route.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { centralRoutes } from '../central/central-routes.ts';
import { forwardReceiveRoutes } from '../central/forward-route.ts';
import { forwardRoutes } from '../forward/forward-routes.ts';
import { regionalConfigRoutes } from '../regional-config/config-route.ts';
import { officeRoutes } from '../central/office-routes.ts';
import { adminRoutes } from '../staff-app/admin-routes.ts';
import { homeRoutes } from '../staff-app/home-routes.ts';
import { loginRoutes } from '../staff-app/login-routes.ts';
import { reportRoutes } from '../reports/routes.ts';
import { analysisRoutes } from '../analysis/analysis-routes.ts';
import { painMapRoutes } from '../pain-map/pain-map-routes.ts';
import { mysteryShopperRoutes } from '../mystery-shopper/mystery-shopper-routes.ts';
import { alertRoutes } from '../alerts/alert-routes.ts';
import { dashboardRoutes } from '../dashboard/dashboard-routes.ts';
import { boardRoutes } from '../board/board-routes.ts';
import { kioskRoutes } from '../kiosk-host/kiosk-routes.ts';
import { publicGate, publicRoutes } from '../invitations/public-routes.ts';
import { inviteRoutes } from '../invitations/invite-routes.ts';
import { invitationCodeRoutes } from '../invitations/code-routes.ts';
import { posterRoutes } from '../invitations/poster-routes.ts';
import { registerRoutes } from '../register/register-routes.ts';
import { commentInWorkRoutes } from '../register/comment-in-work.ts';
import { phoneSurveyRoutes } from '../phone-survey/phone-routes.ts';
import { surveyPages } from '../surveys/survey-pages.ts';
import { surveyRoutes } from '../surveys/survey-routes.ts';
import { staffSurveyRoutes } from '../surveys/staff-survey-routes.ts';
import { interviewerRoutes } from '../interviewer/interviewer-routes.ts';
import { summaryListRoutes } from '../interviewer/summary-list-routes.ts';
import { MAX_BATCH_BYTES } from '../../shared/protocol/wire.ts';
import { accountRoutes } from '../staff-app/account-routes.ts';
import { staffAppAssetRoutes } from '../staff-app/asset-routes.ts';
import { PageProblem, wantsPage } from '../http/page-request.ts';
import { answerStorageFailure, isStorageFailure } from '../http/storage-failure.ts';
import { notFound, sendProblemPage } from '../staff-app/page-problems.ts';

/** The hub's HTTP surface. Each area adds one router here; routes call db/ and services, never SQL. */
export function createApp(ctx: HubContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind the deployment's reverse proxy on the same machine, the client address comes from it.
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  app.use(compressText());
  // Phones' public endpoints: a per-address rate limit before anything else.
  app.use(publicGate(ctx));
  // No body parser here: each route reads its body after its guard, within its own limit
  // (route-table.ts, body-limits.ts), so an anonymous request never costs a parse.

  app.use(healthRoutes(ctx));
  app.use(ingestRoutes(ctx));
  app.use(forwardRoutes(ctx));
  app.use(forwardReceiveRoutes(ctx));
  app.use(regionalConfigRoutes(ctx));
  app.use(centralRoutes(ctx));
  app.use(officeRoutes(ctx));
  app.use(loginRoutes(ctx));
  app.use(homeRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(reportRoutes(ctx));
  app.use(analysisRoutes(ctx));
  app.use(painMapRoutes(ctx));
  app.use(mysteryShopperRoutes(ctx));
  app.use(alertRoutes(ctx));
  app.use(dashboardRoutes(ctx));
  app.use(boardRoutes(ctx));
  app.use(kioskRoutes(ctx));
  app.use(publicRoutes(ctx));
  app.use(inviteRoutes(ctx));
  app.use(invitationCodeRoutes(ctx));
  app.use(posterRoutes(ctx));
  app.use(registerRoutes(ctx));
  app.use(commentInWorkRoutes(ctx));
  app.use(phoneSurveyRoutes(ctx));
  app.use(surveyRoutes(ctx));
  app.use(staffSurveyRoutes(ctx));
  app.use(interviewerRoutes(ctx));
  app.use(summaryListRoutes(ctx));
  app.use(surveyPages(ctx));
  app.use(accountRoutes(ctx));
  app.use(staffAppAssetRoutes(ctx));

  app.use('/api', (_req, res) => {
    res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого адреса API' });
  });
  app.use(notFound(ctx));
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof PageProblem) return sendProblemPage(ctx, req, res, err.status);
    // A route that does not catch its own storage failure still answers 503 with Retry-After, not 500:
    // its transaction was rolled back, so nothing of the request is kept and the sender may come again.
    if (isStorageFailure(err)) return answerStorageFailure(ctx, res, err);
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
    if (type === 'entity.too.deep') {
      countRefusal(ctx, 'too-deep');
      res.status(400).json({ ok: false, error: 'too-deep', reason: `JSON вложен глубже ${MAX_JSON_DEPTH} уровней` });
      return;
    }
    const status = (err as { status?: unknown }).status;
    if (type !== undefined && typeof status === 'number' && status >= 400 && status < 500) {
      // The body parser's other refusals: an unsupported charset or encoding, an aborted upload.
      countRefusal(ctx, 'bad-body');
      res.status(status).json({ ok: false, error: 'bad-body', reason: 'тело запроса не прочитано' });
      return;
    }
    ctx.logger.error({ err, path: req.path }, 'unhandled error');
    if (wantsPage(req)) return sendProblemPage(ctx, req, res, 500);
    res.status(500).json({ ok: false, error: 'internal', reason: 'внутренняя ошибка хаба' });
  });
  return app;
}
