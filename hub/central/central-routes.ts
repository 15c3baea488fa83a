import { Router, type Response } from 'express';
import type { CentralOfficesResponse } from '../../shared/api/central.ts';
import type { Role } from '../../shared/roles.ts';
import { toInstant } from '../../shared/time.ts';
import type { HubContext } from '../context.ts';
import { PageProblem } from '../http/page-request.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { officeLinks } from './office-overview.ts';
import { currentRevision } from '../regional-config/revisions.ts';

/**
 * The central's view of its offices' forwarding: JSON, and the page «Связь с отделами» (the staff
 * app's central screen, which follows the JSON live). Neither exists on an office hub.
 */
export function centralRoutes(ctx: HubContext): Router {
  const router = Router();
  const access = { kind: 'staff', roles: VIEWERS, officeScoped: false } as const;
  const notCentral = (res: Response): boolean => {
    if (ctx.config.role === 'central') return false;
    res.status(404).json({ ok: false, error: 'not-central', reason: 'эта страница есть только у центрального сборщика' });
    return true;
  };

  ctx.routes.add(router, { method: 'get', path: '/api/central/offices', access, summary: 'отделы: последняя синхронизация, отставание, очередь, тревога о молчании' }, async (_req, res) => {
    if (notCentral(res)) return;
    const now = ctx.clock();
    const offices = await officeLinks(ctx.sql, ctx.config, now);
    const revision = await currentRevision(ctx.sql);
    const body: CentralOfficesResponse = {
      ok: true,
      generatedAt: toInstant(now),
      silenceMinutes: ctx.config.officeSilenceMinutes,
      configRevision: revision?.revision ?? null,
      configChangedAt: revision ? toInstant(revision.changedAt) : null,
      offices,
    };
    res.set('cache-control', 'no-store').json(body);
  });

  ctx.routes.add(router, { method: 'get', path: '/central', access, summary: 'страница «Связь с отделами» центрального сборщика' }, (req, res, next) => {
    if (ctx.config.role !== 'central') return next(new PageProblem(404));
    sendStaffPage(ctx, req, res, { page: 'central' });
  });
  return router;
}

const VIEWERS: readonly Role[] = ['admin', 'cx', 'director', 'aho'];
