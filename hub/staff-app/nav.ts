import type { NavLink } from '../../shared/api/boot.ts';
import type { HubConfig } from '../config.ts';
import type { RouteSpec } from '../http/route-table.ts';
import { scopeFor } from '../staff/staff-auth.ts';
import type { StaffUser } from '../staff/users.ts';

/**
 * The staff pages in menu order, each shown to a user only when this hub has it (the central has
 * no invitations, an office hub has no overview of offices) and the route's own access rule lets
 * one of the user's roles open it. The rule is read from the route table, never repeated here.
 */
interface Section extends NavLink {
  on: 'both' | 'office' | 'central';
}

const SECTIONS: Section[] = [
  { path: '/dashboard', title: 'Показатели', text: 'CSAT, NPS, CES и средний балл пультов по отделам, динамика, отзывы', on: 'both' },
  { path: '/board', title: 'Пульты и киоски', text: 'Связь, нажатия, ошибки и тревоги устройств (АХО)', on: 'both' },
  { path: '/central', title: 'Связь с отделами', text: 'Когда каждый отдел последний раз передал данные', on: 'central' },
  { path: '/register', title: 'Реестр обращений', text: 'Книга отзывов, горячая линия, письменные обращения (59-ФЗ): сроки и ответы', on: 'both' },
  { path: '/phone-survey', title: 'Телефонный опрос', text: 'Обзвон клиентов по списку: сценарий, анкета, итоги звонков', on: 'central' },
  { path: '/pain-map', title: 'Карта болей', text: 'Проблемы клиентов по процессам, мероприятия, сроки и результат', on: 'central' },
  { path: '/mystery-shopper', title: 'Тайный клиент', text: 'Анкеты, визиты «тайного» клиента, оценки отделов и справка о мероприятии', on: 'central' },
  { path: '/surveys', title: 'Опросы сектора', text: 'Конструктор опросов и вопроса дня, публикация версий в отделы, итоги', on: 'central' },
  { path: '/interviewer', title: 'Опрос на выходе', text: 'Опросить посетителей на планшете или телефоне, итоговая форма для сектора', on: 'office' },
  { path: '/invite', title: 'Пригласить к опросу', text: 'QR-код, талон или ссылка клиенту после приёма', on: 'office' },
  { path: '/services', title: 'Услуги в анкете', text: 'Список услуг, из которого клиент выбирает в конце опроса', on: 'both' },
  { path: '/alert-rules', title: 'Сигналы о низких оценках', text: 'Когда отдел получает сигнал о всплеске низких оценок на пультах', on: 'both' },
  { path: '/offices', title: 'Справочник отделов', text: 'Названия и адреса отделов для киосков и плакатов, новые и закрытые отделы', on: 'both' },
  { path: '/admin/posters', title: 'QR-плакаты', text: 'Плакаты A4 с QR-кодом опроса для каждого отдела', on: 'both' },
  { path: '/admin', title: 'Администрирование', text: 'Сотрудники, устройства, непринятые записи, журнал действий', on: 'both' },
];

export function navFor(specs: readonly RouteSpec[], config: Pick<HubConfig, 'role'>, user: StaffUser | null): NavLink[] {
  if (!user) return [];
  return SECTIONS.filter((s) => s.on === 'both' || s.on === config.role)
    .filter((s) => {
      const spec = specs.find((r) => r.method === 'get' && r.path === s.path);
      return spec?.access.kind === 'staff' && scopeFor(user, spec.access.roles, false) !== null;
    })
    .map(({ path, title, text }) => ({ path, title, text }));
}
