import { parseArgs } from 'node:util';
import { deviceIdSchema, type DeviceKind } from '../../shared/records.ts';
import type { HubConfig } from '../config.ts';
import { readOffice } from '../db/offices.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { audit, SHELL_ACTOR } from '../staff/audit.ts';
import { listDevices, registerDevice, revokeDevice } from '../devices/credentials.ts';

/** `devices list | add | revoke`: returns the process exit code. */
export async function devicesCommand(sql: CentralSql, config: HubConfig, argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { kind: { type: 'string' }, office: { type: 'string' }, name: { type: 'string' } },
  });
  const id = positionals[0];
  // The device table is on CentralSql; a running hub reads what this writes within DEVICE_RELOAD_MS.
  switch (command) {
    case 'list':
      for (const d of await listDevices(sql)) console.log(`${d.id}\t${d.officeId}\t${d.kind}\t${d.revokedAt ? 'отозван' : 'действует'}\t${d.name}`);
      return 0;
    case 'add': {
      if (!id || !deviceIdSchema.safeParse(id).success) return fail('укажите id устройства: латиница, цифры и . _ : -');
      const kind = values.kind as DeviceKind | undefined;
      if (kind !== 'panel-driver' && kind !== 'kiosk') return fail('укажите --kind panel-driver или --kind kiosk');
      const officeId = values.office ?? config.officeId;
      if (!(await readOffice(sql, officeId))) return fail(`нет отдела ${officeId}`);
      const token = await registerDevice(sql, { id, officeId, kind, name: values.name ?? id }, Date.now());
      await audit(sql, { at: Date.now(), actor: SHELL_ACTOR, action: 'device.register', target: id, detail: `${kind}, ${officeId}` });
      console.log(`Устройство ${id} (${kind}, ${officeId}) зарегистрировано. Ключ (показывается один раз):\n${token}`);
      return 0;
    }
    case 'revoke':
      if (!id) return fail('укажите id устройства');
      if (!(await revokeDevice(sql, id, Date.now()))) return fail(`действующего устройства ${id} нет`);
      await audit(sql, { at: Date.now(), actor: SHELL_ACTOR, action: 'device.revoke', target: id });
      console.log(`Устройство ${id} отозвано: его запросы больше не принимаются (работающий хаб узнаёт об этом в течение 5 секунд).`);
      return 0;
    default:
      return fail('команды: list, add, revoke');
  }
}

function fail(message: string): number {
  console.error(message);
  return 2;
}
