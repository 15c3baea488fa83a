import { Router, type Response } from 'express';
import type { CommentsResponse, DrillResponse, FiguresResponse, HeatmapResponse, InvitationRatesResponse, TrendResponse } from '../../shared/api/figures.ts';
import type { Role } from '../../shared/roles.ts';
import { toInstant } from '../../shared/time.ts';
import { countRefusal, type HubContext } from '../context.ts';
import type { Access } from '../http/route-table.ts';
import { commentFeed } from './comments.ts';
import { officeDrill } from './drill.ts';
import { officeFigures } from './figures.ts';
import { commentParam, periodParam, queryRefusalText, requestScope, trendParam, type Parsed } from './request-params.ts';
import { narrowScope } from './scope.ts';
import { officeTrend } from './trend.ts';
import { panelHeatmap } from './heatmap.ts';
import { invitationRates } from './invitation-rates.ts';

/**
 * The JSON API behind the CX dashboard: every figure the dashboard shows comes from these routes,
 * and they call the same query functions as the XLSX and CSV exports.
 */
export const FIGURES_ROLES: readonly Role[] = ['admin', 'cx', 'director', 'office-head'];
export const COMMENTS_ROLES: readonly Role[] = ['cx', 'office-head', 'admin'];
export const FIGURES_ACCESS: Access = { kind: 'staff', roles: FIGURES_ROLES, officeScoped: true };
/**
 * The weekly panel table replaces the summary АХО exports by hand today, so АХО downloads it too
 * (only that table: the survey figures and comments stay with the roles above).
 */
export const WEEKLY_PANEL_ROLES: readonly Role[] = [...FIGURES_ROLES, 'aho'];
export const WEEKLY_PANEL_ACCESS: Access = { kind: 'staff', roles: WEEKLY_PANEL_ROLES, officeScoped: true };
export const COMMENTS_ACCESS: Access = { kind: 'staff', roles: COMMENTS_ROLES, officeScoped: true };
/** How many invitations were answered: a figure like the others, for those who see the figures. */
export const INVITATION_RATES_ACCESS: Access = FIGURES_ACCESS;

/** Answers 400 with the reason, in Russian, when a parameter is wrong; returns the value otherwise. */
export function orBadRequest<T>(ctx: HubContext, res: Response, parsed: Parsed<T>): T | null {
  if (parsed.ok) return parsed.value;
  countRefusal(ctx, 'bad-report-query');
  res.status(400).json({ ok: false, error: 'bad-query', reason: queryRefusalText(parsed) });
  return null;
}

export function reportApiRoutes(ctx: HubContext): Router {
  const router = Router();

  ctx.routes.add(router, { method: 'get', path: '/api/figures', access: FIGURES_ACCESS, summary: 'таблица отделы × период: средний балл пульта, CSAT, NPS, CES с n' }, async (req, res) => {
    const period = orBadRequest(ctx, res, periodParam(req.query, ctx.clock()));
    if (!period) return;
    const body: FiguresResponse = { ok: true, generatedAt: toInstant(ctx.clock()), ...(await officeFigures(ctx.sql, ctx.records, ctx.offices.list(), period, requestScope(ctx, req))) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/figures/office/:officeId', access: FIGURES_ACCESS, summary: 'один отдел: по окнам, услугам, каналам' }, async (req, res) => {
    const period = orBadRequest(ctx, res, periodParam(req.query, ctx.clock()));
    if (!period) return;
    const drill = await officeDrill(ctx.sql, ctx.services.list({ activeOnly: false }), ctx.records, ctx.offices.list(), period, String(req.params.officeId), requestScope(ctx, req));
    if (!drill.ok) {
      res.status(404).json({ ok: false, error: drill.reason, reason: 'нет такого отдела или он вне вашей области видимости' });
      return;
    }
    const body: DrillResponse = { ok: true, generatedAt: toInstant(ctx.clock()), ...drill.value };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/trend', access: FIGURES_ACCESS, summary: 'динамика показателей по неделям или месяцам' }, async (req, res) => {
    const query = orBadRequest(ctx, res, trendParam(req.query, ctx.clock()));
    if (!query) return;
    const body: TrendResponse = { ok: true, generatedAt: toInstant(ctx.clock()), ...(await officeTrend(ctx.sql, ctx.records, ctx.offices.list(), query, requestScope(ctx, req))) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/comments', access: COMMENTS_ACCESS, summary: 'лента комментариев клиентов с фильтрами и поиском' }, async (req, res) => {
    const query = orBadRequest(ctx, res, commentParam(req.query, ctx.clock()));
    if (!query) return;
    const body: CommentsResponse = { ok: true, period: query.period, ...(await commentFeed(ctx.sql, ctx.services.list({ activeOnly: false }), ctx.records, ctx.offices.list(), query, requestScope(ctx, req))) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/figures/heatmap', access: FIGURES_ACCESS, summary: 'средний балл пультов по дням недели и часам (московское время)' }, async (req, res) => {
    const period = orBadRequest(ctx, res, periodParam(req.query, ctx.clock()));
    if (!period) return;
    const office = typeof req.query.office === 'string' && req.query.office !== '' ? req.query.office : null;
    const scope = requestScope(ctx, req);
    const body: HeatmapResponse = { ok: true, period, officeId: office, ...(await panelHeatmap(ctx.sql, ctx.records, ctx.offices.list(), period, office === null ? scope : narrowScope(scope, { officeIds: [office] }))) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/invitations/response-rate', access: INVITATION_RATES_ACCESS, summary: 'приглашения к опросу: выдано и отвечено по отделам за период' }, async (req, res) => {
    const period = orBadRequest(ctx, res, periodParam(req.query, ctx.clock()));
    if (!period) return;
    const body: InvitationRatesResponse = { ok: true, period, ...(await invitationRates(ctx.sql, ctx.records, ctx.offices.list(), ctx.config, period, requestScope(ctx, req))) };
    res.json(body);
  });

  return router;
}
