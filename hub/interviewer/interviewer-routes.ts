import { Router, type Request, type Response } from 'express';
import { summaryBodySchema, summaryPeriodSchema, type InterviewerSummaryResponse, type SummarySentResponse } from '../../shared/api/interviewer.ts';
import { INTERVIEWER_DEVICE_ID, INTERVIEWER_PAGE_PATH, INTERVIEWER_RECORDS_PATH, INTERVIEWER_SUMMARIES_PATH, INTERVIEWER_SUMMARY_PATH, INTERVIEWER_WORKER_PATH } from '../../shared/interviewer.ts';
import { describeIssues, type SurveySummaryRecord } from '../../shared/records.ts';
import { surveyIdSchema, type SurveyDefinition } from '../../shared/surveys/definition.ts';
import { moscowDay } from '../../shared/periods.ts';
import { offeredToInterviewer } from '../../shared/surveys/offer.ts';
import { toInstant } from '../../shared/time.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { INTERVIEWER_RECORDS_BODY_LIMIT, INTERVIEWER_SUMMARY_BODY_LIMIT } from '../http/body-limits.ts';
import { PageProblem } from '../http/page-request.ts';
import type { Access } from '../http/route-table.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import { exitPollRefusal } from '../ingest/ingest-batch.ts';
import { inScope } from '../staff/staff-auth.ts';
import { STAFF_APP_DIST } from '../staff-app/app-html.ts';
import { hubTitle, sendStaffPage } from '../staff-app/staff-page.ts';
import { listSummaries, officeSummaryFigures, refusalsInPeriod } from './office-summary.ts';
import { createInterviewerIntake } from './take-batch.ts';

/**
 * The exit poll by staff (order No. 308, 2.2; docs/surveys.md «Interviewer mode»), on an office hub:
 * the page an employee opens on a tablet or phone, the answers and refusals it sends, and the
 * summary form filled from this office's answers. Office staff, their head, the CX sector and the
 * admin run it, each only on the hub of an office they may see.
 */
export const INTERVIEWERS: Access = { kind: 'staff', roles: ['staff', 'office-head', 'cx', 'admin'], officeScoped: true };

const OTHER_OFFICE = { ok: false, error: 'forbidden', reason: 'опрос на выходе ведётся на хабе своего отдела: этот хаб другого отдела' } as const;

export function interviewerRoutes(ctx: HubContext, distDir = STAFF_APP_DIST): Router {
  const router = Router();
  if (ctx.config.role !== 'office') return router;
  const officeId = ctx.config.officeId;
  const take = createInterviewerIntake(ctx);
  const versions = ctx.surveyVersions.lookup;
  const records = createRecordStore(ctx.db, ctx.surveyVersions.lookup);

  const ofThisOffice = (req: Request, res: Response): boolean => {
    if (inScope(req.staff!.scope, officeId)) return true;
    res.status(403).json(OTHER_OFFICE);
    return false;
  };
  /** The version an interviewer here may summarise (an exit poll of this office held here), or null with 404 sent. */
  const exitPollVersion = (res: Response, surveyId: string, version: number): SurveyDefinition | null => {
    const definition = versions(surveyId, version);
    const refusal = definition ? exitPollRefusal(definition, surveyId, officeId) : `опрос ${surveyId} версии ${version} здесь неизвестен`;
    if (definition && refusal === null) return definition;
    res.status(404).json({ ok: false, error: 'not-found', reason: refusal });
    return null;
  };

  ctx.routes.add(router, { method: 'get', path: INTERVIEWER_PAGE_PATH, access: INTERVIEWERS, summary: 'страница: опрос на выходе (планшет или телефон сотрудника, ответы копятся и без связи)' }, (req, res, next) => {
    if (!inScope(req.staff!.scope, officeId)) return next(new PageProblem(403));
    const now = ctx.clock();
    const surveys = ctx.surveyVersions.offered().filter((v) => offeredToInterviewer(v.definition, officeId, now));
    sendStaffPage(ctx, req, res, { page: 'interviewer', today: moscowDay(now), officeName: hubTitle(ctx), surveys });
  });

  ctx.routes.add(router, { method: 'get', path: INTERVIEWER_WORKER_PATH, access: { kind: 'public' }, summary: 'служебный скрипт страницы опроса на выходе: хранит её для работы без связи (без данных)' }, (_req, res) => {
    res.sendFile('assets/interviewer-sw.js', { root: distDir, dotfiles: 'deny', headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' } }, (error) => {
      if (error && !res.headersSent) res.status(404).type('text/plain; charset=utf-8').send('Страницы сотрудников не собраны');
    });
  });

  ctx.routes.add(
    router,
    { method: 'post', path: INTERVIEWER_RECORDS_PATH, access: INTERVIEWERS, body: { kind: 'json', limitBytes: INTERVIEWER_RECORDS_BODY_LIMIT }, summary: 'опрос на выходе: ответы посетителей и отказы с планшета сотрудника (подтверждение по id)' },
    async (req, res) => {
      if (!ofThisOffice(req, res)) return;
      let outcome;
      try {
        outcome = await take(req.body, officeId);
      } catch (error) {
        return void answerStorageFailure(ctx, res, error);
      }
      if (!outcome.ok) {
        countRefusal(ctx, 'invalid-interviewer-records');
        return void res.status(400).json(outcome.rejection);
      }
      res.json(outcome.ack);
      if (outcome.stored.length > 0) ctx.events.emit('stored', outcome.stored);
    },
  );

  ctx.routes.add(router, { method: 'get', path: INTERVIEWER_SUMMARY_PATH, access: INTERVIEWERS, summary: 'опрос на выходе: итоговая форма, заполненная по ответам отдела за период, и уже отправленные формы' }, async (req, res) => {
    if (!ofThisOffice(req, res)) return;
    const surveyId = surveyIdSchema.safeParse(req.query.survey);
    const version = Number(req.query.version);
    const period = summaryPeriodSchema.safeParse({ from: req.query.from, to: req.query.to });
    if (!surveyId.success || !Number.isSafeInteger(version) || !period.success) {
      return void res.status(400).json({ ok: false, error: 'invalid', reason: period.success ? 'нужны опрос (survey) и версия (version)' : `период: ${describeIssues(period.error)}` });
    }
    const scope = { surveyId: surveyId.data, version, officeId, period: period.data };
    const refused = await refusalsInPeriod(ctx.sql, scope);
    const definition = exitPollVersion(res, surveyId.data, version);
    if (!definition) return;
    const body: InterviewerSummaryResponse = {
      ok: true,
      surveyId: surveyId.data,
      version,
      period: period.data,
      figures: await officeSummaryFigures(ctx.sql, definition, scope, refused),
      sent: await listSummaries(ctx.sql, { surveyId: surveyId.data, version, officeId }),
    };
    res.json(body);
  });

  ctx.routes.add(
    router,
    { method: 'post', path: INTERVIEWER_SUMMARIES_PATH, access: INTERVIEWERS, body: { kind: 'json', limitBytes: INTERVIEWER_SUMMARY_BODY_LIMIT }, summary: 'опрос на выходе: отправить итоговую форму в сектор (один раз по её id)' },
    async (req, res) => {
      if (!ofThisOffice(req, res)) return;
      const parsed = summaryBodySchema.safeParse(req.body);
      if (!parsed.success) {
        countRefusal(ctx, 'invalid-interviewer-summary');
        const fields: Record<string, string> = {};
        for (const issue of parsed.error.issues) fields[issue.path.map(String).join('.') || 'form'] ??= issue.message;
        return void res.status(400).json({ ok: false, error: 'invalid', reason: describeIssues(parsed.error), fields });
      }
      const form = parsed.data;
      const scope = { surveyId: form.surveyId, version: form.version, officeId, period: form.period };
      // Read before the synchronous part below (refusals and answers through CentralSql, asynchronous),
      // so that the check of a form sent before and its storing stay in one turn.
      const refused = await refusalsInPeriod(ctx.sql, scope);
      const known = versions(form.surveyId, form.version);
      const figures = known ? await officeSummaryFigures(ctx.sql, known, scope, refused) : null;
      // Sent before (the tablet lost the answer and sends again): the form as it was stored, not refilled.
      const held = records.read('survey-summary', form.id);
      if (held) {
        if (held.kind !== 'survey-summary' || held.officeId !== officeId || held.surveyId !== form.surveyId || held.version !== form.version || held.period.from !== form.period.from || held.period.to !== form.period.to) return void res.status(409).json({ ok: false, error: 'conflict', reason: 'форма с этим номером уже есть и другая' });
        const again: SummarySentResponse = { ok: true, created: false, summary: held };
        return void res.json(again);
      }
      const definition = exitPollVersion(res, form.surveyId, form.version);
      if (!definition || figures === null) return;
      const now = ctx.clock();
      const summary: SurveySummaryRecord = {
        kind: 'survey-summary',
        id: form.id,
        officeId,
        deviceId: INTERVIEWER_DEVICE_ID,
        bornAt: toInstant(now),
        surveyId: form.surveyId,
        version: form.version,
        period: form.period,
        filledBy: req.staff!.user.login,
        figures,
        remarks: form.remarks === '' ? null : form.remarks,
      };
      let outcome;
      try {
        outcome = ctx.ingest({ records: [summary] }, { kind: 'interviewer', officeId });
      } catch (error) {
        return void answerStorageFailure(ctx, res, error);
      }
      if (!outcome.ok) return void res.status(400).json({ ok: false, error: 'invalid', reason: outcome.rejection.invalid[0]?.reason ?? outcome.rejection.reason });
      const stored = outcome.stored[0];
      const sent: SummarySentResponse = { ok: true, created: true, summary: stored?.kind === 'survey-summary' ? stored : summary };
      res.status(201).json(sent);
      if (outcome.stored.length > 0) ctx.events.emit('stored', outcome.stored);
    },
  );
  return router;
}
