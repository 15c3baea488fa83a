import type { Router } from 'express';
import type { TemplateListResponse, TemplateResponse, TemplateSavedResponse } from '../../shared/api/mystery-shopper.ts';
import { templateContentSchema, templateCreateSchema } from '../../shared/mystery-shopper.ts';
import type { HubContext } from '../context.ts';
import { MYSTERY_TEMPLATE_BODY_LIMIT } from '../http/body-limits.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { EDIT, ID, mayEdit, READ, refuse, refuseInvalid, userOf, write } from './access.ts';
import { createTemplate, findTemplate, listNewestTemplates, saveTemplate, templateView, type TemplateRow } from './template-store.ts';

/** Checklist templates: listed and read by every reader (the filters name them), made and edited by the CX sector and the admin. */
export function templateRoutes(ctx: HubContext, router: Router): void {
  const json = { kind: 'json', limitBytes: MYSTERY_TEMPLATE_BODY_LIMIT } as const;
  const saved = (row: TemplateRow, status: TemplateSavedResponse['status']): TemplateSavedResponse => ({ ok: true, id: row.id, familyId: row.family_id, version: row.version, status });

  ctx.routes.add(router, { method: 'get', path: '/api/mystery-shopper/templates', access: READ, summary: 'тайный клиент: анкеты (новейшая версия каждой), сколько визитов по ним' }, async (req, res) => {
    const templates = [];
    for (const row of await listNewestTemplates(ctx.sql)) templates.push(await templateView(ctx.sql, row));
    const body: TemplateListResponse = { ok: true, templates, mayEdit: mayEdit(userOf(req)) };
    res.set('cache-control', 'no-store').json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/mystery-shopper/templates/:id', access: READ, summary: 'тайный клиент: одна версия анкеты (критерии, веса, сценарий)' }, async (req, res) => {
    const row = ID.test(String(req.params.id)) ? await findTemplate(ctx.sql, String(req.params.id)) : null;
    if (!row) return refuse(ctx, res, 404, 'not-found', 'нет такой анкеты');
    const body: TemplateResponse = { ok: true, template: await templateView(ctx.sql, row) };
    res.set('cache-control', 'no-store').json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/mystery-shopper/templates', access: EDIT, body: json, summary: 'тайный клиент: новая анкета (номер из формы; повторная отправка не создаёт вторую)' }, auditOnSuccess(ctx, 'mystery-shopper.change'), async (req, res) => {
    const parsed = templateCreateSchema.safeParse(req.body);
    if (!parsed.success) return refuseInvalid(ctx, res, parsed.error);
    const outcome = await write(ctx, res, () => createTemplate(ctx.sql, parsed.data.id, parsed.data.content, userOf(req).login, ctx.clock()));
    if (!outcome) return;
    if (!outcome.ok) return refuse(ctx, res, 409, outcome.error, outcome.reason);
    res.status(outcome.status === 'stored' ? 201 : 200).json(saved(outcome.row, outcome.status));
  });

  ctx.routes.add(router, { method: 'put', path: '/api/mystery-shopper/templates/:id', access: EDIT, body: json, summary: 'тайный клиент: изменить анкету (по которой уже есть визиты — сохраняется новой версией)' }, auditOnSuccess(ctx, 'mystery-shopper.change'), async (req, res) => {
    const id = String(req.params.id);
    if (!ID.test(id)) return refuse(ctx, res, 404, 'not-found', 'нет такой анкеты');
    const parsed = templateContentSchema.safeParse(req.body);
    if (!parsed.success) return refuseInvalid(ctx, res, parsed.error);
    const outcome = await write(ctx, res, () => saveTemplate(ctx.sql, id, parsed.data, userOf(req).login, ctx.clock()));
    if (!outcome) return;
    if (!outcome.ok) return refuse(ctx, res, outcome.error === 'not-found' ? 404 : outcome.error === 'not-newest' ? 409 : 400, outcome.error, outcome.reason, outcome.field ? { [outcome.field]: outcome.reason } : {});
    res.status(outcome.status === 'copied' ? 201 : 200).json(saved(outcome.row, outcome.status));
  });
}
