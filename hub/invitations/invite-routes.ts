import { Router, type Request } from 'express';
import { deskSchema, describeIssues, serviceIdSchema } from '../../shared/records.ts';
import { z } from '../../shared/zod.ts';
import type { HubContext } from '../context.ts';
import { STAFF_BODY_LIMIT } from '../http/body-limits.ts';
import { inScope } from '../staff/staff-auth.ts';
import { sendStaffPage } from '../staff-app/staff-page.ts';
import type { InvitationIssuedResponse, InvitationMailedResponse } from '../../shared/api/invite.ts';
import { countIssuedInvitations } from './invitation-store.ts';
import { sendInvitationMail } from './invitation-mail.ts';
import { cannotInvite, issueInvitation } from './issue-invitation.ts';
import { surveyBase } from './links.ts';
import { qrSvg } from './qr.ts';

const staffJson = { kind: 'json', limitBytes: STAFF_BODY_LIMIT } as const;

/**
 * «Пригласить к опросу»: after a service an employee shows a QR code, prints a slip, or e-mails a
 * link. The page is the staff app's invite screen; its buttons call the two API routes below with
 * the session's CSRF token.
 */
const INVITERS = { kind: 'staff', roles: ['staff', 'office-head', 'admin'], officeScoped: true } as const;

const visitSchema = z.strictObject({
  desk: deskSchema.nullable().default(null),
  serviceId: serviceIdSchema.nullable().default(null),
});
const emailSchema = visitSchema.extend({ email: z.email('адрес электронной почты: name@example.ru').max(254) });

export function inviteRoutes(ctx: HubContext): Router {
  const router = Router();

  ctx.routes.add(router, { method: 'get', path: '/invite', access: INVITERS, summary: 'пригласить клиента к опросу: QR-код, талон, e-mail' }, async (req, res) => {
    const today = await countIssuedInvitations(ctx.sql, ctx.config.officeId, ctx.clock() - 86_400_000);
    const hubRefusal = cannotInvite(ctx);
    sendStaffPage(ctx, req, res, {
      page: 'invite',
      officeName: ctx.offices.find(ctx.config.officeId)?.name ?? 'отдел',
      issuedToday: { qr: today['visit-qr'], email: today['email-link'] },
      refusal: hubRefusal ? plainRefusal(ctx) : scopeRefusal(ctx, req),
      refusalDetail: hubRefusal,
      mailConfigured: ctx.config.smtp !== null,
      services: ctx.services.list({ activeOnly: true }).map((s) => ({ id: s.id, name: s.name })),
    });
  });

  ctx.routes.add(router, { method: 'post', path: '/api/invitations', access: INVITERS, body: staffJson, summary: 'выдать приглашение: ссылка и QR-код для показа или печати' }, async (req, res) => {
    const parsed = visitSchema.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json({ ok: false, error: 'invalid-request', reason: describeIssues(parsed.error) });
    const refusal = scopeRefusal(ctx, req);
    if (refusal) return void res.status(403).json({ ok: false, error: 'forbidden', reason: refusal });
    const issued = await issueInvitation(ctx, surveyBase(ctx.config, req), { channel: 'visit-qr', ...parsed.data, issuedBy: req.staff!.user.login });
    if (!issued.ok) return void res.status(409).json({ ok: false, error: 'cannot-invite', reason: issued.reason });
    const { url, code, expiresAt } = issued.value;
    const body: InvitationIssuedResponse = { ok: true, url, code, qrSvg: await qrSvg(url), expiresAt };
    res.set('Cache-Control', 'no-store').json(body);
  });

  ctx.routes.add(router, { method: 'post', path: '/api/invitations/email', access: INVITERS, body: staffJson, summary: 'отправить клиенту ссылку на опрос по e-mail (адрес не сохраняется)' }, async (req, res) => {
    const parsed = emailSchema.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json({ ok: false, error: 'invalid-request', reason: describeIssues(parsed.error) });
    const refusal = scopeRefusal(ctx, req);
    if (refusal) return void res.status(403).json({ ok: false, error: 'forbidden', reason: refusal });
    if (ctx.config.smtp === null) return void res.status(409).json({ ok: false, error: 'no-smtp', reason: 'отправка по e-mail не настроена' });
    const { email, ...visit } = parsed.data;
    const issued = await issueInvitation(ctx, surveyBase(ctx.config, req), { channel: 'email-link', ...visit, issuedBy: req.staff!.user.login });
    if (!issued.ok) return void res.status(409).json({ ok: false, error: 'cannot-invite', reason: issued.reason });
    const officeName = ctx.offices.find(ctx.config.officeId)?.name ?? 'центр занятости';
    const sent = await sendInvitationMail(ctx.config.smtp, email, officeName, issued.value.url, issued.value.expiresAt);
    if (!sent.ok) {
      // The reason may quote the address back (a refused recipient): log the failure, not the address.
      ctx.logger.warn({ by: req.staff!.user.login }, 'survey invitation e-mail not sent');
      return void res.status(502).json({ ok: false, error: 'mail-failed', reason: 'письмо не отправлено: почтовый сервер не принял его; попробуйте позже или покажите QR-код' });
    }
    const body: InvitationMailedResponse = { ok: true, expiresAt: issued.value.expiresAt };
    res.json(body);
  });

  return router;
}

/** What a clerk is told when the hub itself cannot invite; the technical reason goes beside it, folded. */
function plainRefusal(ctx: HubContext): string {
  return ctx.config.role === 'central'
    ? 'Приглашения выдаёт хаб отдела, а это центральный сборщик: откройте эту страницу на хабе своего отдела.'
    : 'Приглашения пока нельзя выдать: хаб отдела не подключён к центральному сборщику, куда клиенты отправляют ответы. Сообщите администратору; пока можно предложить клиенту киоск или QR-плакат.';
}

/** An office-bound employee of another office may not invite in this office's name. */
function scopeRefusal(ctx: HubContext, req: Request): string | null {
  const staff = req.staff;
  return staff && !inScope(staff.scope, ctx.config.officeId) ? `Вы не сотрудник отдела «${ctx.offices.find(ctx.config.officeId)?.name ?? ctx.config.officeId}»: приглашать от его имени нельзя.` : null;
}
