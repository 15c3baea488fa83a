import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RequestHandler, Response } from 'express';

/**
 * Serving a staff page with no build step (the АХО board, the CX dashboard): its HTML, its ES
 * modules and stylesheet read once at start from the page's folder, and the browser libraries it
 * imports served from their packages as they ship.
 */

/** Reads the files of a page folder (UTF-8); call at start, not per request. */
export const pageFileReader =
  (dir: string) =>
  (name: string): string =>
    readFileSync(path.join(dir, name), 'utf8');

/** A file of an installed package's dist/ folder, e.g. uPlot's ESM build. */
export function packageDistFile(packageName: string, name: string): string {
  // Resolved through package.json: packages such as socket.io-client export nothing else by name.
  const packageJson = createRequire(import.meta.url).resolve(`${packageName}/package.json`);
  return readFileSync(path.join(path.dirname(packageJson), 'dist', name), 'utf8');
}

/** socket.io's browser client as an ES module, without its source-map comment (the map is not served). */
export function socketIoClientSource(): string {
  return packageDistFile('socket.io-client', 'socket.io.esm.min.js').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
}

/**
 * The pages load nothing from elsewhere and run no inline script or style. `formAction`: 'none'
 * for a page without forms, 'self' for one that posts to the hub.
 */
export const staffPageCsp = (formAction: 'none' | 'self'): string =>
  `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action ${formAction === 'none' ? "'none'" : "'self'"}; frame-ancestors 'none'`;

export function sendPage(res: Response, html: string, csp: string): void {
  res.set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': csp, 'x-content-type-options': 'nosniff' }).send(html);
}

/** A script, stylesheet or library read at start, served with its type and revalidated on every load. */
export function serveAsset(body: string, type: string): RequestHandler {
  return (_req, res) => {
    res.set({ 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }).send(body);
  };
}
