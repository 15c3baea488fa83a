import { parseArgs } from 'node:util';
import type { HubConfig } from '../config.ts';
import { officeLinks } from '../central/office-overview.ts';
import { issueOfficeKey, listOfficeKeys, officeHubEnvLines, revokeOfficeKeys } from '../central/office-keys.ts';
import { readOffices } from '../db/offices.ts';
import type { Db } from '../db/open.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { audit, SHELL_ACTOR } from '../staff/audit.ts';
import { DIRECTORY_COMMANDS, officeDirectoryCommand, type DirectoryCommand } from './office-directory.ts';

/**
 * `offices add | revoke | list` on the central: office hub keys. Returns the process exit code.
 * `add --json` prints one JSON object for scripts (the `npm start` stack provisions with it).
 * `offices new | set | close | reopen` edit the directory itself (office-directory.ts).
 */
export async function officesCommand(sql: CentralSql, db: Db, config: HubConfig, argv: string[], now = Date.now()): Promise<number> {
  const [command, ...args] = argv;
  if ((DIRECTORY_COMMANDS as readonly string[]).includes(command ?? '')) return officeDirectoryCommand(sql, db, config, command as DirectoryCommand, args, () => now);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { rotate: { type: 'boolean' }, json: { type: 'boolean' }, key: { type: 'string' }, 'central-url': { type: 'string' } },
  });
  if (config.role !== 'central') return fail('ключи отделов выдаются на центральном сборщике: запустите команду с ROLE=central');
  const officeId = positionals[0];
  switch (command) {
    case 'list': {
      const keys = await listOfficeKeys(sql);
      for (const link of await officeLinks(sql, config, now)) {
        const own = keys.filter((k) => k.officeId === link.officeId);
        const live = own.filter((k) => k.revokedAt === null).map((k) => k.keyId);
        const keyText = live.length > 0 ? `ключ ${live.join(', ')}` : own.length > 0 ? 'ключи отозваны' : 'ключ не выдан';
        console.log(`${link.officeId}\t${keyText}\tсинхронизация: ${link.lastSyncAt ?? '—'}\tполучено: ${link.recordsReceived}\t${link.alert ? 'НЕТ СВЯЗИ' : link.state}`);
      }
      return 0;
    }
    case 'add': {
      if (!officeId) return fail('укажите отдел: offices add <officeId>');
      const issued = await issueOfficeKey(sql, (await readOffices(sql)).find((o) => o.id === officeId) ?? null, now, { rotate: values.rotate === true });
      if (!issued.ok) {
        return fail(
          {
            'unknown-office': `нет отдела ${officeId} в справочнике`,
            'office-closed': `отдел ${officeId} закрыт`,
            'key-exists': `у отдела ${officeId} уже есть действующий ключ: offices add ${officeId} --rotate выдаст второй (старый отзовите после замены), offices revoke ${officeId} отзовёт`,
          }[issued.reason],
        );
      }
      await audit(sql, { at: now, actor: SHELL_ACTOR, action: 'office-key.issue', target: officeId, detail: issued.value.keyId });
      const env = officeHubEnvLines(issued.value, values['central-url'] ?? config.publicBaseUrl ?? null);
      if (values.json === true) {
        console.log(JSON.stringify({ officeId: issued.value.officeId, keyId: issued.value.keyId, secret: issued.value.secret, env }));
        return 0;
      }
      console.log(`Ключ отдела ${officeId} выдан: ${issued.value.keyId}. Секрет показывается один раз.`);
      console.log(`Впишите в /etc/czn-feedback/hub.env офисного хаба (файл с правами 0600):\n`);
      console.log(env.join('\n'));
      return 0;
    }
    case 'revoke': {
      if (!officeId) return fail('укажите отдел: offices revoke <officeId> [--key <keyId>]');
      const revoked = await revokeOfficeKeys(sql, officeId, now, values.key);
      if (revoked === 0) return fail(`у отдела ${officeId} нет действующего ключа${values.key ? ` ${values.key}` : ''}`);
      await audit(sql, { at: now, actor: SHELL_ACTOR, action: 'office-key.revoke', target: officeId, detail: values.key ?? 'все ключи' });
      console.log(`Отозвано ключей: ${revoked}. Запросы хаба отдела ${officeId} с ними больше не принимаются.`);
      return 0;
    }
    default:
      return fail(
        'команды: list, add <officeId> [--rotate] [--json] [--central-url <url>], revoke <officeId> [--key <keyId>]; справочник: new <id> --name … --kind otdelenie|otdel --address …, set <id> [--name …] [--kind …] [--address …], close <id>, reopen <id>',
      );
  }
}

function fail(message: string): number {
  console.error(message);
  return 2;
}
