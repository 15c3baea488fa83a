import { Router } from 'express';
import type { HubContext } from '../context.ts';
import { moscowDay } from '../../shared/periods.ts';
import { scopeFor } from '../staff/staff-auth.ts';
import type { StaffUser } from '../staff/users.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { SURVEY_BUILDERS, SURVEY_READERS } from './survey-routes.ts';

/**
 * The staff pages of the CX sector's surveys (issue 20), on the central only: the list, the
 * builder (new or one survey's draft) and one survey's results. The data comes from /api/surveys.
 */
const mayBuild = (user: StaffUser): boolean => SURVEY_BUILDERS.kind === 'staff' && scopeFor(user, SURVEY_BUILDERS.roles, false) !== null;

export function surveyPages(ctx: HubContext): Router {
  const router = Router();
  if (ctx.config.role !== 'central') return router;
  const offices = () => ctx.offices.list().map((o) => ({ id: o.id, name: o.name }));
  const surveyId = (raw: unknown) => String(raw).slice(0, 64);

  ctx.routes.add(router, { method: 'get', path: '/surveys', access: SURVEY_READERS, summary: 'страница: опросы сектора' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'surveys', mayBuild: mayBuild(req.staff!.user), today: moscowDay(ctx.clock()) });
  });
  ctx.routes.add(router, { method: 'get', path: '/surveys/new', access: SURVEY_BUILDERS, summary: 'страница: новый опрос в конструкторе' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'survey-builder', surveyId: null, offices: offices(), today: moscowDay(ctx.clock()) });
  });
  ctx.routes.add(router, { method: 'get', path: '/surveys/:id', access: SURVEY_BUILDERS, summary: 'страница: конструктор опроса (черновик, предпросмотр, публикация)' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'survey-builder', surveyId: surveyId(req.params.id), offices: offices(), today: moscowDay(ctx.clock()) });
  });
  ctx.routes.add(router, { method: 'get', path: '/surveys/:id/results', access: SURVEY_READERS, summary: 'страница: итоги опроса по версиям' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'survey-results', surveyId: surveyId(req.params.id), offices: offices(), mayBuild: mayBuild(req.staff!.user) });
  });
  return router;
}
