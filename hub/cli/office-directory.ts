import { parseArgs } from 'node:util';
import { newOfficeBodySchema, officeChangeBodySchema } from '../../shared/api/offices.ts';
import { describeIssues } from '../../shared/records.ts';
import type { HubConfig } from '../config.ts';
import type { Db } from '../db/open.ts';
import { loadedOfficeStore } from '../db/offices.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { changeOffice, closeOffice, createOffice, reopenOffice, type DirectoryResult } from '../regional-config/office-directory.ts';
import { SHELL_ACTOR } from '../staff/audit.ts';

/**
 * `offices new | set | close | reopen`: the office directory from the shell, the same regional
 * change as the /offices page (a new revision on the central, audited as the command line).
 * Returns the process exit code.
 */
export const DIRECTORY_COMMANDS = ['new', 'set', 'close', 'reopen'] as const;
export type DirectoryCommand = (typeof DIRECTORY_COMMANDS)[number];

const USAGE = 'offices new <id> --name <название> --kind otdelenie|otdel --address <адрес>; offices set <id> [--name …] [--kind …] [--address …]; offices close <id>; offices reopen <id>';

export async function officeDirectoryCommand(sql: CentralSql, db: Db, config: HubConfig, command: DirectoryCommand, args: string[], now: () => number = Date.now): Promise<number> {
  if (config.role === 'office' && config.centralUrl !== null) {
    return fail(`этот хаб отдела получает справочник отделов с центрального сборщика (${config.centralUrl}): измените отдел там, изменение придёт сюда при следующем получении настроек`);
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const id = positionals[0];
  if (!id) return fail(`укажите идентификатор отдела: ${USAGE}`);
  // The directory, its revisions and the audit log on CentralSql: the hub's own database, which the command opened.
  const target = { db, sql, clock: now, config, offices: await loadedOfficeStore(sql) };
  const who = { actor: SHELL_ACTOR };
  const fields = { name: values.name, kind: values.kind, address: values.address };
  let result: DirectoryResult;
  switch (command) {
    case 'new': {
      const body = newOfficeBodySchema.safeParse({ id, ...fields });
      if (!body.success) return fail(`отдел не заведён: ${describeIssues(body.error)}`);
      result = await createOffice(target, who, body.data);
      break;
    }
    case 'set': {
      const body = officeChangeBodySchema.safeParse(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
      if (!body.success) return fail(`отдел не изменён: ${describeIssues(body.error)}`);
      result = await changeOffice(target, who, id, body.data);
      break;
    }
    case 'close':
      result = await closeOffice(target, who, id);
      break;
    case 'reopen':
      result = await reopenOffice(target, who, id);
      break;
  }
  if (!result.ok) return fail(result.reason);
  const o = result.office;
  const revision = result.revision === null ? '' : `; ревизия настроек области ${result.revision}, хабы отделов получат её при следующем обращении`;
  const done = { new: 'заведён', set: 'сохранён', close: 'закрыт (не удалён: оценки и отчёты остаются)', reopen: 'снова открыт' }[command];
  console.log(`Отдел ${o.id} «${o.name}», ${o.address}: ${done}${revision}.`);
  if (command === 'new' && config.role === 'central') console.log(`Выдайте ключ его хабу: npm run hub -- offices add ${o.id}`);
  return 0;
}

const parse = (args: string[]) =>
  parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' }, kind: { type: 'string' }, address: { type: 'string' } } });

function fail(message: string): number {
  console.error(message);
  return 2;
}
