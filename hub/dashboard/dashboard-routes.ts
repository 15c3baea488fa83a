import { Router } from 'express';
import type { HubContext } from '../context.ts';
import type { Access } from '../http/route-table.ts';
import { scopeFor } from '../staff/staff-auth.ts';
import { ALERTS_ACCESS } from '../alerts/alert-routes.ts';
import { COMMENTS_ACCESS, FIGURES_ACCESS, INVITATION_RATES_ACCESS } from '../reports/api-routes.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { REGISTER_WRITERS } from '../register/register-routes.ts';

/**
 * The CX dashboard page (`GET /dashboard`): the staff app's dashboard screen. Every number on it
 * comes from the JSON API of hub/reports/ (the same query code as the XLSX and CSV).
 */
export function dashboardRoutes(ctx: HubContext): Router {
  const router = Router();
  ctx.routes.add(router, { method: 'get', path: '/dashboard', access: FIGURES_ACCESS, summary: 'панель сектора клиентского опыта: отделы × период, динамика, отзывы' }, (req, res) => {
    // A director sees the figures but not the clients' comments nor the alerts: the page leaves
    // out what the API would refuse this user, instead of showing an error.
    const user = req.staff!.user;
    const may = (access: Access) => access.kind === 'staff' && scopeFor(user, access.roles, false) !== null;
    sendStaffPage(ctx, req, res, { page: 'dashboard', mayComments: may(COMMENTS_ACCESS), mayAlerts: may(ALERTS_ACCESS), mayInvitations: may(INVITATION_RATES_ACCESS), mayTakeIntoWork: may(REGISTER_WRITERS) });
  });
  return router;
}
