import type { Request, Response, Router } from 'express';
import type { VisitListResponse, VisitResponse, VisitSavedResponse } from '../../shared/api/mystery-shopper.ts';
import { visitCreateSchema, visitUpdateSchema } from '../../shared/mystery-shopper.ts';
import { parsePeriodKey, periodContaining, periodRefusalText, type Period } from '../../shared/periods.ts';
import type { HubContext } from '../context.ts';
import { MYSTERY_VISIT_BODY_LIMIT } from '../http/body-limits.ts';
import { createRegisterStore } from '../register/register-store.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { inScope } from '../staff/staff-auth.ts';
import { EDIT, ID, isInsider, mayEdit, officeNamer, READ, refuse, refuseInvalid, userOf, write } from './access.ts';
import { namedOfficeScores, periodDays } from './report.ts';
import { visitProblems } from './visit-checks.ts';
import { findTemplate } from './template-store.ts';
import { approveVisit, createVisit, findVisit, findVisitListRow, listVisits, updateVisit, visitRowView, type VisitDbRow, type VisitOutcome } from './visit-store.ts';
import { visitView } from './visit-view.ts';

/**
 * Visits of the «тайный» client: the list with each office's score, one visit, a new visit (its id
 * born in the form), its edits until the report is approved, and the approval. Office heads read
 * their office's; the CX sector and the admin write; every write is audited.
 */
export function periodOf(ctx: HubContext, req: Request, res: Response): Period | null {
  const key = typeof req.query.period === 'string' && req.query.period !== '' ? req.query.period : periodContaining('quarter', ctx.clock()).key;
  const parsed = parsePeriodKey(key.slice(0, 40));
  if (parsed.ok) return parsed.value;
  refuse(ctx, res, 400, 'bad-period', periodRefusalText(parsed), { period: periodRefusalText(parsed) });
  return null;
}

export const queryId = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value.slice(0, 60) : undefined);

export function visitRoutes(ctx: HubContext, router: Router): void {
  const register = createRegisterStore(ctx.sql);
  const json = { kind: 'json', limitBytes: MYSTERY_VISIT_BODY_LIMIT } as const;
  const audited = auditOnSuccess(ctx, 'mystery-shopper.change');
  /** The visit if this user may see it; 404 otherwise, so an office head cannot probe other offices' ids. */
  const visitFor = async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const row = ID.test(id) ? await findVisitListRow(ctx.sql, id) : null;
    if (!row || !inScope(req.staff!.scope, row.office_id)) {
      refuse(ctx, res, 404, 'not-found', 'нет такого визита');
      return null;
    }
    return row;
  };
  const answer = (res: Response, outcome: VisitOutcome | null): void => {
    if (!outcome) return;
    if (!outcome.ok) {
      const status = outcome.error === 'not-found' ? 404 : outcome.error === 'fixed' ? 400 : 409;
      return refuse(ctx, res, status, outcome.error, outcome.reason, outcome.field ? { [outcome.field]: outcome.reason } : {});
    }
    const row: VisitDbRow = outcome.row;
    const body: VisitSavedResponse = { ok: true, id: row.id, status: outcome.status, score: row.score, revision: row.revision, registerEntryId: row.register_entry_id };
    res.status(outcome.status === 'stored' ? 201 : 200).json(body);
  };

  ctx.routes.add(router, { method: 'get', path: '/api/mystery-shopper/visits', access: READ, summary: 'тайный клиент: визиты за период (period, office, template) и оценка каждого отдела по утверждённым' }, async (req, res) => {
    const period = periodOf(ctx, req, res);
    if (!period) return;
    const name = officeNamer(ctx);
    const rows = await listVisits(ctx.sql, { ...periodDays(period), officeId: queryId(req.query.office), familyId: queryId(req.query.template) }, req.staff!.scope);
    const body: VisitListResponse = {
      ok: true,
      period,
      rows: rows.map((r) => visitRowView(r, name)),
      officeScores: namedOfficeScores(rows.filter((r) => r.approved_at !== null), name),
      mayEdit: mayEdit(userOf(req)),
    };
    res.set('cache-control', 'no-store').json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/mystery-shopper/visits/:id', access: READ, summary: 'тайный клиент: визит (псевдоним, автор записи и файлы — только сектору КО, администратору, директору)' }, async (req, res) => {
    const row = await visitFor(req, res);
    if (!row) return;
    const user = userOf(req);
    const body: VisitResponse = { ok: true, visit: await visitView(ctx.sql, row, officeNamer(ctx), isInsider(user)), mayEdit: mayEdit(user) && row.approved_at === null };
    res.set('cache-control', 'no-store').json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/mystery-shopper/visits', access: EDIT, body: json, summary: 'тайный клиент: записать визит (номер из формы); открывает запись в реестре обращений' }, audited, async (req, res) => {
    const parsed = visitCreateSchema.safeParse(req.body);
    if (!parsed.success) return refuseInvalid(ctx, res, parsed.error);
    const now = ctx.clock();
    // A visit already held answers as a resend (200) or a conflict (409), whatever has changed around it since.
    const held = await findVisit(ctx.sql, parsed.data.id);
    const checked = held ? { template: await findTemplate(ctx.sql, held.template_id), fields: {} } : await visitProblems(ctx.sql, parsed.data.content, now, true);
    const { template, fields } = checked;
    if (!template || Object.keys(fields).length > 0) return refuse(ctx, res, 400, 'invalid', Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join('; '), fields);
    answer(res, await write(ctx, res, () => createVisit(ctx.sql, register, parsed.data.id, parsed.data.content, template, userOf(req).login, now)));
  });

  ctx.routes.add(router, { method: 'put', path: '/api/mystery-shopper/visits/:id', access: EDIT, body: json, summary: 'тайный клиент: изменить визит, пока отчёт не утверждён' }, audited, async (req, res) => {
    const row = await visitFor(req, res);
    if (!row) return;
    const parsed = visitUpdateSchema.safeParse(req.body);
    if (!parsed.success) return refuseInvalid(ctx, res, parsed.error);
    const now = ctx.clock();
    const { template, fields } = await visitProblems(ctx.sql, parsed.data.content, now, false);
    if (!template || Object.keys(fields).length > 0) return refuse(ctx, res, 400, 'invalid', Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join('; '), fields);
    answer(res, await write(ctx, res, () => updateVisit(ctx.sql, register, row.id, parsed.data.revision, parsed.data.content, template, userOf(req).login, now)));
  });

  ctx.routes.add(router, { method: 'post', path: '/api/mystery-shopper/visits/:id/approve', access: EDIT, summary: 'тайный клиент: утвердить отчёт о визите (после этого визит и файлы не меняются)' }, audited, async (req, res) => {
    const row = await visitFor(req, res);
    if (!row) return;
    answer(res, await write(ctx, res, () => approveVisit(ctx.sql, row.id, userOf(req).login, ctx.clock())));
  });
}
