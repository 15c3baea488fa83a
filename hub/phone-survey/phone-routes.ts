import { Router, type Response } from 'express';
import { callOutcomeSchema, campaignBodySchema, type CallQueueResponse, type CampaignListResponse, type ImportResponse } from '../../shared/phone-survey.ts';
import { moscowDate } from '../../shared/periods.ts';
import { describeIssues } from '../../shared/records.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { CALL_LIST_BODY_LIMIT, STAFF_BODY_LIMIT } from '../http/body-limits.ts';
import type { Access } from '../http/route-table.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { audit } from '../staff/audit.ts';
import { inScope, scopeFor } from '../staff/staff-auth.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { readCallList, type OfficeResolver } from './call-list-csv.ts';
import { callQueue, closeCampaign, createCampaign, importCalls, listCampaigns, readCampaign, recordOutcome } from './campaign-store.ts';

/**
 * The phone survey (order No. 308, 1.2) on the central: the CX sector makes campaigns, imports call
 * lists and closes them (which deletes the numbers); operators — the CX sector, and office staff
 * for their own office's clients — work through the list and type in the answers.
 */
export const PHONE_MANAGERS = { kind: 'staff', roles: ['cx', 'admin'], officeScoped: false } as const satisfies Access;
export const PHONE_OPERATORS: Access = { kind: 'staff', roles: ['cx', 'admin', 'office-head', 'staff'], officeScoped: true };

const NOT_FOUND = { ok: false, error: 'not-found', reason: 'нет такой кампании' } as const;
const CLOSED = { ok: false, error: 'closed', reason: 'кампания закрыта: номера удалены, звонки не вносятся' } as const;
const CAMPAIGN_ID = /^[0-9a-f-]{36}$/;

function moscowIsoDate(ms: number): string {
  const d = moscowDate(ms);
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

const squash = (text: string): string => text.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');

export function phoneSurveyRoutes(ctx: HubContext): Router {
  const router = Router();
  if (ctx.config.role !== 'central') return router;
  const json = { kind: 'json', limitBytes: STAFF_BODY_LIMIT } as const;

  const officeOf: OfficeResolver = (text) => {
    const wanted = squash(text);
    const office = ctx.offices.list().find((o) => o.closedAt === null && (o.id === wanted || squash(o.name) === wanted));
    return office?.id ?? null;
  };
  const campaignIdOf = (res: Response, raw: unknown): string | null => {
    if (typeof raw === 'string' && CAMPAIGN_ID.test(raw)) return raw;
    res.status(404).json(NOT_FOUND);
    return null;
  };

  ctx.routes.add(router, { method: 'get', path: '/phone-survey', access: PHONE_OPERATORS, summary: 'страница: телефонный опрос' }, (req, res) => {
    const offices = ctx.offices.list().filter((o) => o.closedAt === null && inScope(req.staff!.scope, o.id));
    const mayManage = scopeFor(req.staff!.user, PHONE_MANAGERS.roles, false) !== null;
    sendStaffPage(ctx, req, res, { page: 'phone-survey', offices: offices.map((o) => ({ id: o.id, name: o.name })), mayManage });
  });

  ctx.routes.add(router, { method: 'get', path: '/api/phone-survey/campaigns', access: PHONE_OPERATORS, summary: 'телефонный опрос: кампании и ход обзвона' }, async (req, res) => {
    const body: CampaignListResponse = { ok: true, campaigns: await listCampaigns(ctx.sql, req.staff!.scope) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/phone-survey/campaigns', access: PHONE_MANAGERS, body: json, summary: 'новая кампания телефонного опроса (название, сценарий разговора)' }, auditOnSuccess(ctx, 'phone-survey.change'), async (req, res) => {
    const parsed = campaignBodySchema.safeParse(req.body);
    if (!parsed.success) {
      countRefusal(ctx, 'invalid-phone-campaign');
      return void res.status(400).json({ ok: false, error: 'invalid', reason: describeIssues(parsed.error) });
    }
    const id = await createCampaign(ctx.sql, parsed.data, req.staff!.user.login, ctx.clock());
    res.status(201).json({ ok: true, campaign: await readCampaign(ctx.sql, id, req.staff!.scope) });
  });

  ctx.routes.add(router, { method: 'post', path: '/api/phone-survey/campaigns/:id/calls', access: PHONE_MANAGERS, body: { kind: 'bytes', limitBytes: CALL_LIST_BODY_LIMIT }, summary: 'загрузить список для обзвона (CSV: телефон, отдел, дата услуги; UTF-8 или Windows-1251)' }, auditOnSuccess(ctx, 'phone-survey.change'), async (req, res) => {
    const id = campaignIdOf(res, req.params.id);
    if (id === null) return;
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const read = readCallList(bytes, officeOf, moscowIsoDate(ctx.clock()));
    if (!read.ok) {
      countRefusal(ctx, 'invalid-call-list');
      return void res.status(400).json({ ok: false, error: 'invalid-call-list', reason: `Список не загружен: ${read.errors.length === 1 ? read.errors[0] : `${read.errors.length} ошибок`}`, errors: read.errors });
    }
    const imported = await importCalls(ctx.sql, id, read.rows);
    if (!imported.ok) return void res.status(imported.reason === 'closed' ? 409 : 404).json(imported.reason === 'closed' ? CLOSED : NOT_FOUND);
    const body: ImportResponse = { ok: true, added: imported.added, alreadyListed: imported.alreadyListed, encoding: read.encoding };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/phone-survey/campaigns/:id/calls', access: PHONE_OPERATORS, summary: 'список для обзвона с номерами (просмотр записывается в журнал)' }, async (req, res) => {
    const id = campaignIdOf(res, req.params.id);
    if (id === null) return;
    const campaign = await readCampaign(ctx.sql, id, req.staff!.scope);
    if (!campaign) return void res.status(404).json(NOT_FOUND);
    const body: CallQueueResponse = { ok: true, campaign, calls: await callQueue(ctx.sql, id, req.staff!.scope, ctx.clock()) };
    // The numbers are personal data: every showing of them is written down.
    if (campaign.closedAt === null && body.calls.length > 0) {
      await audit(ctx.sql, { at: ctx.clock(), actor: req.staff!.user.login, action: 'phone-survey.numbers-view', target: id, detail: `номеров: ${body.calls.length}`, ip: req.ip ?? null });
    }
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/phone-survey/campaigns/:id/calls/:callId', access: PHONE_OPERATORS, body: json, summary: 'итог звонка: ответы клиента, отказ, не дозвонились, перезвонить' }, async (req, res) => {
    const id = campaignIdOf(res, req.params.id);
    if (id === null) return;
    const callId = Number(req.params.callId);
    const parsed = callOutcomeSchema.safeParse(req.body);
    if (!Number.isSafeInteger(callId) || !parsed.success) {
      countRefusal(ctx, 'invalid-call-outcome');
      return void res.status(400).json({ ok: false, error: 'invalid', reason: parsed.success ? 'нет такого звонка' : describeIssues(parsed.error) });
    }
    let result;
    try {
      result = await recordOutcome(ctx.sql, ctx.ingestInto, { campaignId: id, callId }, parsed.data, { login: req.staff!.user.login, scope: req.staff!.scope }, ctx.clock());
    } catch (error) {
      return void answerStorageFailure(ctx, res, error);
    }
    if (!result.ok) {
      if (result.reason === 'not-found') return void res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого звонка' });
      if (result.reason === 'closed') return void res.status(409).json(CLOSED);
      if (result.reason === 'already-answered') return void res.status(409).json({ ok: false, error: 'already-answered', reason: 'этот клиент уже ответил: анкета внесена' });
      return void res.status(400).json({ ok: false, error: 'invalid', reason: 'detail' in result ? result.detail : 'анкета не принята' });
    }
    res.json({ ok: true, responseId: result.responseId });
    if (result.stored.length > 0) ctx.events.emit('stored', result.stored);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/phone-survey/campaigns/:id/close', access: PHONE_MANAGERS, summary: 'закрыть кампанию: номера телефонов удаляются, ответы остаются' }, auditOnSuccess(ctx, 'phone-survey.change'), async (req, res) => {
    const id = campaignIdOf(res, req.params.id);
    if (id === null) return;
    const closed = await closeCampaign(ctx.sql, id, ctx.clock());
    if (!closed.ok) return void res.status(closed.reason === 'closed' ? 409 : 404).json(closed.reason === 'closed' ? CLOSED : NOT_FOUND);
    res.json({ ok: true, deletedNumbers: closed.deleted });
  });
  return router;
}
