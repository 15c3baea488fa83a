import { existsSync } from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';
import type { HubContext } from '../context.ts';

/**
 * Serves the built kiosk PWA (kiosk/dist) at /kiosk/. Hash-named assets are cached for a year;
 * index.html, the service worker and the manifest are revalidated on every load (no-cache), so a
 * new version reaches the kiosks at their next start while the service worker keeps them working
 * offline in between.
 */
export const KIOSK_DIST_DIR = path.join(import.meta.dirname, '..', '..', 'kiosk', 'dist');

// The app loads nothing from elsewhere and has no inline script: a link out or an injected script
// has nowhere to go.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function kioskAppRoutes(ctx: HubContext, distDir = KIOSK_DIST_DIR): Router {
  const router = Router();
  ctx.routes.add(router, { method: 'get', path: '/kiosk', access: { kind: 'public' }, summary: 'киоск-опрос: адрес без косой черты' }, (req, res, next) => {
    // Express matches /kiosk/ here too (non-strict routing); only the bare address is redirected.
    const query = req.originalUrl.indexOf('?');
    if ((query >= 0 ? req.originalUrl.slice(0, query) : req.originalUrl) !== '/kiosk') return next();
    res.redirect(301, `/kiosk/${query >= 0 ? req.originalUrl.slice(query) : ''}`);
  });

  ctx.routes.add(router, { method: 'get', path: '/kiosk/{*asset}', access: { kind: 'public' }, summary: 'киоск-опрос (PWA): страница, сервис-воркер, ресурсы' }, (req, res) => {
    const segments = (req.params as { asset?: string[] }).asset ?? [];
    if (segments.some((s) => s === '' || s.startsWith('.') || /[\\/\0]/.test(s))) return void notFound(res);
    // A path without an extension is a page of the app (the app has one page).
    const last = segments[segments.length - 1] ?? '';
    const file = segments.length === 0 || !last.includes('.') ? 'index.html' : segments.join('/');
    if (!existsSync(path.join(distDir, 'index.html'))) {
      res.status(503).type('text/plain; charset=utf-8').send('Приложение киоска не собрано: выполните npm run build (npm start делает это сам).');
      return;
    }
    const immutable = file.startsWith('assets/');
    res.sendFile(
      file,
      {
        root: distDir,
        dotfiles: 'deny',
        headers: {
          'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          ...(file.endsWith('.html') ? { 'content-security-policy': CSP } : {}),
          ...(file.endsWith('.webmanifest') ? { 'content-type': 'application/manifest+json' } : {}),
        },
      },
      (error) => {
        if (!error || res.headersSent) return;
        const status = (error as { status?: number }).status ?? 500;
        if (status !== 404) ctx.logger.warn({ err: error, file }, 'kiosk asset not served');
        notFound(res);
      },
    );
  });
  return router;
}

function notFound(res: Response): void {
  res.status(404).type('text/plain; charset=utf-8').send('Нет такого файла');
}
