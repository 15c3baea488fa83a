import path from 'node:path';
import { Router } from 'express';
import { officeIdSchema } from '../../shared/offices.ts';
import type { HubContext } from '../context.ts';
import { pageFileReader, sendPage, serveAsset, socketIoClientSource, staffPageCsp } from '../http/page-assets.ts';
import type { Access } from '../http/route-table.ts';
import { createBoardReader } from './board-reader.ts';

/**
 * The АХО board over HTTP: the page (`GET /board`), its script and style, the socket.io browser
 * client it imports, and the same data as JSON (`GET /api/devices`). No build step: the page is
 * plain HTML and one ES module, read once at start.
 */
const readPage = pageFileReader(path.join(import.meta.dirname, 'page'));
// The page has no form.
const PAGE_CSP = staffPageCsp('none');

/** Who may see the board, over HTTP and over the socket (live-board.ts) alike. */
export const BOARD_ACCESS: Access = { kind: 'staff', roles: ['admin', 'aho'], officeScoped: false };

export function boardRoutes(ctx: HubContext): Router {
  const router = Router();
  const reader = createBoardReader(ctx);
  const page = readPage('board.html');

  ctx.routes.add(router, { method: 'get', path: '/board', access: BOARD_ACCESS, summary: 'табло АХО: состояние пультов и киосков, вживую' }, (_req, res) => {
    sendPage(res, page, PAGE_CSP);
  });
  ctx.routes.add(router, { method: 'get', path: '/board/board.js', access: { kind: 'public' }, summary: 'сценарий табло АХО (без данных)' }, serveAsset(readPage('board.js'), 'text/javascript; charset=utf-8'));
  ctx.routes.add(router, { method: 'get', path: '/board/board.css', access: { kind: 'public' }, summary: 'оформление табло АХО' }, serveAsset(readPage('board.css'), 'text/css; charset=utf-8'));
  ctx.routes.add(
    router,
    { method: 'get', path: '/board/socket.io.esm.min.js', access: { kind: 'public' }, summary: 'клиент socket.io для страниц хаба' },
    serveAsset(socketIoClientSource(), 'text/javascript; charset=utf-8'),
  );

  ctx.routes.add(router, { method: 'get', path: '/api/devices', access: BOARD_ACCESS, summary: 'табло АХО в JSON: устройства, пульты, тревоги, пересылка в центр' }, (req, res) => {
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
    res.set('cache-control', 'no-store').json({ ok: true, ...reader.board(scope.value) });
  });
  return router;
}
