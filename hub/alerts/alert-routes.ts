import { Router } from 'express';
import type { AlertRulesResponse } from '../../shared/api/settings.ts';
import type { AlertsResponse } from '../../shared/api/figures.ts';
import { DEFAULT_LOW_SCORE_RULES, lowScoreRuleListSchema, MAX_LOW_SCORE_RULES } from '../../shared/alert-rules.ts';
import { describeIssues } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import { z } from '../../shared/zod.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { STAFF_BODY_LIMIT } from '../http/body-limits.ts';
import type { Access } from '../http/route-table.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { orBadRequest } from '../reports/api-routes.ts';
import { reportOffices } from '../reports/report-offices.ts';
import { periodParam, requestScope } from '../reports/request-params.ts';
import { listAlerts } from './low-score-alerts.ts';
import { refuseRegionalEdit, saveRegional } from '../regional-config/regional-change.ts';
import { inWorkByAlert } from '../db/register-rows.ts';

/** Low-score alerts are for the CX sector and the office head (and the admin who configures them). */
export const ALERTS_ACCESS: Access = { kind: 'staff', roles: ['cx', 'office-head', 'admin'], officeScoped: true };
const editors: Access = { kind: 'staff', roles: ['cx', 'admin'], officeScoped: false };
const bodySchema = z.strictObject({ rules: lowScoreRuleListSchema });

/**
 * Low-score alerts over HTTP: the alerts raised in a period (`GET /api/alerts`, for the dashboard),
 * and the CX sector's rules: read by whoever sees the alerts, changed by the CX sector (and the
 * admin) on the page `/alert-rules` or with `PUT /api/alert-rules`, audited as a settings change.
 * The new rules apply from the next press on; alerts already raised stay as they were.
 */
export function alertRoutes(ctx: HubContext): Router {
  const router = Router();
  ctx.routes.add(router, { method: 'get', path: '/api/alerts', access: ALERTS_ACCESS, summary: 'сигналы о низких оценках на пультах за период' }, async (req, res) => {
    const period = orBadRequest(ctx, res, periodParam(req.query, ctx.clock()));
    if (!period) return;
    const offices = await reportOffices(ctx.sql, ctx.records, ctx.offices.list(), requestScope(ctx, req), period);
    const names = new Map(offices.map((o) => [o.id, o.name]));
    const listed = await listAlerts(ctx.sql, [...names.keys()], period.start, period.end);
    const inWork = await inWorkByAlert(ctx.sql.db, listed.map((a) => a.id));
    const alerts = listed.map((a) => ({
      ...a,
      inWork: inWork.get(a.id) ?? null,
      officeName: names.get(a.officeId) ?? a.officeId,
      windowStart: toInstant(a.windowStart),
      windowEnd: toInstant(a.windowEnd),
      raisedAt: toInstant(a.raisedAt),
    }));
    const body: AlertsResponse = { ok: true, period, rules: [...ctx.alertRules.current().rules], alerts };
    res.json(body);
  });

  const json = (): AlertRulesResponse => {
    const set = ctx.alertRules.current();
    return { ok: true, rules: [...set.rules], source: set.source, updatedAt: set.updatedAt === null ? null : toInstant(set.updatedAt), updatedBy: set.updatedBy };
  };

  ctx.routes.add(router, { method: 'get', path: '/api/alert-rules', access: ALERTS_ACCESS, summary: 'правила сигналов о низких оценках' }, (_req, res) => void res.json(json()));

  ctx.routes.add(router, { method: 'put', path: '/api/alert-rules', access: editors, body: { kind: 'json', limitBytes: STAFF_BODY_LIMIT }, summary: 'заменить правила сигналов о низких оценках' }, auditOnSuccess(ctx, 'settings.change'), async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Правила сигналов', true)) return;
    const parsed = bodySchema.safeParse(req.body);
    if (!parsed.success) {
      countRefusal(ctx, 'invalid-alert-rules');
      res.status(400).json({ ok: false, error: 'invalid-alert-rules', reason: describeIssues(parsed.error) });
      return;
    }
    try {
      await saveRegional(ctx, { actor: req.staff!.user.login, what: 'правила сигналов о низких оценках' }, (trx) => ctx.alertRules.replace(trx, parsed.data.rules, req.staff!.user.login, ctx.clock()));
    } finally {
      // The memory takes what the database holds: the new rules, or after a rollback the old ones.
      await ctx.alertRules.load(ctx.sql);
    }
    ctx.logger.info({ rules: parsed.data.rules, by: req.staff!.user.login }, 'low-score alert rules replaced');
    res.json(json());
  });

  ctx.routes.add(router, { method: 'get', path: '/alert-rules', access: editors, summary: 'страница: правила сигналов о низких оценках' }, (req, res) => {
    // The page adds rules as the default one and stops at the schema's limit: both come from here.
    sendStaffPage(ctx, req, res, { page: 'alert-rules', rules: ctx.alertRules.current().rules, newRule: DEFAULT_LOW_SCORE_RULES[0]!, maxRules: MAX_LOW_SCORE_RULES });
  });
  return router;
}
