/**
 * Staff roles (issue: staff accounts). One user may hold several; office-bound roles name their office.
 */
export const ROLES = ['admin', 'aho', 'cx', 'office-head', 'director', 'staff', 'info'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Администратор',
  aho: 'АХО',
  cx: 'Сектор управления клиентским опытом',
  'office-head': 'Начальник отдела / отделения',
  director: 'Директор',
  staff: 'Сотрудник отдела',
  // Issue 18: owns social-network polls (2.4) and open resources (2.5), shares 2.1 with the CX sector.
  info: 'Сектор информационного сопровождения',
};

/** Roles whose holder sees only one office's data. */
export const OFFICE_BOUND_ROLES: readonly Role[] = ['office-head', 'staff'];
