/**
 * Staff roles (issue: staff accounts). One user may hold several; office-bound roles name their office.
 */
export const ROLES = ['admin', 'aho', 'cx', 'office-head', 'director', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Администратор',
  aho: 'АХО',
  cx: 'Сектор управления клиентским опытом',
  'office-head': 'Начальник отдела / отделения',
  director: 'Директор',
  staff: 'Сотрудник отдела',
};

/** Roles whose holder sees only one office's data. */
export const OFFICE_BOUND_ROLES: readonly Role[] = ['office-head', 'staff'];
