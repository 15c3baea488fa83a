import { Router, type Response } from 'express';
import type { HubContext } from '../context.ts';
import { STAFF_APP_DIST } from './app-html.ts';

/**
 * The staff app's scripts and styles (staff-app/dist/assets). Public, like any script: they hold no
 * data, every number comes from the API behind the session. Hash-named files are cached for a
 * year; the few fixed names (the poster's print button) are revalidated.
 */
const HASHED = /-[A-Za-z0-9_-]{8}\.(js|css)$/;

export function staffAppAssetRoutes(ctx: HubContext, distDir = STAFF_APP_DIST): Router {
  const router = Router();
  ctx.routes.add(router, { method: 'get', path: '/staff-app/assets/:file', access: { kind: 'public' }, summary: 'сценарии и стили страниц сотрудников (без данных)' }, (req, res) => {
    const file = String(req.params.file);
    if (!/^[A-Za-z0-9._-]+\.(js|css)$/.test(file)) return void notFound(res);
    res.sendFile(
      `assets/${file}`,
      {
        root: distDir,
        dotfiles: 'deny',
        headers: { 'cache-control': HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache', 'x-content-type-options': 'nosniff' },
      },
      (error) => {
        if (!error || res.headersSent) return;
        if ((error as { status?: number }).status !== 404) ctx.logger.warn({ err: error, file }, 'staff app asset not served');
        notFound(res);
      },
    );
  });
  return router;
}

function notFound(res: Response): void {
  res.status(404).type('text/plain; charset=utf-8').send('Нет такого файла');
}
