import type { Request, Response } from 'express';
import type { Frame, PageProps } from '../../shared/api/boot.ts';
import { PAGE_TITLE } from '../../shared/api/page-titles.ts';
import { ROLE_LABEL } from '../../shared/roles.ts';
import type { HubContext } from '../context.ts';
import { readStaff, type StaffRequestContext } from '../staff/staff-auth.ts';
import type { StaffUser } from '../staff/users.ts';
import { NOT_BUILT_HTML, renderAppHtml } from './app-html.ts';
import { navFor } from './nav.ts';
import { regionalSettingsFromCentral } from '../regional-config/regional-change.ts';

/**
 * Answers a staff page address with the staff app: the frame (this hub, the user, their pages) and
 * the page's own facts, typed by shared/api/boot.ts. Called by each page route after its guard, and
 * by the error pages. The page loads nothing from elsewhere and runs no inline script or style.
 */
export const STAFF_PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** «Шарьинское отделение» on an office hub, «Центральный сборщик» on the central. */
export function hubTitle(ctx: HubContext): string {
  return ctx.config.role === 'central' ? 'Центральный сборщик' : (ctx.offices.find(ctx.config.officeId)?.name ?? 'Хаб отдела');
}

export function frameFor(ctx: HubContext, user: StaffUser | null, csrfToken: string | null): Frame {
  const names = new Map(ctx.offices.list().map((o) => [o.id, o.name]));
  return {
    hub: { role: ctx.config.role, officeId: ctx.config.officeId, title: hubTitle(ctx), regionalFrom: regionalSettingsFromCentral(ctx) ? ctx.config.centralUrl : null },
    user: user && {
      login: user.login,
      displayName: user.displayName,
      roles: user.roles.map((g) => ({ ...g, label: g.officeId === null ? ROLE_LABEL[g.role] : `${ROLE_LABEL[g.role]} — ${names.get(g.officeId) ?? 'отдел удалён из справочника'}` })),
    },
    csrfToken,
    nav: navFor(ctx.routes.specs, ctx.config, user),
  };
}

/** The page's HTML for `staff` (null: nobody logged in); the not-built notice when the app is missing. */
export function staffPageHtml(ctx: HubContext, staff: { user: StaffUser; csrfToken: string } | null, props: PageProps): { html: string; built: boolean } {
  const frame = frameFor(ctx, staff?.user ?? null, staff?.csrfToken ?? null);
  const html = renderAppHtml({ frame, props }, `${PAGE_TITLE[props.page]} — ${frame.hub.title}`);
  return html === null ? { html: NOT_BUILT_HTML, built: false } : { html, built: true };
}

/**
 * Behind the staff rule `req.staff` is there and the page goes out at once (a failure throws, as
 * any handler's). Elsewhere (a refusal page, a public page) the session is read first; then the
 * promise never rejects: a session that cannot be read shows the page as to nobody logged in, and
 * a page that cannot be made is a plain 500 (both logged), so callers need not await it.
 */
export function sendStaffPage(ctx: HubContext, req: Request, res: Response, props: PageProps, status = 200): Promise<void> {
  const send = (staff: Omit<StaffRequestContext, 'scope'> | null): void => {
    const page = staffPageHtml(ctx, staff && { user: staff.user, csrfToken: staff.session.csrfToken }, props);
    res.set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': STAFF_PAGE_CSP, 'x-content-type-options': 'nosniff' });
    // Without the built app a page cannot work (503), but a refusal or a missing page keeps its own status.
    res.status(page.built || status !== 200 ? status : 503).send(page.html);
  };
  if (req.staff) {
    send(req.staff);
    return Promise.resolve();
  }
  return readStaff(ctx.sql, req, ctx.clock())
    .catch((error: unknown) => {
      ctx.logger.error({ err: error }, 'staff page: the session could not be read');
      return null;
    })
    .then(send)
    .catch((error: unknown) => {
      ctx.logger.error({ err: error, path: req.path }, 'staff page not rendered');
      if (!res.headersSent) res.status(500).type('text/plain; charset=utf-8').send('Внутренняя ошибка хаба');
    });
}
