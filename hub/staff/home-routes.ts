import path from 'node:path';
import { Router } from 'express';
import { ROLE_LABEL, type Role } from '../../shared/roles.ts';
import type { HubContext } from '../context.ts';
import { listOffices } from '../db/offices.ts';
import { scopeFor } from './staff-auth.ts';
import type { RouteSpec } from '../http/route-table.ts';
import { html, page, scriptPage } from './pages/html.ts';

/** The staff start page (links to what the user's roles open), the admin page, and their assets. */
const SECTIONS: { path: string; title: string; text: string }[] = [
  { path: '/board', title: 'Состояние устройств', text: 'Пульты и киоски: связь, нажатия, ошибки (АХО)' },
  { path: '/dashboard', title: 'Показатели', text: 'CSAT, NPS, CES и средний балл пультов по отделам' },
  { path: '/invite', title: 'Пригласить к опросу', text: 'QR-код или ссылка клиенту после приёма' },
  { path: '/services', title: 'Услуги в анкете', text: 'Список услуг, из которого клиент выбирает в конце опроса' },
  { path: '/alert-rules', title: 'Сигналы о низких оценках', text: 'Когда отдел получает сигнал о всплеске низких оценок на пультах' },
  { path: '/admin/posters', title: 'QR-плакаты', text: 'Плакаты A4 с QR-кодом опроса для каждого отдела' },
  { path: '/central', title: 'Отделы: синхронизация', text: 'Когда каждый отдел последний раз передал данные' },
  { path: '/admin', title: 'Администрирование', text: 'Сотрудники, устройства, непринятые записи, журнал аудита' },
];

export function homeRoutes(ctx: HubContext): Router {
  const router = Router();
  const anyRole = { kind: 'staff', roles: Object.keys(ROLE_LABEL) as Role[], officeScoped: false } as const;

  const assets = new Set(['staff.css', 'dom.js', 'admin.js', 'services.js', 'alert-rules.js']);
  ctx.routes.add(router, { method: 'get', path: '/staff-assets/:file', access: { kind: 'public' }, summary: 'стили и скрипты страниц сотрудников' }, (req, res) => {
    const file = String(req.params.file);
    if (!assets.has(file)) return void res.status(404).type('text').send('нет такого файла');
    res.sendFile(file, { root: path.join(import.meta.dirname, 'pages'), maxAge: '1h' });
  });

  // Browsers ask for it on every page; an empty answer keeps their consoles clean.
  ctx.routes.add(router, { method: 'get', path: '/favicon.ico', access: { kind: 'public' }, summary: 'пустая иконка сайта' }, (_req, res) => void res.status(204).end());

  ctx.routes.add(router, { method: 'get', path: '/', access: { kind: 'public' }, summary: 'на страницу сотрудников' }, (_req, res) => res.redirect(302, '/staff'));

  ctx.routes.add(router, { method: 'get', path: '/staff', access: anyRole, summary: 'начальная страница сотрудника' }, (req, res) => {
    const { user } = req.staff!;
    const open = SECTIONS.filter((s) => {
      const spec = ctx.routes.specs.find((r: RouteSpec) => r.method === 'get' && r.path === s.path);
      return spec?.access.kind === 'staff' && scopeFor(user, spec.access.roles, false) !== null;
    });
    const roles = user.roles.map((g) => `${ROLE_LABEL[g.role]}${g.officeId ? ` (${g.officeId})` : ''}`).join(', ');
    res.type('html').send(
      page(
        'Рабочее место',
        html`<p>${user.displayName}: ${roles}</p>
<ul class="links">${open.map((s) => html`<li><a href="${s.path}">${s.title}<br><small>${s.text}</small></a></li>`)}</ul>
${open.length === 0 ? html`<p>Для ваших ролей здесь пока нет разделов.</p>` : ''}`,
        { user },
      ),
    );
  });

  ctx.routes.add(router, { method: 'get', path: '/admin', access: { kind: 'staff', roles: ['admin', 'aho'], officeScoped: false }, summary: 'страница администратора' }, (req, res) => {
    const offices = listOffices(ctx.db).filter((o) => o.closedAt === null);
    const data = { offices: JSON.stringify(offices.map((o) => ({ id: o.id, name: o.name }))), 'default-office': ctx.config.officeId, role: ctx.config.role };
    res.type('html').send(scriptPage('Администрирование', { id: 'admin', data }, { user: req.staff!.user, script: '/staff-assets/admin.js' }));
  });

  return router;
}
