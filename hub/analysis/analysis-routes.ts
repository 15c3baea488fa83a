import { Router } from 'express';
import type { NegativeFeedback } from '../../shared/api/analysis.ts';
import { parsePeriodKey, periodContaining } from '../../shared/periods.ts';
import type { HubContext } from '../context.ts';
import { FIGURES_ACCESS, orBadRequest } from '../reports/api-routes.ts';
import { CONTENT_TYPE } from '../reports/report-files.ts';
import { periodParam, requestScope, type Parsed } from '../reports/request-params.ts';
import { renderWorkbook } from '../reports/xlsx.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import type { Period } from '../../shared/periods.ts';
import { negativeFeedback } from './negative-feedback.ts';
import { negativeTables } from './negative-table.ts';

/**
 * The analysis loop's routes (issue 19). The monitoring is read by those who read the figures
 * (the CX sector, the director, the admin, office heads for their office) and, unlike the weekly
 * panel table, not by АХО: seed 001 §4.5 keeps it internal.
 */
export function analysisRoutes(ctx: HubContext): Router {
  const router = Router();

  // The seed analyses a quarter: without a period the monitoring shows the current one.
  const quarterByDefault = (query: Record<string, unknown>): Parsed<Period> =>
    query.period === undefined && query.from === undefined && query.to === undefined ? { ok: true, value: periodContaining('quarter', ctx.clock()) } : periodParam(query, ctx.clock());

  ctx.routes.add(router, { method: 'get', path: '/api/analysis/negative', access: FIGURES_ACCESS, summary: 'мониторинг негативной обратной связи: доли с интервалами по отделам и каналам, темы (по умолчанию текущий квартал)' }, async (req, res) => {
    const period = orBadRequest(ctx, res, quarterByDefault(req.query));
    if (!period) return;
    const body: NegativeFeedback = await negativeFeedback(ctx.sql, ctx.records, ctx.offices.list(), { period, scope: requestScope(ctx, req) }, ctx.clock());
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/analysis/negative/:file', access: FIGURES_ACCESS, summary: 'мониторинг негативной обратной связи в XLSX: 2026-Q4.xlsx (не подлежит опубликованию)' }, auditOnSuccess(ctx, 'export'), async (req, res) => {
    const key = /^(.+)\.xlsx$/.exec(String(req.params.file))?.[1];
    const period = orBadRequest(ctx, res, key ? parsePeriodKey(key) : { ok: false, reason: 'period-not-text' });
    if (!period) return;
    const report = await negativeFeedback(ctx.sql, ctx.records, ctx.offices.list(), { period, scope: requestScope(ctx, req), examples: 5 }, ctx.clock());
    const body = await renderWorkbook(negativeTables(report), ctx.clock());
    res.attachment(`negative-feedback-${period.key}.xlsx`).type(CONTENT_TYPE.xlsx).send(body);
  });

  return router;
}
