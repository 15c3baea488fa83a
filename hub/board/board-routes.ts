import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import { officeIdSchema } from '../../shared/offices.ts';
import type { HubContext } from '../context.ts';
import { createBoardReader } from './board-reader.ts';
import type { Access } from '../http/route-table.ts';

/**
 * The АХО board over HTTP: the page (`GET /board`), its script and style, the socket.io browser
 * client it imports, and the same data as JSON (`GET /api/devices`). No build step: the page is
 * plain HTML and one ES module, read once at start.
 */
const PAGE_DIR = path.join(import.meta.dirname, 'page');
const readPage = (name: string): string => readFileSync(path.join(PAGE_DIR, name), 'utf8');

function socketIoClient(): string {
  // The package exports only its package.json and the UMD build; the ESM build sits beside them.
  const packageJson = createRequire(import.meta.url).resolve('socket.io-client/package.json');
  const source = readFileSync(path.join(path.dirname(packageJson), 'dist', 'socket.io.esm.min.js'), 'utf8');
  return source.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
}

// The page loads nothing from elsewhere and runs no inline script.
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function asset(body: string, type: string): RequestHandler {
  return (_req, res) => {
    res.set({ 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }).send(body);
  };
}

/** Who may see the board, over HTTP and over the socket (live-board.ts) alike. */
export const BOARD_ACCESS: Access = { kind: 'staff', roles: ['admin', 'aho'], officeScoped: false };

export function boardRoutes(ctx: HubContext): Router {
  const router = Router();
  const reader = createBoardReader(ctx);
  const page = readPage('board.html');

  ctx.routes.add(router, { method: 'get', path: '/board', access: BOARD_ACCESS, summary: 'табло АХО: состояние пультов и киосков, вживую' }, (_req, res) => {
    res.set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': PAGE_CSP, 'x-content-type-options': 'nosniff' }).send(page);
  });
  ctx.routes.add(router, { method: 'get', path: '/board/board.js', access: { kind: 'public' }, summary: 'сценарий табло АХО (без данных)' }, asset(readPage('board.js'), 'text/javascript; charset=utf-8'));
  ctx.routes.add(router, { method: 'get', path: '/board/board.css', access: { kind: 'public' }, summary: 'оформление табло АХО' }, asset(readPage('board.css'), 'text/css; charset=utf-8'));
  ctx.routes.add(
    router,
    { method: 'get', path: '/board/socket.io.esm.min.js', access: { kind: 'public' }, summary: 'клиент socket.io для страниц хаба' },
    asset(socketIoClient(), 'text/javascript; charset=utf-8'),
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
