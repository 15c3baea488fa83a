import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Boot } from '../../shared/api/boot.ts';
import { BOOT_ELEMENT_ID } from '../../shared/api/boot-element.ts';

/**
 * The staff app's HTML (staff-app/dist/index.html, made by `npm run build`) with a page's starting
 * facts written in as a JSON data block: `<script type="application/json">` is never executed, so
 * the pages keep `script-src 'self'` with no inline script. Read again when the build changes.
 */
export const STAFF_APP_DIST = path.join(import.meta.dirname, '..', '..', 'staff-app', 'dist');

let cached: { mtimeMs: number; html: string } | null = null;

function template(distDir: string): string | null {
  const file = path.join(distDir, 'index.html');
  if (!existsSync(file)) return null;
  const mtimeMs = statSync(file).mtimeMs;
  if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(file, 'utf8') };
  return cached.html;
}

const escapeText = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** JSON that cannot end its <script> element early: every '<' (and the two JS line separators) escaped. */
export const jsonForHtml = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** The page's HTML, or null when the app is not built. */
export function renderAppHtml(boot: Boot, title: string, distDir = STAFF_APP_DIST): string | null {
  const html = template(distDir);
  if (html === null) return null;
  const block = `<script type="application/json" id="${BOOT_ELEMENT_ID}">${jsonForHtml(boot)}</script>`;
  return html.replace(/<title>[^<]*<\/title>/, `<title>${escapeText(title)}</title>`).replace('</head>', `${block}\n</head>`);
}

/** For a hub whose app is missing: plain words instead of a broken page. */
export const NOT_BUILT_HTML = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Страницы сотрудников не собраны</title></head><body><main><h1>Страницы сотрудников не собраны</h1><p>Хаб запущен без собранного приложения страниц. Администратору: выполните сборку (npm run build) и перезапустите хаб.</p></main></body></html>`;
