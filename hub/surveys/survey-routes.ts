import { Router, type Request, type Response } from 'express';
import { surveyDraftBodySchema, type PublishResponse, type SurveyDetailResponse, type SurveyListResponse, type SurveyResultsResponse, type SurveySummaryView } from '../../shared/api/surveys.ts';
import { officeIdSchema } from '../../shared/offices.ts';
import { describeIssues, surveyChannelSchema } from '../../shared/records.ts';
import type { z } from '../../shared/zod.ts';
import { surveyIdSchema } from '../../shared/surveys/definition.ts';
import { SURVEY_CHANNEL_LABEL } from '../../shared/surveys/survey-words.ts';
import { toInstant } from '../../shared/time.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { SURVEY_BODY_LIMIT } from '../http/body-limits.ts';
import type { Access } from '../http/route-table.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { refuseRegionalEdit } from '../regional-config/regional-change.ts';
import { bumpRevision, currentRevision } from '../regional-config/revisions.ts';
import { regionalTurn } from '../sql/turns.ts';
import { createSurvey, listSurveys, publishDraft, readSurvey, saveDraft, type SurveySummary } from './survey-store.ts';
import { countSurveyAnswers, publishedVersions, readAnswerRows, readSurveyResults, type ResultsFilter } from './survey-results.ts';
import { renderSurveyWorkbook } from './survey-workbook.ts';

/**
 * The CX sector's surveys (issue 20): drafts, publishing (a new frozen version, carried to the
 * offices by the regional configuration: publishing bumps its revision) and results per version.
 * Built on the central; an office hub that takes its settings from the central refuses edits.
 */
/** Who builds and publishes: the CX sector, the information-support sector, the admin; the director reads results. */
export const SURVEY_BUILDERS: Access = { kind: 'staff', roles: ['cx', 'info', 'admin'], officeScoped: false };
export const SURVEY_READERS: Access = { kind: 'staff', roles: ['cx', 'info', 'admin', 'director'], officeScoped: false };

const NOT_FOUND = { ok: false, error: 'not-found', reason: 'нет такого опроса' } as const;

function summaryView(s: SurveySummary): SurveySummaryView {
  return { ...s, draftChangedAt: toInstant(s.draftChangedAt) };
}

/** A draft's refusal: the reason, and each message under its field's path («definition.questions.2.text»). */
function invalidSurvey(error: z.ZodError) {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.map(String).join('.') || 'definition'] ??= issue.message;
  return { ok: false, error: 'invalid-survey', reason: describeIssues(error), fields } as const;
}

function surveyIdOf(res: Response, raw: unknown): string | null {
  const parsed = surveyIdSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  res.status(404).json(NOT_FOUND);
  return null;
}

export function surveyRoutes(ctx: HubContext): Router {
  const router = Router();
  const builders = SURVEY_BUILDERS;
  const readers = SURVEY_READERS;
  const json = { kind: 'json', limitBytes: SURVEY_BODY_LIMIT } as const;

  const detail = async (id: string): Promise<SurveyDetailResponse | null> => {
    const survey = await readSurvey(ctx.sql, id, await countSurveyAnswers(ctx.sql, id));
    return survey && { ok: true, survey: { ...summaryView(survey), draft: survey.draft, versions: survey.versions } };
  };

  ctx.routes.add(router, { method: 'get', path: '/api/surveys', access: readers, summary: 'опросы сектора: черновики и опубликованные версии' }, async (_req, res) => {
    const body: SurveyListResponse = { ok: true, surveys: (await listSurveys(ctx.sql, await countSurveyAnswers(ctx.sql))).map(summaryView) };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/surveys', access: builders, body: json, summary: 'новый опрос (черновик)' }, auditOnSuccess(ctx, 'settings.change'), async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Опрос')) return;
    const parsed = surveyDraftBodySchema.safeParse(req.body);
    if (!parsed.success) {
      countRefusal(ctx, 'invalid-survey');
      return void res.status(400).json(invalidSurvey(parsed.error));
    }
    const id = await createSurvey(ctx.sql, parsed.data.definition, req.staff!.user.login, ctx.clock());
    res.status(201).json(await detail(id));
  });

  ctx.routes.add(router, { method: 'get', path: '/api/surveys/:id', access: readers, summary: 'опрос: черновик и все версии' }, async (req, res) => {
    const id = surveyIdOf(res, req.params.id);
    if (id === null) return;
    const body = await detail(id);
    if (!body) return void res.status(404).json(NOT_FOUND);
    res.json(body);
  });

  ctx.routes.add(router, { method: 'put', path: '/api/surveys/:id', access: builders, body: json, summary: 'сохранить черновик опроса (опубликованные версии не меняются)' }, auditOnSuccess(ctx, 'settings.change'), async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Опрос')) return;
    const id = surveyIdOf(res, req.params.id);
    if (id === null) return;
    const parsed = surveyDraftBodySchema.safeParse(req.body);
    if (!parsed.success) {
      countRefusal(ctx, 'invalid-survey');
      return void res.status(400).json(invalidSurvey(parsed.error));
    }
    if (!(await saveDraft(ctx.sql, id, parsed.data.definition, req.staff!.user.login, ctx.clock()))) return void res.status(404).json(NOT_FOUND);
    res.json(await detail(id));
  });

  ctx.routes.add(router, { method: 'post', path: '/api/surveys/:id/publish', access: builders, summary: 'опубликовать черновик: новая замороженная версия уходит в отделы' }, auditOnSuccess(ctx, 'settings.change'), async (req, res) => {
    if (refuseRegionalEdit(ctx, res, 'Опрос')) return;
    const id = surveyIdOf(res, req.params.id);
    if (id === null) return;
    const title = (await readSurvey(ctx.sql, id, new Map()))?.title ?? id;
    // The version and the regional revision that carries it commit together; an unchanged draft makes neither.
    let result;
    try {
      result = await ctx.sql.transaction(async (trx) => {
        await regionalTurn(ctx.sql, trx);
        const published = await publishDraft(trx, id, ctx.clock());
        if (!published.ok || !published.created) return published;
        if (ctx.config.role === 'central') await bumpRevision(trx, { actor: req.staff!.user.login, what: `опрос «${title}», версия ${published.version.version}`, now: ctx.clock() });
        return published;
      });
    } finally {
      // The versions in memory take what the database now holds (the new one, or after a rollback none).
      await ctx.surveyVersions.load(ctx.sql);
    }
    if (!result.ok) return void res.status(404).json(NOT_FOUND);
    ctx.logger.info({ survey: id, version: result.version.version, created: result.created }, 'survey published');
    const body: PublishResponse = { ok: true, version: result.version.version, created: result.created, revision: (await currentRevision(ctx.sql))?.revision ?? null };
    res.json(body);
  });

  /** The version and filters of a results request, or the refusal already sent. */
  const filterOf = (req: Request, res: Response): ResultsFilter | null => {
    const text = (key: string) => (typeof req.query[key] === 'string' && req.query[key] !== '' ? (req.query[key] as string) : null);
    const versionText = text('version');
    if (versionText !== null && !/^\d{1,6}$/.test(versionText)) return void res.status(400).json({ ok: false, error: 'bad-version', reason: 'version — номер версии' }), null;
    const office = text('office') === null ? null : officeIdSchema.safeParse(text('office'));
    if (office && !office.success) return void res.status(400).json({ ok: false, error: 'bad-office', reason: 'нет такого отдела' }), null;
    const channel = text('channel') === null ? null : surveyChannelSchema.safeParse(text('channel'));
    if (channel && !channel.success) return void res.status(400).json({ ok: false, error: 'bad-channel', reason: 'нет такого канала' }), null;
    return { version: versionText === null ? null : Number(versionText), officeId: office ? office.data! : null, channel: channel ? channel.data! : null };
  };
  const resultsFor = async (req: Request, res: Response) => {
    const id = surveyIdOf(res, req.params.id);
    const filter = id === null ? null : filterOf(req, res);
    if (id === null || filter === null) return null;
    const outcome = await readSurveyResults(ctx.sql, await publishedVersions(ctx.sql, ctx.surveyVersions, id), id, filter);
    if (outcome.ok) return outcome;
    if (outcome.reason === 'not-found') res.status(404).json(NOT_FOUND);
    else if (outcome.reason === 'small-group') res.status(403).json({ ok: false, error: 'small-group', reason: 'Опрос сотрудников анонимный: итоги по группе меньше пяти ответивших не показываются' });
    else res.status(404).json({ ok: false, error: 'no-version', reason: 'у опроса нет такой опубликованной версии' });
    return null;
  };

  ctx.routes.add(router, { method: 'get', path: '/api/surveys/:id/results', access: readers, summary: 'итоги опроса по одной версии: распределения, доли с 95 % интервалами, средние; ?version=&office=&channel=' }, async (req, res) => {
    const outcome = await resultsFor(req, res);
    if (!outcome) return;
    const body: SurveyResultsResponse = { ok: true, results: outcome.results, versions: outcome.versions, byOffice: outcome.byOffice, byChannel: outcome.byChannel };
    res.json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/api/surveys/:id/results.xlsx', access: readers, summary: 'итоги опроса в XLSX: лист на вопрос и все ответы; ?version=&office=&channel=' }, auditOnSuccess(ctx, 'export'), async (req, res) => {
    const outcome = await resultsFor(req, res);
    if (!outcome) return;
    const names = new Map(ctx.offices.list().map((o) => [o.id, o.name]));
    const { officeId, channel } = outcome.results;
    const scope = [officeId === null ? 'вся область' : (names.get(officeId) ?? officeId), ...(channel === null ? [] : [`канал ${SURVEY_CHANNEL_LABEL[channel]}`])].join(', ');
    const body = await renderSurveyWorkbook({
      version: outcome.chosen,
      questions: outcome.results.questions,
      rows: await readAnswerRows(ctx.sql, outcome.chosen, { version: outcome.chosen.version, officeId, channel }),
      scope,
      officeName: (office) => names.get(office) ?? office,
      generatedAt: ctx.clock(),
    });
    res.attachment(`${outcome.chosen.surveyId}-v${outcome.chosen.version}.xlsx`).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(body);
  });
  return router;
}
