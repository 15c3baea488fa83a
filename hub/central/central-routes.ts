import { Router, type Response } from 'express';
import type { Role } from '../../shared/roles.ts';
import type { HubContext } from '../context.ts';
import { officeLinks } from './office-overview.ts';
import { renderOfficesPage } from './offices-page.ts';

/** The central's view of its offices' forwarding: JSON for tools, a Russian page for people. 404 on an office hub. */
export function centralRoutes(ctx: HubContext): Router {
  const router = Router();
  const access = { kind: 'staff', roles: VIEWERS, officeScoped: false } as const;
  const notCentral = (res: Response): boolean => {
    if (ctx.config.role === 'central') return false;
    res.status(404).json({ ok: false, error: 'not-central', reason: 'эта страница есть только у центрального сборщика' });
    return true;
  };

  ctx.routes.add(router, { method: 'get', path: '/api/central/offices', access, summary: 'отделы: последняя синхронизация, отставание, очередь, тревога о молчании' }, (_req, res) => {
    if (notCentral(res)) return;
    res.json({ ok: true, silenceMinutes: ctx.config.officeSilenceMinutes, offices: officeLinks(ctx.db, ctx.config, ctx.clock()) });
  });

  ctx.routes.add(router, { method: 'get', path: '/central', access, summary: 'страница «Связь с отделами» центрального сборщика' }, (_req, res) => {
    if (notCentral(res)) return;
    const now = ctx.clock();
    res.type('html').send(renderOfficesPage(officeLinks(ctx.db, ctx.config, now), { now, silenceMinutes: ctx.config.officeSilenceMinutes }));
  });
  return router;
}

const VIEWERS: readonly Role[] = ['admin', 'cx', 'director', 'aho'];
