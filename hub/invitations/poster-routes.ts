import { Router } from 'express';
import type { HubContext } from '../context.ts';
import { html, SafeHtml } from '../staff/pages/html.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import { posterUrl, surveyBase } from './links.ts';
import { printedUrl } from '../../shared/printed-url.ts';
import { qrSvg } from './qr.ts';

/**
 * Office posters: an A4 sheet per office with the ЦЗН's and the office's names, a large QR code,
 * the short address in big type for typing by hand (wrapped only after a slash: printed-url.ts),
 * and one line of instruction. Answers from it arrive as channel «QR-плакат».
 * Printed from the browser (print CSS sets A4 with no margins of its own).
 */
const POSTER_ROLES = { kind: 'staff', roles: ['admin', 'cx'], officeScoped: false } as const;

export function posterRoutes(ctx: HubContext): Router {
  const router = Router();

  ctx.routes.add(router, { method: 'get', path: '/admin/posters', access: POSTER_ROLES, summary: 'QR-плакаты отделов для печати' }, (req, res) => {
    const base = surveyBase(ctx.config, req);
    const offices = ctx.offices.list()
      .filter((o) => o.closedAt === null)
      .map((o) => ({ id: o.id, name: o.name, url: posterUrl(base, o.id) }));
    sendStaffPage(ctx, req, res, { page: 'posters', base, offices });
  });

  ctx.routes.add(router, { method: 'get', path: '/posters/:officeId', access: POSTER_ROLES, summary: 'QR-плакат отдела (A4, для печати)' }, async (req, res) => {
    const office = ctx.offices.find(String(req.params.officeId));
    if (!office || office.closedAt !== null) return void res.status(404).type('text').send('нет такого открытого отдела');
    const url = posterUrl(surveyBase(ctx.config, req), office.id);
    const svg = await qrSvg(url);
    // The sheet's text width: A4 (210 mm) less the 16 mm margins.
    const printed = printedUrl(url, 178, 26);
    res.type('html').send(html`<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><title>QR-плакат — ${office.name}</title>
<style>
@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, 'DejaVu Sans', sans-serif; color: #000; background: #fff; }
.sheet { width: 210mm; height: 297mm; padding: 18mm 16mm; display: flex; flex-direction: column; align-items: center; justify-content: space-between; text-align: center; }
h1 { font-size: 30pt; margin: 0; line-height: 1.2; }
.centre { font-size: 15pt; margin: 0 0 5mm; font-weight: bold; }
.office { font-size: 18pt; margin: 4mm 0 0; }
.qr svg { width: 150mm; height: 150mm; display: block; }
.instruction { font-size: 20pt; margin: 0; }
.url { font-family: 'DejaVu Sans Mono', monospace; font-weight: bold; margin: 0; overflow-wrap: normal; word-break: normal; }
.url span { white-space: nowrap; }
.print { position: fixed; top: 8px; right: 8px; font-size: 14pt; }
@media print { .print { display: none; } }
</style></head>
<body>
<button class="print" id="print" type="button">Печать</button>
<div class="sheet">
<div><p class="centre">ОГКУ «Центр занятости населения Костромской области»</p><h1>Оцените качество обслуживания</h1><p class="office">${office.name}</p></div>
<div class="qr" id="poster-qr">${new SafeHtml(svg)}</div>
<p class="instruction">Наведите камеру телефона на код и ответьте на несколько вопросов — это займёт минуту.</p>
<p class="url" style="font-size: ${printed.fontPt}pt">${new SafeHtml(printed.pieces.map((piece) => html`<span>${piece}</span>`.value).join('<wbr>'))}</p>
</div>
<script src="/staff-app/assets/poster-print.js"></script>
</body></html>`.value);
  });

  return router;
}
