import type { Role } from '../../../../shared/roles.ts';

/**
 * Every role, least first, as the admin's forms offer them. Typed against the one list of roles, so a
 * role added to shared/roles.ts and forgotten here fails `tsc` (the information sector was once missing).
 */
export const ROLE_ORDER = ['staff', 'office-head', 'aho', 'info', 'cx', 'director', 'admin'] as const satisfies readonly Role[];

type Forgotten = Exclude<Role, (typeof ROLE_ORDER)[number]>;
const everyRoleOffered: [Forgotten] extends [never] ? true : Forgotten = true;
void everyRoleOffered;
