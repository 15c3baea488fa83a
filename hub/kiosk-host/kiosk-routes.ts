import { Router } from 'express';
import type { HubContext } from '../context.ts';
import { kioskAppRoutes } from './app-route.ts';
import { kioskConfigRoutes } from './config-route.ts';
import { servicesRoutes } from './services-routes.ts';

/** Everything the hub does for the kiosk survey: the app itself, its config, the service list. */
export function kioskRoutes(ctx: HubContext): Router {
  const router = Router();
  router.use(kioskAppRoutes(ctx));
  router.use(kioskConfigRoutes(ctx));
  router.use(servicesRoutes(ctx));
  return router;
}
