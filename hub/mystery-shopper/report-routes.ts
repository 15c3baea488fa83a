import type { Router } from 'express';
import type { HubContext } from '../context.ts';
import { inScope } from '../staff/staff-auth.ts';
import { ID, officeNamer, READ, refuse, userOf } from './access.ts';
import { buildReport } from './report.ts';
import { periodOf, queryId } from './visit-routes.ts';

/**
 * The справка's data (order No. 308, 2.3: «подготавливает справку о проведенном мероприятии»): one
 * template, a period, optionally an office. An office head gets his office's, the director and
 * the CX sector any. Its page (/mystery-shopper/report) prints it on A4.
 */
export function reportRoutes(ctx: HubContext, router: Router): void {
  ctx.routes.add(router, { method: 'get', path: '/api/mystery-shopper/report', access: READ, summary: 'тайный клиент: справка о проведённом мероприятии (template, period, office) без псевдонимов' }, async (req, res) => {
    const period = periodOf(ctx, req, res);
    if (!period) return;
    const familyId = queryId(req.query.template);
    if (!familyId || !ID.test(familyId)) return refuse(ctx, res, 400, 'invalid', 'выберите анкету', { template: 'выберите анкету' });
    const scope = req.staff!.scope;
    let officeId = queryId(req.query.office) ?? null;
    if (officeId !== null && (!ctx.offices.find(officeId) || !inScope(scope, officeId))) return refuse(ctx, res, 400, 'invalid', 'этот отдел вам недоступен', { office: 'этот отдел вам недоступен' });
    // An office head's справка is his office's, and says so.
    if (officeId === null && scope.officeIds !== 'all' && scope.officeIds.length === 1) officeId = scope.officeIds[0]!;
    const user = userOf(req);
    const report = await buildReport(ctx.sql, { period, familyId, officeId, scope, officeName: officeNamer(ctx), now: ctx.clock(), preparedBy: user.displayName });
    if (!report) return refuse(ctx, res, 404, 'not-found', 'нет такой анкеты', { template: 'нет такой анкеты' });
    res.set('cache-control', 'no-store').json(report);
  });
}
