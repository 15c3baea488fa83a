/**
 * The smallest safe HTML templating: every interpolated value is escaped unless it is already
 * `SafeHtml`. Staff pages are server-rendered with it; there is no client-side framework there.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

type Value = SafeHtml | string | number | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i] as Value) : ''), ''));
}

/**
 * A staff page drawn by its own script (hub/staff/pages/*.js): one root element whose data-*
 * attributes carry what the server knows, read by the script from `dataset`.
 */
export function scriptPage(title: string, root: { id: string; data: Record<string, string> }, options: { user: { displayName: string }; script: string }): string {
  const attributes = Object.entries(root.data).map(([name, value]) => html` data-${name}="${value}"`);
  return page(title, html`<div id="${root.id}"${attributes}><noscript>Для этой страницы нужен JavaScript.</noscript></div>`, options);
}

/** The common page frame of staff pages: Russian, readable, no external assets. */
export function page(title: string, body: SafeHtml, options: { user?: { displayName: string } | null; script?: string } = {}): string {
  return html`<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Обратная связь ЦЗН</title>
<link rel="stylesheet" href="/staff-assets/staff.css">
</head>
<body>
<header class="top">
  <a class="brand" href="/staff">Обратная связь ЦЗН</a>
  ${options.user ? html`<span class="who">${options.user.displayName}</span><form method="post" action="/logout" class="inline"><button type="submit">Выйти</button></form>` : ''}
</header>
<main>
<h1>${title}</h1>
${body}
</main>
${options.script ? html`<script type="module" src="${options.script}"></script>` : ''}
</body>
</html>`.value;
}
