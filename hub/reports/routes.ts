import { Router } from 'express';
import type { HubContext } from '../context.ts';
import { alertRuleRoutes } from '../alerts/alert-routes.ts';
import { reportApiRoutes } from './api-routes.ts';
import { archiveRoutes } from './archive-routes.ts';
import { exportRoutes } from './export-routes.ts';

/** What the CX reports serve: figures, drill, trend, comments, exports, archive, alert rules. */
export function reportRoutes(ctx: HubContext): Router {
  const router = Router();
  router.use(exportRoutes(ctx));
  router.use(archiveRoutes(ctx));
  router.use(reportApiRoutes(ctx));
  router.use(alertRuleRoutes(ctx));
  return router;
}
