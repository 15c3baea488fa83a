import { createLogger } from '../shared/logger.ts';
import { backupCommand } from './cli/backup.ts';
import { devicesCommand } from './cli/devices.ts';
import { migrateCentralCommand } from './cli/migrate-central.ts';
import { migratePgCommand } from './cli/migrate-pg.ts';
import { officesCommand } from './cli/offices.ts';
import { routesCommand } from './cli/routes.ts';
import { usersCommand } from './cli/users.ts';
import { readHubConfig } from './config.ts';
import { openDatabase } from './db/open.ts';
import { seedDefaultOffices } from './db/offices.ts';
import { sqlOverSqlite, type CentralSql } from './sql/central-sql.ts';
import { openPostgresStore } from './central-pg/postgres-store.ts';

/**
 * Administration from the shell: `npm run hub -- <group> <command> …`, on the same configuration
 * (DATA_DIR, ROLE, OFFICE_ID …) as the running hub. Each group lives in cli/<group>.ts.
 */
const USAGE = `Использование: npm run hub -- <группа> <команда> [параметры]
  devices list
  devices add <id> --kind panel-driver|kiosk [--office <id>] [--name <название>]
  devices revoke <id>
  offices list                                  (на центральном: ключи и связь отделов)
  offices add <officeId> [--rotate] [--json]    (выдать ключ офисному хабу; секрет показывается один раз)
  offices revoke <officeId> [--key <keyId>]
  offices new <id> --name <название> --kind otdelenie|otdel --address <адрес>   (завести отдел в справочнике)
  offices set <id> [--name …] [--kind …] [--address …]                       (переименовать, сменить вид или адрес)
  offices close <id> | offices reopen <id>      (закрыть отдел — не удаляется — или открыть снова)
  users list
  users add <логин> --admin | --role <роль> [--office <id>] [--name <имя>]
  users setup-link <логин>
  routes                      (все адреса хаба и кому они доступны)
  backup <папка> [--keep 14]  (целостная копия базы при работающем хабе; старые копии сверх --keep удаляются)
  migrate-central --from <central.sqlite> --to <DATABASE_URL> [--chunk 1000] [--rate N] [--rescan] [--replace-tables] [--verify-only] [--json]
                              (оценки и анкеты центрального из SQLite в PostgreSQL, с продолжением после сбоя и сверкой;
                               затем учётные записи, настройки, реестр и прочие таблицы; подробно: --help)
  migrate-pg --to <адрес владельца схемы> [--grant <роль>]
                              (миграции PostgreSQL от имени владельца и права роли, от которой работает центральный; --help)`;

const [group, ...rest] = process.argv.slice(2);
if (group === 'migrate-central') {
  // Names its SQLite file and PostgreSQL explicitly and needs none of the hub's configuration
  // (the operator may run it on another machine); it must not open, let alone migrate, DATA_DIR's database.
  process.exit(await migrateCentralCommand(rest, process.env));
}
if (group === 'migrate-pg') {
  // Connects as the schema's owner, named by --to; as migrate-central, it needs none of the hub's configuration.
  process.exit(await migratePgCommand(rest));
}
const config = readHubConfig(process.env);
if (!config.ok) {
  console.error(config.message);
  process.exit(1);
}
const logger = createLogger('hub-cli', { level: 'warn', pretty: false });
if (group === 'routes') {
  // Builds the whole app on its own connection; exit explicitly, as its routers keep timers (rate limits).
  process.exit(routesCommand(config.value, logger));
}
const { db } = openDatabase(config.value.databaseFile);
// The central's tables are in PostgreSQL when DATABASE_URL names it: the schema checked (or, as
// its owner, migrated) as the running central does it, before any command reads them.
const postgres = config.value.databaseUrl ? openPostgresStore(config.value.databaseUrl, logger) : null;
let sql: CentralSql = sqlOverSqlite(db);
try {
  if (postgres) {
    await postgres.ready();
    sql = postgres.sql;
  }
  await seedDefaultOffices(sql);
  switch (group) {
    case 'devices':
      process.exitCode = await devicesCommand(sql, config.value, rest);
      break;
    case 'offices':
      process.exitCode = await officesCommand(sql, db, config.value, rest);
      break;
    case 'users':
      process.exitCode = await usersCommand(sql, config.value, rest);
      break;
    case 'backup':
      process.exitCode = backupCommand(db, config.value, rest);
      break;
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
} catch (error) {
  logger.error({ err: error }, 'command failed');
  console.error(`Ошибка: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await postgres?.close();
  db.close();
}
