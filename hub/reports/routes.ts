import { Router } from 'express';
import type { HubContext } from '../context.ts';
import { reportApiRoutes } from './api-routes.ts';
import { archiveRoutes } from './archive-routes.ts';
import { exportRoutes } from './export-routes.ts';

/** What the CX reports serve: figures, drill, trend, comments, exports, the archive. */
export function reportRoutes(ctx: HubContext): Router {
  const router = Router();
  router.use(exportRoutes(ctx));
  router.use(archiveRoutes(ctx));
  router.use(reportApiRoutes(ctx));
  return router;
}
