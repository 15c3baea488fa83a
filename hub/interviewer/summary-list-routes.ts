import { Router } from 'express';
import type { SurveySummariesResponse } from '../../shared/api/interviewer.ts';
import { surveyIdSchema } from '../../shared/surveys/definition.ts';
import type { HubContext } from '../context.ts';
import { SURVEY_READERS } from '../surveys/survey-routes.ts';
import { listSummaries } from './office-summary.ts';

/**
 * The central's side of the exit poll's summary forms: every office's forms of a survey, for the CX
 * sector on the survey's results page (one version, or every version without `version`).
 */
export function summaryListRoutes(ctx: HubContext): Router {
  const router = Router();
  if (ctx.config.role !== 'central') return router;
  ctx.routes.add(router, { method: 'get', path: '/api/surveys/:id/summaries', access: SURVEY_READERS, summary: 'итоговые формы опроса на выходе от отделов (с замечаниями сотрудников)' }, async (req, res) => {
    const surveyId = surveyIdSchema.safeParse(req.params.id);
    const version = req.query.version === undefined || req.query.version === '' ? null : Number(req.query.version);
    if (!surveyId.success || (version !== null && !Number.isSafeInteger(version))) return void res.status(404).json({ ok: false, error: 'not-found', reason: 'нет такого опроса или версии' });
    const body: SurveySummariesResponse = { ok: true, version, summaries: await listSummaries(ctx.sql, { surveyId: surveyId.data, version, officeId: null }) };
    res.json(body);
  });
  return router;
}
