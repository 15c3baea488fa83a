import { Router } from 'express';
import type { AlertRulesResponse } from '../../shared/api/settings.ts';
import { DEFAULT_LOW_SCORE_RULES, lowScoreRuleListSchema, MAX_LOW_SCORE_RULES } from '../../shared/alert-rules.ts';
import { describeIssues } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import { z } from '../../shared/zod.ts';
import { countRefusal, type HubContext } from '../context.ts';
import type { Access } from '../http/route-table.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { ALERTS_ACCESS } from './api-routes.ts';

/**
 * The CX sector's low-score alert rules: read by whoever sees the alerts, changed by the CX sector
 * (and the admin) on the page `/alert-rules` or with `PUT /api/alert-rules`, audited as a settings
 * change. The new rules apply from the next press on; alerts already raised stay as they were.
 */
const editors: Access = { kind: 'staff', roles: ['cx', 'admin'], officeScoped: false };
const bodySchema = z.strictObject({ rules: lowScoreRuleListSchema });

export function alertRuleRoutes(ctx: HubContext): Router {
  const router = Router();
  const json = (): AlertRulesResponse => {
    const set = ctx.alertRules.current();
    return { ok: true, rules: [...set.rules], source: set.source, updatedAt: set.updatedAt === null ? null : toInstant(set.updatedAt), updatedBy: set.updatedBy };
  };

  ctx.routes.add(router, { method: 'get', path: '/api/alert-rules', access: ALERTS_ACCESS, summary: 'правила сигналов о низких оценках' }, (_req, res) => void res.json(json()));

  ctx.routes.add(router, { method: 'put', path: '/api/alert-rules', access: editors, summary: 'заменить правила сигналов о низких оценках' }, auditOnSuccess(ctx, 'settings.change'), (req, res) => {
    const parsed = bodySchema.safeParse(req.body);
    if (!parsed.success) {
      countRefusal(ctx, 'invalid-alert-rules');
      res.status(400).json({ ok: false, error: 'invalid-alert-rules', reason: describeIssues(parsed.error) });
      return;
    }
    ctx.alertRules.replace(parsed.data.rules, req.staff!.user.login, ctx.clock());
    ctx.logger.info({ rules: parsed.data.rules, by: req.staff!.user.login }, 'low-score alert rules replaced');
    res.json(json());
  });

  ctx.routes.add(router, { method: 'get', path: '/alert-rules', access: editors, summary: 'страница: правила сигналов о низких оценках' }, (req, res) => {
    // The page adds rules as the default one and stops at the schema's limit: both come from here.
    sendStaffPage(ctx, req, res, { page: 'alert-rules', rules: ctx.alertRules.current().rules, newRule: DEFAULT_LOW_SCORE_RULES[0]!, maxRules: MAX_LOW_SCORE_RULES });
  });
  return router;
}
