import { Router, type Request, type Response } from 'express';
import { countRefusal, type HubContext } from '../context.ts';
import { COMMENTS_ACCESS, FIGURES_ACCESS, orBadRequest, WEEKLY_PANEL_ACCESS } from './api-routes.ts';
import { commentFeed, MAX_COMMENT_PAGE } from './comments.ts';
import { commentsTable } from './comments-table.ts';
import { renderCsv } from './csv.ts';
import { buildReport, CONTENT_TYPE, reportFileName, reportPeriod, type FigureReportKind, type ReportFormat } from './report-files.ts';
import { commentParam, requestScope } from './request-params.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';

/**
 * Downloads: the weekly panel table and the monthly CSAT / NPS / CES table as XLSX or CSV for any
 * period, and the filtered comments as CSV. Same query code as /api/figures.
 */
const FILE_RE = /^(.+)\.(xlsx|csv)$/;

export function exportRoutes(ctx: HubContext): Router {
  const router = Router();

  const download = (kind: FigureReportKind) => async (req: Request, res: Response) => {
    const m = FILE_RE.exec(String(req.params.file));
    if (!m) {
      countRefusal(ctx, 'bad-report-query');
      res.status(400).json({ ok: false, error: 'bad-query', reason: 'адрес отчёта должен оканчиваться на .xlsx или .csv' });
      return;
    }
    const now = ctx.clock();
    const period = orBadRequest(ctx, res, reportPeriod(kind, m[1] ?? '', now));
    if (!period) return;
    const format = m[2] as ReportFormat;
    const body = await buildReport(ctx.sql, ctx.records, ctx.offices.list(), kind, period, format, requestScope(ctx, req), now);
    res.attachment(reportFileName(kind, period.key, format)).type(CONTENT_TYPE[format]).send(body);
  };

  ctx.routes.add(router, { method: 'get', path: '/api/reports/weekly-panel/:file', access: WEEKLY_PANEL_ACCESS, summary: 'недельная таблица пультов за любую неделю: 2026-W48.xlsx | .csv, last.xlsx — прошлая неделя' }, auditOnSuccess(ctx, 'export'), download('weekly-panel'));
  ctx.routes.add(router, { method: 'get', path: '/api/reports/monthly/:file', access: FIGURES_ACCESS, summary: 'CSAT / NPS / CES за месяц: 2026-11.xlsx | .csv, last.xlsx — прошлый месяц' }, auditOnSuccess(ctx, 'export'), download('monthly'));

  ctx.routes.add(router, { method: 'get', path: '/api/comments.csv', access: COMMENTS_ACCESS, summary: 'выгрузка отфильтрованных комментариев в CSV' }, auditOnSuccess(ctx, 'export'), async (req, res) => {
    const query = orBadRequest(ctx, res, commentParam(req.query, ctx.clock()));
    if (!query) return;
    const page = await commentFeed(ctx.sql, ctx.services.list({ activeOnly: false }), ctx.records, ctx.offices.list(), { ...query, limit: MAX_COMMENT_PAGE, before: null }, requestScope(ctx, req));
    res.attachment(`comments-${query.period.key}.csv`).type(CONTENT_TYPE.csv).send(renderCsv(commentsTable(page.entries)));
  });

  return router;
}
