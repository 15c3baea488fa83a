import { Router, type Request } from 'express';
import { staffLinksBodySchema, type StaffLinkCountsResponse, type StaffLinksResponse } from '../../shared/api/staff-survey.ts';
import { STAFF_SURVEY_PREFIX } from '../../shared/protocol/wire.ts';
import { describeIssues } from '../../shared/records.ts';
import { surveyIdSchema } from '../../shared/surveys/definition.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { STAFF_SURVEY_FORM_FIELDS, STAFF_SURVEY_FORM_LIMIT } from '../http/body-limits.ts';
import type { Access } from '../http/route-table.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import { surveyBase } from '../invitations/links.ts';
import { qrSvg } from '../invitations/qr.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { readStaffGroups } from './staff-groups.ts';
import { publishedVersions } from './survey-results.ts';
import { openStaffLink, printStaffLinks, staffLinkCounts, submitStaffAnswer, type LinkState } from './staff-links.ts';
import { readStaffSurveyForm, staffSurveyFormPage, staffSurveyMessagePage, type FormFields } from './staff-survey-form.ts';

/**
 * The staff survey (seed 001 §5, issue 20) on the central: the CX sector prints one-time links per
 * office; an employee opens one and answers a plain HTML form; results by office respect the
 * minimum group. Nothing here writes who answered (staff-links.ts says how that is made sure).
 */
const LINK_REFUSAL: Record<Exclude<LinkState, { ok: true }>['reason'], { status: number; title: string; text: string }> = {
  unknown: { status: 404, title: 'Ссылка недействительна', text: 'Такой ссылки нет. Проверьте адрес на листке или попросите новую ссылку у руководителя отдела.' },
  spent: { status: 409, title: 'Ответ уже получен', text: 'По этой ссылке уже ответили. Спасибо за участие в опросе.' },
  closed: { status: 410, title: 'Опрос закрыт', text: 'Опрос сейчас не проводится.' },
};

const PRINT_REFUSAL = {
  'not-found': { status: 404, reason: 'нет такого опроса' },
  'not-published': { status: 409, reason: 'опрос ещё не опубликован' },
  'not-staff': { status: 409, reason: 'в последней версии опроса нет места «Ссылка для сотрудников»' },
  'office-not-targeted': { status: 409, reason: 'опрос не проводится в этом отделе' },
} as const;

export function staffSurveyRoutes(ctx: HubContext): Router {
  const router = Router();
  const builders: Access = { kind: 'staff', roles: ['cx', 'admin'], officeScoped: false };
  const readers: Access = { kind: 'staff', roles: ['cx', 'admin', 'director'], officeScoped: false };
  const tokenOf = (req: Request) => String(req.params.token);

  ctx.routes.add(router, { method: 'post', path: '/api/surveys/:id/staff-links', access: builders, body: { kind: 'json', limitBytes: 1024 }, summary: 'одноразовые ссылки опроса сотрудников для отдела (показываются один раз)' }, auditOnSuccess(ctx, 'settings.change'), async (req, res) => {
    const id = surveyIdSchema.safeParse(req.params.id);
    const body = staffLinksBodySchema.safeParse(req.body);
    if (!id.success) return void res.status(404).json({ ok: false, error: 'not-found', reason: PRINT_REFUSAL['not-found'].reason });
    if (!body.success || !ctx.offices.find(body.data.officeId)) {
      countRefusal(ctx, 'invalid-staff-links');
      return void res.status(400).json({ ok: false, error: 'invalid', reason: body.success ? 'нет такого отдела' : describeIssues(body.error) });
    }
    const printed = await printStaffLinks(ctx, id.data, body.data.officeId, body.data.count);
    if (!printed.ok) return void res.status(PRINT_REFUSAL[printed.reason].status).json({ ok: false, error: printed.reason, reason: PRINT_REFUSAL[printed.reason].reason });
    const base = surveyBase(ctx.config, req);
    const links = printed.tokens.map((t) => `${base}${STAFF_SURVEY_PREFIX}${t}`);
    const answer: StaffLinksResponse = { ok: true, officeId: body.data.officeId, slips: await Promise.all(links.map(async (link) => ({ link, qrSvg: await qrSvg(link) }))) };
    res.set('Cache-Control', 'no-store').status(201).json(answer);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/surveys/:id/staff-links', access: readers, summary: 'опрос сотрудников: ссылок выдано и ответов получено по отделам' }, async (req, res) => {
    const id = surveyIdSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого опроса' });
    const body: StaffLinkCountsResponse = { ok: true, offices: await staffLinkCounts(ctx.sql, id.data) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/surveys/:id/staff-groups', access: readers, summary: 'итоги опроса сотрудников по отделам: группы меньше пяти — в «прочие»; ?version=' }, async (req, res) => {
    const id = surveyIdSchema.safeParse(req.params.id);
    const versionText = typeof req.query.version === 'string' && req.query.version !== '' ? req.query.version : null;
    if (versionText !== null && !/^\d{1,6}$/.test(versionText)) return void res.status(400).json({ ok: false, error: 'bad-version', reason: 'version — номер версии' });
    const outcome = id.success ? await readStaffGroups(ctx.sql, ctx.offices.list(), await publishedVersions(ctx.sql, ctx.surveyVersions, id.data), id.data, versionText === null ? null : Number(versionText)) : ({ ok: false, reason: 'not-found' } as const);
    if (!outcome.ok) return void res.status(404).json({ ok: false, error: outcome.reason, reason: outcome.reason === 'not-found' ? 'нет такого опроса' : 'у опроса нет такой опубликованной версии' });
    res.json(outcome.body);
  });

  ctx.routes.add(router, { method: 'get', path: `${STAFF_SURVEY_PREFIX}:token`, access: { kind: 'public' }, summary: 'опрос сотрудников по одноразовой ссылке: анкета' }, async (req, res) => {
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    const link = await openStaffLink(ctx.sql, ctx.surveyVersions, tokenOf(req), ctx.clock());
    if (!link.ok) {
      const refusal = LINK_REFUSAL[link.reason];
      return void res.status(refusal.status).type('html').send(staffSurveyMessagePage(refusal.title, refusal.text));
    }
    res.type('html').send(staffSurveyFormPage(link.definition, req.originalUrl));
  });

  ctx.routes.add(router, { method: 'post', path: `${STAFF_SURVEY_PREFIX}:token`, access: { kind: 'public' }, body: { kind: 'form', limitBytes: STAFF_SURVEY_FORM_LIMIT, fields: STAFF_SURVEY_FORM_FIELDS }, summary: 'опрос сотрудников: ответ по одноразовой ссылке (без имени, ссылки и адреса)' }, async (req, res) => {
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    const now = ctx.clock();
    const link = await openStaffLink(ctx.sql, ctx.surveyVersions, tokenOf(req), now);
    if (!link.ok) {
      const refusal = LINK_REFUSAL[link.reason];
      return void res.status(refusal.status).type('html').send(staffSurveyMessagePage(refusal.title, refusal.text));
    }
    const fields = (req.body ?? {}) as FormFields;
    const read = readStaffSurveyForm(link.definition, fields);
    let outcome;
    try {
      outcome = read.ok ? await submitStaffAnswer(ctx, tokenOf(req), read.answers, now) : null;
    } catch (error) {
      return void answerStorageFailure(ctx, res, error);
    }
    if (outcome?.ok) return void res.type('html').send(staffSurveyMessagePage('Спасибо!', 'Ваш ответ получен. Он анонимный: ни имя, ни ссылка, ни адрес с ним не хранятся.'));
    if (outcome && outcome.reason !== 'invalid') {
      const refusal = LINK_REFUSAL[outcome.reason];
      return void res.status(refusal.status).type('html').send(staffSurveyMessagePage(refusal.title, refusal.text));
    }
    countRefusal(ctx, 'invalid-staff-answer');
    const errors = read.ok ? new Map<string, string>() : read.errors;
    const summary = outcome && !outcome.ok && outcome.reason === 'invalid' ? `Ответ не сохранён: ${outcome.detail}` : 'Ответ не сохранён: исправьте отмеченные вопросы';
    res.status(400).type('html').send(staffSurveyFormPage(link.definition, req.originalUrl, fields, errors, summary));
  });
  return router;
}
