import { Router } from 'express';
import type { DevicesResponse } from '../../shared/api/board.ts';
import { officeIdSchema } from '../../shared/offices.ts';
import type { HubContext } from '../context.ts';
import type { Access } from '../http/route-table.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { createBoardReader } from './board-reader.ts';

/**
 * The АХО board over HTTP: the page (`GET /board`, the staff app's board screen, live over the
 * `/devices` socket) and the same data as JSON (`GET /api/devices`).
 */
/** Who may see the board, over HTTP and over the socket (live-board.ts) alike. */
export const BOARD_ACCESS: Access = { kind: 'staff', roles: ['admin', 'aho'], officeScoped: false };

export function boardRoutes(ctx: HubContext): Router {
  const router = Router();
  const reader = createBoardReader(ctx);

  ctx.routes.add(router, { method: 'get', path: '/board', access: BOARD_ACCESS, summary: 'табло АХО: состояние пультов и киосков, вживую' }, (req, res) => {
    sendStaffPage(ctx, req, res, { page: 'board', offices: ctx.offices.list().map((o) => ({ id: o.id, name: o.name })) });
  });

  ctx.routes.add(router, { method: 'get', path: '/api/devices', access: BOARD_ACCESS, summary: 'табло АХО в JSON: устройства, пульты, тревоги, пересылка в центр' }, async (req, res) => {
    const raw = typeof req.query.office === 'string' && req.query.office !== '' ? req.query.office : null;
    if (raw !== null && !officeIdSchema.safeParse(raw).success) {
      res.status(400).json({ ok: false, error: 'bad-office', reason: `нет такого отдела: ${raw}` });
      return;
    }
    const scope = reader.scope(raw);
    if (!scope.ok) {
      res.status(404).json({ ok: false, error: 'other-office', reason: 'этот хаб показывает только свой отдел' });
      return;
    }
    const body: DevicesResponse = { ok: true, ...(await reader.board(scope.value)) };
    res.set('cache-control', 'no-store').json(body);
  });
  return router;
}
