import path from 'node:path';
import { Router, type Request } from 'express';
import { deskSchema, describeIssues, serviceIdSchema } from '../../shared/records.ts';
import { z } from '../../shared/zod.ts';
import type { HubContext } from '../context.ts';
import { findOffice } from '../db/offices.ts';
import { listServices } from '../db/services.ts';
import { inScope } from '../http/staff-auth.ts';
import { html, page } from '../staff/pages/html.ts';
import { countIssuedInvitations } from './invitation-store.ts';
import { sendInvitationMail } from './invitation-mail.ts';
import { cannotInvite, issueInvitation } from './issue-invitation.ts';
import { surveyBase } from './links.ts';
import { qrSvg } from './qr.ts';

/**
 * «Пригласить к опросу»: after a service an employee shows a QR code, prints a slip, or e-mails a
 * link. The page is server-rendered; its buttons call the two API routes below with the session's
 * CSRF token (hub/invitations/pages/invite.js).
 */
const INVITERS = { kind: 'staff', roles: ['staff', 'office-head', 'admin'], officeScoped: true } as const;

const visitSchema = z.strictObject({
  desk: deskSchema.nullable().default(null),
  serviceId: serviceIdSchema.nullable().default(null),
});
const emailSchema = visitSchema.extend({ email: z.email('адрес электронной почты: name@example.ru').max(254) });

export function inviteRoutes(ctx: HubContext): Router {
  const router = Router();

  const assets = new Set(['invite.js', 'poster.js']);
  ctx.routes.add(router, { method: 'get', path: '/invite-assets/:file', access: { kind: 'public' }, summary: 'скрипты страниц приглашения и QR-плаката' }, (req, res) => {
    const file = String(req.params.file);
    if (!assets.has(file)) return void res.status(404).type('text').send('нет такого файла');
    res.sendFile(file, { root: path.join(import.meta.dirname, 'pages'), maxAge: '1h' });
  });

  ctx.routes.add(router, { method: 'get', path: '/invite', access: INVITERS, summary: 'пригласить клиента к опросу: QR-код, талон, e-mail' }, (req, res) => {
    const refusal = cannotInvite(ctx) ?? scopeRefusal(ctx, req);
    const services = listServices(ctx.db, { activeOnly: true });
    const office = findOffice(ctx.db, ctx.config.officeId);
    const today = countIssuedInvitations(ctx.db, ctx.config.officeId, ctx.clock() - 86_400_000);
    const mailOff = ctx.config.smtp === null ? 'Отправка по e-mail не настроена (нет SMTP в настройках хаба).' : null;
    res.type('html').send(
      page(
        'Пригласить к опросу',
        html`<p>${office?.name ?? ctx.config.officeId}. За сутки выдано: QR-кодов ${today['visit-qr']}, писем ${today['email-link']}.</p>
${refusal ? html`<p class="error">${refusal}</p>` : ''}
<form class="card" id="invite" data-disabled="${refusal ? 'yes' : 'no'}">
<label>Окно или сотрудник (необязательно)<input name="desk" maxlength="60" placeholder="Окно 3"></label>
<label>Услуга (необязательно)<select name="serviceId"><option value="">— клиент выберет сам —</option>${services.map((s) => html`<option value="${s.id}">${s.name}</option>`)}</select></label>
<p><button type="button" data-action="show" ${refusal ? 'disabled' : ''}>Показать QR-код</button>
<button type="button" data-action="print" class="secondary" ${refusal ? 'disabled' : ''}>Печать талона</button></p>
<label>E-mail клиента (не сохраняется)<input name="email" type="email" autocomplete="off" ${mailOff || refusal ? 'disabled' : ''}></label>
<p><button type="button" data-action="email" ${mailOff || refusal ? 'disabled' : ''}>Отправить на e-mail</button></p>
${mailOff ? html`<p class="error">${mailOff}</p>` : ''}
<p id="invite-status" role="status"></p>
</form>
<section id="slip" class="slip" hidden>
<p class="slip-title">Оцените, пожалуйста, как вас обслужили</p>
<div id="slip-qr" class="slip-qr"></div>
<p>Наведите камеру телефона на код или откройте ссылку:</p>
<p id="slip-url" class="slip-url"></p>
<p><small>Опрос анонимный, займёт около минуты. Ссылка действует до <span id="slip-until"></span>, ответить можно один раз.</small></p>
</section>
<style>
.slip{border:1px dashed #888;padding:1rem;max-width:27rem;text-align:center;margin-top:1rem}.slip-qr svg{width:16rem;height:16rem}.slip-url{overflow-wrap:anywhere;font-family:monospace;font-size:1rem}.slip-title{font-weight:bold}
@media print{header.top,form#invite,h1,main>p{display:none!important}.slip{border:none;max-width:none}.slip-qr svg{width:7cm;height:7cm}}
</style>`,
        { user: req.staff!.user, script: '/invite-assets/invite.js' },
      ),
    );
  });

  ctx.routes.add(router, { method: 'post', path: '/api/invitations', access: INVITERS, summary: 'выдать приглашение: ссылка и QR-код для показа или печати' }, async (req, res) => {
    const parsed = visitSchema.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json({ ok: false, error: 'invalid-request', reason: describeIssues(parsed.error) });
    const refusal = scopeRefusal(ctx, req);
    if (refusal) return void res.status(403).json({ ok: false, error: 'forbidden', reason: refusal });
    const issued = await issueInvitation(ctx, surveyBase(ctx.config, req), { channel: 'visit-qr', ...parsed.data, issuedBy: req.staff!.user.login });
    if (!issued.ok) return void res.status(409).json({ ok: false, error: 'cannot-invite', reason: issued.reason });
    const { url, code, expiresAt } = issued.value;
    res.set('Cache-Control', 'no-store').json({ ok: true, url, code, qrSvg: await qrSvg(url), expiresAt });
  });

  ctx.routes.add(router, { method: 'post', path: '/api/invitations/email', access: INVITERS, summary: 'отправить клиенту ссылку на опрос по e-mail (адрес не сохраняется)' }, async (req, res) => {
    const parsed = emailSchema.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json({ ok: false, error: 'invalid-request', reason: describeIssues(parsed.error) });
    const refusal = scopeRefusal(ctx, req);
    if (refusal) return void res.status(403).json({ ok: false, error: 'forbidden', reason: refusal });
    if (ctx.config.smtp === null) return void res.status(409).json({ ok: false, error: 'no-smtp', reason: 'отправка по e-mail не настроена' });
    const { email, ...visit } = parsed.data;
    const issued = await issueInvitation(ctx, surveyBase(ctx.config, req), { channel: 'email-link', ...visit, issuedBy: req.staff!.user.login });
    if (!issued.ok) return void res.status(409).json({ ok: false, error: 'cannot-invite', reason: issued.reason });
    const officeName = findOffice(ctx.db, ctx.config.officeId)?.name ?? 'центр занятости';
    const sent = await sendInvitationMail(ctx.config.smtp, email, officeName, issued.value.url, issued.value.expiresAt);
    if (!sent.ok) {
      // The reason may quote the address back (a refused recipient): log the failure, not the address.
      ctx.logger.warn({ by: req.staff!.user.login }, 'survey invitation e-mail not sent');
      return void res.status(502).json({ ok: false, error: 'mail-failed', reason: 'письмо не отправлено: почтовый сервер не принял его; попробуйте позже или покажите QR-код' });
    }
    res.json({ ok: true, expiresAt: issued.value.expiresAt });
  });

  return router;
}

/** An office-bound employee of another office may not invite in this office's name. */
function scopeRefusal(ctx: HubContext, req: Request): string | null {
  const staff = req.staff;
  return staff && !inScope(staff.scope, ctx.config.officeId) ? `Вы не сотрудник отдела ${ctx.config.officeId}` : null;
}
