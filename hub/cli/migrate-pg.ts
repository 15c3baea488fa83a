import { parseArgs } from 'node:util';
import pg from 'pg';
import { classifyDatabaseError, DatabaseUnavailableError } from '../http/database-unavailable.ts';
import { migratePostgres } from '../central-pg/migrate.ts';
import { grantRunningRole, refuseRunningRole, RUNNING_ROLE_FUNCTIONS, RUNNING_ROLE_TABLES } from '../central-pg/running-role.ts';
import { whoConnects } from '../central-pg/schema-gate.ts';
import { describeTarget } from './migrate-central.ts';

/**
 * `migrate-pg --to <owner's URL> [--grant <role>]`: the central's PostgreSQL schema brought up to
 * date by its owner, and the role the central runs as given exactly its grants
 * (hub/central-pg/running-role.ts), in one transaction. Refused, with nothing changed, when --to is
 * not the schema's owner or the role could do more than the grants allow. Run it again after every
 * upgrade, before starting the central: the same state comes out of a second run.
 */
export const MIGRATE_PG_HELP = `npm run hub -- migrate-pg --to <адрес PostgreSQL владельца схемы> [--grant <роль центрального>]

Применяет миграции PostgreSQL центрального сборщика от имени владельца схемы и выдаёт роли, от
которой работает центральный (её адрес — в DATABASE_URL), ровно нужные ей права: читать и добавлять
оценки и анкеты, читать сводные таблицы, создавать разделы месяцев через функцию владельца, вести
свои таблицы (справочники, учётные записи, реестр) так, как это делает программа. Менять и удалять
оценки, анкеты и журнал действий, менять и удалять таблицы она не может.
  • Всё в одной транзакции: при любой ошибке в базе ничего не меняется.
  • Повторный запуск ничего не меняет; запускайте команду после каждого обновления программы,
    до запуска центрального сборщика.
  • Отказ: --to не владелец схемы; роль --grant не существует, суперпользователь, сам владелец,
    входит в роль владельца, владеет объектами схемы, имеет CREATEROLE или право CREATE на схему.

  --to <адрес>      postgres://владелец:пароль@сервер:5432/база (обязателен)
  --grant <роль>    роль центрального сборщика, например czn_central
Код выхода: 0 — готово; 1 — отказ или ошибка; 2 — неверные параметры.`;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}
const consoleIo: Io = { out: (line) => console.log(line), err: (line) => console.error(line) };

export async function migratePgCommand(argv: string[], io: Io = consoleIo): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, options: { to: { type: 'string' }, grant: { type: 'string' }, help: { type: 'boolean' } } }).values;
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${MIGRATE_PG_HELP}`);
    return 2;
  }
  if (values.help) {
    io.out(MIGRATE_PG_HELP);
    return 0;
  }
  if (!values.to || !/^postgres(ql)?:\/\//.test(values.to)) {
    io.err(`укажите адрес PostgreSQL владельца схемы: --to postgres://…\n\n${MIGRATE_PG_HELP}`);
    return 2;
  }
  if (values.grant !== undefined && values.grant.trim() === '') {
    io.err(`--grant: имя роли центрального сборщика\n\n${MIGRATE_PG_HELP}`);
    return 2;
  }
  const role = values.grant;
  const target = describeTarget(values.to);
  const client = new pg.Client({ connectionString: values.to, connectionTimeoutMillis: 10_000 });
  // A connection lost mid-command also fails the query in flight, which is what gets reported.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const me = await whoConnects(client);
    if (!me.owner) {
      io.err(`Ошибка: роль ${me.role} не владеет схемой ${me.schema} в ${target} (или её таблицами); в --to нужен адрес владельца. Ничего не изменено.`);
      return 1;
    }
    const refusal = role === undefined ? null : await refuseRunningRole(client, role);
    if (refusal) {
      io.err(`Ошибка: ${refusal}. Ничего не изменено.`);
      return 1;
    }
    const report = await migratePostgres(client, undefined, role === undefined ? undefined : () => grantRunningRole(client, role));
    io.out(`PostgreSQL ${target}, схема ${me.schema}, владелец ${me.role}`);
    io.out(report.applied.length > 0 ? `Применены миграции: ${report.applied.join(', ')} (версия схемы ${report.version})` : `Схема актуальна (версия ${report.version})`);
    if (role !== undefined) {
      // Grouped by what is granted: some fifty tables, four kinds of grant.
      const groups = new Map<string, string[]>();
      for (const [table, privileges] of Object.entries(RUNNING_ROLE_TABLES)) groups.set(privileges.join(', '), [...(groups.get(privileges.join(', ')) ?? []), table]);
      const tables = [...groups].map(([privileges, names]) => `${privileges} — ${names.join(', ')}`);
      io.out(`Роли ${role} выданы права: ${tables.join('; ')}; EXECUTE — ${RUNNING_ROLE_FUNCTIONS.join(', ')}. Прочие её права в схеме сняты.`);
    }
    return 0;
  } catch (error) {
    io.err(`Ошибка: ${failureText(error, target)}. Ничего не изменено.`);
    return 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function failureText(error: unknown, target: string): string {
  const classified = classifyDatabaseError(error);
  const cause = classified instanceof DatabaseUnavailableError ? classified.cause : error;
  const code = (cause as { code?: unknown })?.code;
  const text = `${(cause as Error)?.message ?? String(cause)}${typeof code === 'string' ? ` (${code})` : ''}`;
  return classified instanceof DatabaseUnavailableError ? `PostgreSQL ${target} недоступен: ${text}` : text;
}
