import { Router, type Request, type Response } from 'express';
import {
  evidenceInputSchema,
  measureInputSchema,
  measurePatchSchema,
  painInputSchema,
  painPatchSchema,
  reviewInputSchema,
  type PainMapResponse,
} from '../../shared/api/pain-map.ts';
import { moscowDay, parsePeriodKey, periodContaining } from '../../shared/periods.ts';
import { describeIssues } from '../../shared/records.ts';
import type { Role } from '../../shared/roles.ts';
import type { z } from '../../shared/zod.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { STAFF_BODY_LIMIT } from '../http/body-limits.ts';
import type { Access } from '../http/route-table.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import { CONTENT_TYPE } from '../reports/report-files.ts';
import { requestScope } from '../reports/request-params.ts';
import { inScope } from '../reports/scope.ts';
import { renderWorkbook } from '../reports/xlsx.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { measureProblem } from './measure-rules.ts';
import { painMapTable } from './pain-map-table.ts';
import { measureView, officeNames, painMapView } from './pain-map-view.ts';
import { addEvidence, addMeasure, changeMeasure, changePain, createPain, evidenceExists, findPain, listPains, overdueMeasures, reviewMeasure } from './pain-store.ts';

/**
 * The pain map (issue 19, seed 001 §4.6), on the central only: the CX sector (and the admin)
 * records pains, their evidence and corrective measures; the director reads all and records a
 * review of each measure; an office head reads their office's. Every change is audited.
 */
const READERS: readonly Role[] = ['admin', 'cx', 'director', 'office-head'];
const EDITORS: readonly Role[] = ['admin', 'cx'];
const REVIEWERS: readonly Role[] = ['director'];
const READ: Access = { kind: 'staff', roles: READERS, officeScoped: true };
const EDIT: Access = { kind: 'staff', roles: EDITORS, officeScoped: false };
const REVIEW: Access = { kind: 'staff', roles: REVIEWERS, officeScoped: false };
const json = { kind: 'json', limitBytes: STAFF_BODY_LIMIT } as const;

export function painMapRoutes(ctx: HubContext): Router {
  const router = Router();
  // Office hubs do not hold the region's figures the map is made from: the routes exist on the central only.
  if (ctx.config.role !== 'central') return router;
  const refuse = (res: Response, status: number, error: string, reason: string): void => {
    countRefusal(ctx, `pain-map-${error}`);
    res.status(status).json({ ok: false, error, reason });
  };
  const parse = <S extends z.ZodType>(schema: S, req: Request, res: Response): z.infer<S> | null => {
    const parsed = schema.safeParse(req.body);
    if (parsed.success) return parsed.data;
    refuse(res, 400, 'invalid', describeIssues(parsed.error));
    return null;
  };
  // A write the database refuses (disk full, I/O error) changed nothing: say so with 503, as every hub write does.
  const write = async <T>(res: Response, change: () => Promise<T>): Promise<T | null> => {
    try {
      return await change();
    } catch (error) {
      answerStorageFailure(ctx, res, error);
      return null;
    }
  };
  const unknownOffice = (officeId: string | null | undefined): boolean => officeId != null && ctx.offices.find(officeId) === null;
  const roles = (req: Request): Set<Role> => new Set(req.staff!.user.roles.map((g) => g.role));

  ctx.routes.add(router, { method: 'get', path: '/api/pain-map', access: READ, summary: 'карта болей за квартал: проблемы, источники, мероприятия, просроченные, результат выполненных' }, async (req, res) => {
    const key = typeof req.query.quarter === 'string' ? req.query.quarter : periodContaining('quarter', ctx.clock()).key;
    const quarter = parsePeriodKey(key);
    if (!quarter.ok || quarter.value.kind !== 'quarter') return refuse(res, 400, 'bad-quarter', 'квартал в виде 2026-Q4');
    const now = ctx.clock();
    const today = moscowDay(now);
    const scope = requestScope(ctx, req);
    const held = roles(req);
    const directory = ctx.offices.list();
    const name = officeNames(directory);
    const body: PainMapResponse = {
      ok: true,
      quarter: quarter.value.key,
      quarterLabel: quarter.value.label,
      mayEdit: EDITORS.some((r) => held.has(r)),
      mayReview: REVIEWERS.some((r) => held.has(r)),
      pains: await painMapView(ctx.sql, ctx.records, directory, await listPains(ctx.sql, quarter.value.key, scope), today, now),
      overdue: await Promise.all((await overdueMeasures(ctx.sql, today, scope)).map((m) => measureView(ctx.sql, ctx.records, directory, m, name, today, now))),
    };
    res.set('cache-control', 'no-store').json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/pain-map/:file', access: READ, summary: 'карта болей за квартал в XLSX: 2026-Q4.xlsx (не подлежит опубликованию)' }, auditOnSuccess(ctx, 'export'), async (req, res) => {
    const key = /^(\d{4}-Q[1-4])\.xlsx$/.exec(String(req.params.file))?.[1];
    const quarter = key ? parsePeriodKey(key) : null;
    if (!quarter?.ok) return refuse(res, 400, 'bad-quarter', 'адрес карты болей: 2026-Q4.xlsx');
    const now = ctx.clock();
    const pains = await painMapView(ctx.sql, ctx.records, ctx.offices.list(), await listPains(ctx.sql, quarter.value.key, requestScope(ctx, req)), moscowDay(now), now);
    res.attachment(`pain-map-${quarter.value.key}.xlsx`).type(CONTENT_TYPE.xlsx).send(await renderWorkbook([painMapTable(quarter.value.label, pains, now)], now));
  });

  ctx.routes.add(router, { method: 'post', path: '/api/pain-map/pains', access: EDIT, body: json, summary: 'новая проблема (боль) в карте болей' }, auditOnSuccess(ctx, 'pain-map.change'), async (req, res) => {
    const input = parse(painInputSchema, req, res);
    if (!input) return;
    if (unknownOffice(input.officeId)) return refuse(res, 400, 'unknown-office', `нет отдела «${input.officeId}» в справочнике`);
    const id = await write(res, () => createPain(ctx.sql, input, req.staff!.user.login, ctx.clock()));
    if (id !== null) res.status(201).json({ ok: true, id });
  });

  ctx.routes.add(router, { method: 'patch', path: '/api/pain-map/pains/:id', access: EDIT, body: json, summary: 'изменить проблему или её состояние' }, auditOnSuccess(ctx, 'pain-map.change'), async (req, res) => {
    const patch = parse(painPatchSchema, req, res);
    if (!patch) return;
    if (unknownOffice(patch.officeId)) return refuse(res, 400, 'unknown-office', `нет отдела «${patch.officeId}» в справочнике`);
    const patched = await write(res, () => changePain(ctx.sql, String(req.params.id), patch, ctx.clock()));
    if (patched === null) return;
    if (!patched.ok) return patched.reason === 'not-found' ? refuse(res, 404, 'no-pain', 'нет такой проблемы') : refuse(res, 400, 'other-office', 'у проблемы есть мероприятия другого отдела: сначала измените их');
    res.json({ ok: true });
  });

  ctx.routes.add(router, { method: 'post', path: '/api/pain-map/pains/:id/evidence', access: EDIT, body: json, summary: 'где выявлена проблема: отзыв, показатель, обращение, заметка' }, auditOnSuccess(ctx, 'pain-map.change'), async (req, res) => {
    const input = parse(evidenceInputSchema, req, res);
    if (!input) return;
    const pain = await findPain(ctx.sql, String(req.params.id));
    if (!pain) return refuse(res, 404, 'no-pain', 'нет такой проблемы');
    if (input.kind === 'comment' && !(input.ref && (await evidenceExists(ctx.sql, ctx.records, 'comment', input.ref)))) return refuse(res, 400, 'no-comment', 'нет такого отзыва клиента: укажите номер отзыва из ленты отзывов');
    if (input.kind === 'register-entry' && !(input.ref && (await evidenceExists(ctx.sql, ctx.records, 'register-entry', input.ref)))) return refuse(res, 400, 'no-register-entry', 'нет такой записи в реестре обращений');
    const id = await write(res, () => addEvidence(ctx.sql, pain.id, input, req.staff!.user.login, ctx.clock()));
    if (id !== null) res.status(201).json({ ok: true, id });
  });

  ctx.routes.add(router, { method: 'post', path: '/api/pain-map/pains/:id/measures', access: EDIT, body: json, summary: 'новое корректирующее мероприятие по проблеме' }, auditOnSuccess(ctx, 'pain-map.change'), async (req, res) => {
    const input = parse(measureInputSchema, req, res);
    if (!input) return;
    // No such pain answers 404 before the input's own faults, as before; addMeasure checks it again under its lock.
    if (!(await findPain(ctx.sql, String(req.params.id)))) return refuse(res, 404, 'no-pain', 'нет такой проблемы');
    if (unknownOffice(input.officeId)) return refuse(res, 400, 'unknown-office', `нет отдела «${input.officeId}» в справочнике`);
    const problem = measureProblem({ startedOn: input.startedOn, dueOn: input.dueOn, status: 'planned', doneOn: null }, moscowDay(ctx.clock()));
    if (problem) return refuse(res, 400, 'invalid', problem);
    const added = await write(res, () => addMeasure(ctx.sql, String(req.params.id), input, req.staff!.user.login, ctx.clock()));
    if (added === null) return;
    if (!added.ok) return added.reason === 'not-found' ? refuse(res, 404, 'no-pain', 'нет такой проблемы') : refuse(res, 400, 'other-office', 'мероприятие по проблеме отдела ведётся в том же отделе');
    res.status(201).json({ ok: true, id: added.id });
  });

  ctx.routes.add(router, { method: 'patch', path: '/api/pain-map/measures/:id', access: EDIT, body: json, summary: 'изменить мероприятие: срок, ответственный, выполнение' }, auditOnSuccess(ctx, 'pain-map.change'), async (req, res) => {
    const patch = parse(measurePatchSchema, req, res);
    if (!patch) return;
    const changed = await write(res, () => changeMeasure(ctx.sql, String(req.params.id), patch, moscowDay(ctx.clock()), ctx.clock()));
    if (changed === null) return;
    if (!changed.ok) return changed.reason === 'not-found' ? refuse(res, 404, 'no-measure', 'нет такого мероприятия') : refuse(res, 400, 'invalid', changed.problem);
    res.json({ ok: true });
  });

  ctx.routes.add(router, { method: 'post', path: '/api/pain-map/measures/:id/review', access: REVIEW, body: json, summary: 'заключение директора по мероприятию' }, auditOnSuccess(ctx, 'pain-map.change'), async (req, res) => {
    const input = parse(reviewInputSchema, req, res);
    if (!input) return;
    const reviewed = await write(res, () => reviewMeasure(ctx.sql, String(req.params.id), input.review, req.staff!.user.login, ctx.clock()));
    if (reviewed === null) return;
    if (!reviewed) return refuse(res, 404, 'no-measure', 'нет такого мероприятия');
    res.json({ ok: true });
  });

  ctx.routes.add(router, { method: 'get', path: '/pain-map', access: READ, summary: 'страница «Карта болей»' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'pain-map', offices: officeOptions(ctx, req) });
  });
  return router;
}

function officeOptions(ctx: HubContext, req: Request): { id: string; name: string }[] {
  const scope = requestScope(ctx, req);
  return ctx.offices.list()
    .filter((o) => o.closedAt === null && inScope(scope, o.id))
    .map((o) => ({ id: o.id, name: o.name }));
}
