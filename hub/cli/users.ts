import { parseArgs } from 'node:util';
import type { HubConfig } from '../config.ts';
import { readOffice } from '../db/offices.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { audit, SHELL_ACTOR } from '../staff/audit.ts';
import { createSetupLink } from '../staff/setup-links.ts';
import { bumpRevision } from '../regional-config/revisions.ts';
import { regionalTurn } from '../sql/turns.ts';
import { createUser, findUserByLogin, listUsers, loginSchema, roleGrantSchema, type RoleGrant } from '../staff/users.ts';
import { OFFICE_BOUND_ROLES, ROLES, type Role } from '../../shared/roles.ts';

/** The roles as the command takes them, from the one list (so a new role is offered here too). */
const ROLE_CHOICES = ROLES.join('|');
const isRole = (name: string): name is Role => (ROLES as readonly string[]).includes(name);

/**
 * `users add | list | setup-link`: how the first admin comes to exist. There is no default
 * password: the command prints a one-time link where the new user sets one.
 */
export async function usersCommand(sql: CentralSql, config: HubConfig, argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { admin: { type: 'boolean' }, role: { type: 'string', multiple: true }, office: { type: 'string' }, name: { type: 'string' } },
  });
  const login = positionals[0];
  const base = (config.publicBaseUrl ?? `http://127.0.0.1:${config.port}`).replace(/\/$/, '');
  switch (command) {
    case 'list':
      for (const u of await listUsers(sql)) console.log(`${u.login}\t${u.displayName}\t${u.roles.map((g) => g.role + (g.officeId ? `@${g.officeId}` : '')).join(',')}\t${u.disabledAt ? 'отключён' : u.hasPassword ? 'действует' : 'ждёт пароль'}`);
      return 0;
    case 'add': {
      if (config.role === 'office' && config.centralUrl !== null) return fail(`этот хаб отдела получает учётные записи с центрального сборщика (${config.centralUrl}): заведите пользователя там, он появится здесь при следующем получении настроек`);
      if (!login || !loginSchema.safeParse(login).success) return fail('укажите логин: латиница, цифры, точка, дефис (2–40 знаков)');
      if (await findUserByLogin(sql, login)) return fail(`логин ${login} уже занят`);
      const roleNames = [...(values.admin ? ['admin'] : []), ...(values.role ?? [])];
      if (roleNames.length === 0) return fail(`укажите --admin или --role <${ROLE_CHOICES}>`);
      const roles: RoleGrant[] = [];
      for (const role of roleNames) {
        if (!isRole(role)) return fail(`нет роли ${role}: укажите --role <${ROLE_CHOICES}>`);
        const bound = OFFICE_BOUND_ROLES.includes(role);
        const grant = roleGrantSchema.safeParse({ role, officeId: bound ? (values.office ?? null) : null });
        if (!grant.success) return fail(`роль ${role}: ${grant.error.issues[0]?.message ?? 'неверно'}${bound ? ' (нужен --office <id>)' : ''}`);
        if (grant.data.officeId && !(await readOffice(sql, grant.data.officeId))) return fail(`нет отдела ${grant.data.officeId}`);
        roles.push(grant.data);
      }
      const user = await sql.transaction(async (trx) => {
        await regionalTurn(sql, trx);
        const created = await createUser(trx, { login, displayName: values.name ?? login, roles }, Date.now());
        // On the central an account is part of the regional configuration: a new revision for the office hubs.
        if (config.role === 'central') await bumpRevision(trx, { actor: SHELL_ACTOR, what: `новый сотрудник ${login}`, now: Date.now() });
        return created;
      });
      const token = await createSetupLink(sql, user.id, Date.now());
      await audit(sql, { at: Date.now(), actor: SHELL_ACTOR, action: 'user.create', target: login, detail: JSON.stringify(roles) });
      console.log(`Пользователь ${login} создан. Откройте ссылку (один раз, 72 часа), чтобы задать пароль:\n${base}/setup/${token}`);
      return 0;
    }
    case 'setup-link': {
      if (config.role === 'office' && config.centralUrl !== null) return fail(`пароли сотрудников задаются на центральном сборщике (${config.centralUrl}): сделайте ссылку там`);
      const user = login ? await findUserByLogin(sql, login) : null;
      if (!user) return fail(`нет пользователя ${login ?? ''}`);
      const token = await createSetupLink(sql, user.id, Date.now());
      await audit(sql, { at: Date.now(), actor: SHELL_ACTOR, action: 'setup-link.create', target: user.login });
      console.log(`${base}/setup/${token}`);
      return 0;
    }
    default:
      return fail('команды: list, add <логин> --admin | --role <роль> [--office <id>] [--name <имя>], setup-link <логин>');
  }
}

function fail(message: string): number {
  console.error(message);
  return 2;
}
