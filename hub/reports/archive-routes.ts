import path from 'node:path';
import { Router, type Request } from 'express';
import type { ArchiveResponse } from '../../shared/api/figures.ts';
import type { Role } from '../../shared/roles.ts';
import type { HubContext } from '../context.ts';
import { FIGURES_ROLES, WEEKLY_PANEL_ACCESS, WEEKLY_PANEL_ROLES } from './api-routes.ts';
import { findArchived, listArchive, type ArchivedReport } from './archive.ts';
import { reportsDirOf } from './archive-run.ts';
import { CONTENT_TYPE, REPORT_KIND_LABEL, type ReportFormat, type ReportKind } from './report-files.ts';
import { hubScope, narrowScope, type ReportScope } from './scope.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { scopeFor } from '../staff/staff-auth.ts';

/**
 * The archive of scheduled reports: the list (`GET /api/reports`) and the stored files. Archived
 * reports cover the hub's whole scope, so a report is open to a caller only when the roles that
 * may read its kind (the live export's roles) give that whole scope: an office head on the
 * central gets none and may download only live tables of their own office; АХО, without a
 * figures role, sees only the weekly panel tables. Each kind is judged by its own roles, so a user
 * holding АХО and an office head's role gets the region's weekly panel tables (through АХО) but
 * not the region's monthly survey figures (the office head's role covers one office).
 */
const READERS: Record<ReportKind, readonly Role[]> = { 'weekly-panel': WEEKLY_PANEL_ROLES, monthly: FIGURES_ROLES, 'register-monthly': ['cx', 'director', 'admin'] };

const sameScope = (a: ReportScope, b: ReportScope): boolean =>
  a.officeIds === 'all' ? b.officeIds === 'all' : b.officeIds !== 'all' && a.officeIds.length === b.officeIds.length && a.officeIds.every((id) => b.officeIds.includes(id));

const entryJson = (r: ArchivedReport) => ({
  id: r.id,
  kind: r.kind,
  kindLabel: REPORT_KIND_LABEL[r.kind],
  periodKey: r.periodKey,
  periodLabel: r.periodLabel,
  generatedAt: new Date(r.generatedAt).toISOString(),
  cause: r.cause,
  mailStatus: r.mailStatus,
  mailDetail: r.mailDetail,
  xlsxUrl: `/api/reports/archive/${r.id}/xlsx`,
  csvUrl: `/api/reports/archive/${r.id}/csv`,
});

export function archiveRoutes(ctx: HubContext): Router {
  const router = Router();
  const reportsDir = reportsDirOf(ctx.config.dataDir);
  const whole = hubScope(ctx.config);
  const opens = (req: Request, kind: ReportKind): boolean => {
    const granted = req.staff ? scopeFor(req.staff.user, READERS[kind], true) : null;
    return granted !== null && sameScope(granted.officeIds === 'all' ? whole : narrowScope(whole, granted), whole);
  };

  ctx.routes.add(router, { method: 'get', path: '/api/reports', access: WEEKLY_PANEL_ACCESS, summary: 'архив сформированных по расписанию отчётов' }, async (req, res) => {
    const body: ArchiveResponse = { ok: true, reports: (await listArchive(ctx.sql)).filter((r) => opens(req, r.kind)).map(entryJson) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/reports/archive/:id/:format', access: WEEKLY_PANEL_ACCESS, summary: 'файл отчёта из архива (xlsx | csv)' }, auditOnSuccess(ctx, 'export'), async (req, res) => {
    const id = Number(req.params.id);
    const format = String(req.params.format);
    const found = Number.isSafeInteger(id) ? await findArchived(ctx.sql, id) : null;
    const entry = found && opens(req, found.kind) ? found : null;
    if (!entry || (format !== 'xlsx' && format !== 'csv')) {
      res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого отчёта в архиве' });
      return;
    }
    const relative = format === 'xlsx' ? entry.xlsxFile : entry.csvFile;
    const file = path.resolve(reportsDir, relative);
    if (!file.startsWith(path.resolve(reportsDir) + path.sep)) {
      res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого отчёта в архиве' });
      return;
    }
    res.type(CONTENT_TYPE[format as ReportFormat]).attachment(path.basename(relative));
    res.sendFile(file, (error) => {
      if (error && !res.headersSent) res.status(404).json({ ok: false, error: 'file-missing', reason: 'файл отчёта не найден на диске; сформируйте его заново' });
    });
  });

  return router;
}
