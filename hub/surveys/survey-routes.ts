import { Router, type Response } from 'express';
import { surveyDraftBodySchema, type PublishResponse, type SurveyDetailResponse, type SurveyListResponse, type SurveyResultsResponse, type SurveySummaryView } from '../../shared/api/surveys.ts';
import { officeIdSchema } from '../../shared/offices.ts';
import { describeIssues } from '../../shared/records.ts';
import { surveyIdSchema } from '../../shared/surveys/definition.ts';
import { toInstant } from '../../shared/time.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { SURVEY_BODY_LIMIT } from '../http/body-limits.ts';
import type { Access } from '../http/route-table.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { refuseRegionalEdit, saveRegional } from '../regional-config/regional-change.ts';
import { currentRevision } from '../regional-config/revisions.ts';
import { createSurvey, listSurveys, publishDraft, readSurvey, saveDraft, type SurveySummary } from './survey-store.ts';
import { readSurveyResults } from './survey-results.ts';

/**
 * The CX sector's surveys (issue 20): drafts, publishing (a new frozen version, carried to the
 * offices by the regional configuration: publishing bumps its revision) and results per version.
 * Built on the central; an office hub that takes its settings from the central refuses edits.
 */
const NOT_FOUND = { ok: false, error: 'not-found', reason: 'нет такого опроса' } as const;

function summaryView(s: SurveySummary): SurveySummaryView {
  return { ...s, draftChangedAt: toInstant(s.draftChangedAt) };
}

function surveyIdOf(res: Response, raw: unknown): string | null {
  const parsed = surveyIdSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  res.status(404).json(NOT_FOUND);
  return null;
}

export function surveyRoutes(ctx: HubContext): Router {
  const router = Router();
  const builders: Access = { kind: 'staff', roles: ['cx', 'admin'], officeScoped: false };
  const readers: Access = { kind: 'staff', roles: ['cx', 'admin', 'director'], officeScoped: false };
  const json = { kind: 'json', limitBytes: SURVEY_BODY_LIMIT } as const;

  const detail = (id: string): SurveyDetailResponse | null => {
    const survey = readSurvey(ctx.db, id);
    return survey && { ok: true, survey: { ...summaryView(survey), draft: survey.draft, versions: survey.versions } };
  };

  ctx.routes.add(router, { method: 'get', path: '/api/surveys', access: readers, summary: 'опросы сектора: черновики и опубликованные версии' }, (_req, res) => {
    const body: SurveyListResponse = { ok: true, surveys: listSurveys(ctx.db).map(summaryView) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/surveys', access: builders, body: json, summary: 'новый опрос (черновик)' }, auditOnSuccess(ctx, 'settings.change'), (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Опрос')) return;
    const parsed = surveyDraftBodySchema.safeParse(req.body);
    if (!parsed.success) {
      countRefusal(ctx, 'invalid-survey');
      return void res.status(400).json({ ok: false, error: 'invalid-survey', reason: describeIssues(parsed.error) });
    }
    const id = createSurvey(ctx.db, parsed.data.definition, req.staff!.user.login, ctx.clock());
    res.status(201).json(detail(id));
  });

  ctx.routes.add(router, { method: 'get', path: '/api/surveys/:id', access: readers, summary: 'опрос: черновик и все версии' }, (req, res) => {
    const id = surveyIdOf(res, req.params.id);
    if (id === null) return;
    const body = detail(id);
    if (!body) return void res.status(404).json(NOT_FOUND);
    res.json(body);
  });

  ctx.routes.add(router, { method: 'put', path: '/api/surveys/:id', access: builders, body: json, summary: 'сохранить черновик опроса (опубликованные версии не меняются)' }, auditOnSuccess(ctx, 'settings.change'), (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Опрос')) return;
    const id = surveyIdOf(res, req.params.id);
    if (id === null) return;
    const parsed = surveyDraftBodySchema.safeParse(req.body);
    if (!parsed.success) {
      countRefusal(ctx, 'invalid-survey');
      return void res.status(400).json({ ok: false, error: 'invalid-survey', reason: describeIssues(parsed.error) });
    }
    if (!saveDraft(ctx.db, id, parsed.data.definition, req.staff!.user.login, ctx.clock())) return void res.status(404).json(NOT_FOUND);
    res.json(detail(id));
  });

  ctx.routes.add(router, { method: 'post', path: '/api/surveys/:id/publish', access: builders, summary: 'опубликовать черновик: новая замороженная версия уходит в отделы' }, auditOnSuccess(ctx, 'settings.change'), (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Опрос')) return;
    const id = surveyIdOf(res, req.params.id);
    if (id === null) return;
    const title = readSurvey(ctx.db, id)?.title ?? id;
    // The version and the regional revision that carries it commit together; an unchanged draft makes neither.
    const result = ctx.db.transaction(() => {
      const published = publishDraft(ctx.db, id, ctx.clock());
      if (!published.ok || !published.created) return published;
      return saveRegional(ctx, { actor: req.staff!.user.login, what: `опрос «${title}», версия ${published.version.version}` }, () => published);
    })();
    if (!result.ok) return void res.status(404).json(NOT_FOUND);
    ctx.logger.info({ survey: id, version: result.version.version, created: result.created }, 'survey published');
    const body: PublishResponse = { ok: true, version: result.version.version, created: result.created, revision: currentRevision(ctx.db)?.revision ?? null };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/surveys/:id/results', access: readers, summary: 'итоги опроса по одной версии: распределения, доли с 95 % интервалами, средние; ?version=&office=' }, (req, res) => {
    const id = surveyIdOf(res, req.params.id);
    if (id === null) return;
    const versionText = typeof req.query.version === 'string' && req.query.version !== '' ? req.query.version : null;
    if (versionText !== null && !/^\d{1,6}$/.test(versionText)) return void res.status(400).json({ ok: false, error: 'bad-version', reason: 'version — номер версии' });
    const officeText = typeof req.query.office === 'string' && req.query.office !== '' ? req.query.office : null;
    const office = officeText === null ? null : officeIdSchema.safeParse(officeText);
    if (office && !office.success) return void res.status(400).json({ ok: false, error: 'bad-office', reason: 'нет такого отдела' });
    const outcome = readSurveyResults(ctx.db, id, { version: versionText === null ? null : Number(versionText), officeId: office ? office.data! : null });
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return void res.status(404).json(NOT_FOUND);
      if (outcome.reason === 'small-group') return void res.status(403).json({ ok: false, error: 'small-group', reason: 'Опрос сотрудников анонимный: итоги по группе меньше пяти ответивших не показываются' });
      return void res.status(404).json({ ok: false, error: 'no-version', reason: 'у опроса нет такой опубликованной версии' });
    }
    const body: SurveyResultsResponse = { ok: true, results: outcome.results, versions: outcome.versions };
    res.json(body);
  });
  return router;
}
