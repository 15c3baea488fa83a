import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findOfficeKey, issueOfficeKey } from '../hub/central/office-keys.ts';
import { readOffice, seedDefaultOffices } from '../hub/db/offices.ts';
import { openDatabase } from '../hub/db/open.ts';
import { createDeviceCredentials, listDevices, registerDevice, revokeDevice } from '../hub/devices/credentials.ts';
import { createPairingCode } from '../hub/staff/device-pairing.ts';
import { sqlOverSqlite } from '../hub/sql/central-sql.ts';
import { countAdmins } from '../hub/staff/users.ts';

/**
 * What the `npm start` stack needs before its services start: the office hub's key on the central,
 * the driver's device credential on the office hub, and (until the kiosk is paired) a pairing code.
 * The credentials are kept in DATA_DIR/dev-stack.json (mode 0600) so a restart reuses them; each
 * is checked against its database and issued again when it no longer works. Only this step opens
 * the databases, before the hubs start: a file has one owner at a time.
 */
export interface DevStackSecrets {
  centralKeyId: string;
  centralKey: string;
  driverDeviceId: string;
  driverToken: string;
  /** Lines for the start banner: pairing code, first-admin instructions. */
  notes: string[];
}

interface Options {
  dataDir: string;
  officeId: string;
  officePort: number;
  centralPort: number;
}

export async function provisionDevStack(options: Options): Promise<DevStackSecrets> {
  const file = path.join(options.dataDir, 'dev-stack.json');
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevStackSecrets>) : {};
  const now = Date.now();
  const notes: string[] = [];
  const centralNotes: string[] = [];

  const central = openDatabase(path.join(options.dataDir, 'central', 'central.sqlite')).db;
  let centralKeyId = saved.centralKeyId ?? '';
  let centralKey = saved.centralKey ?? '';
  const centralSql = sqlOverSqlite(central);
  try {
    await seedDefaultOffices(centralSql);
    if ((await countAdmins(centralSql)) === 0) {
      centralNotes.push(
        `Первый администратор (заводится на центральном сборщике, входит и на хабе отдела — учётные записи приходят туда с настройками области): ROLE=central DATA_DIR=${shown(path.join(options.dataDir, 'central'))} PUBLIC_BASE_URL=http://127.0.0.1:${options.centralPort} npm run hub -- users add --admin <логин>  (напечатает одноразовую ссылку для пароля)`,
      );
    }
    const held = centralKeyId ? await findOfficeKey(centralSql, centralKeyId) : null;
    if (!held || held.revokedAt !== null || held.secret !== centralKey) {
      const issued = await issueOfficeKey(centralSql, await readOffice(centralSql, options.officeId), now, { rotate: true });
      if (!issued.ok) throw new Error(`ключ отдела ${options.officeId} на центральном сборщике не выдан: ${issued.reason}`);
      centralKeyId = issued.value.keyId;
      centralKey = issued.value.secret;
    }
  } finally {
    central.close();
  }

  const office = openDatabase(path.join(options.dataDir, `office-${options.officeId}.sqlite`)).db;
  const driverDeviceId = `${options.officeId}-panels`;
  let driverToken = saved.driverToken ?? '';
  try {
    await seedDefaultOffices(sqlOverSqlite(office));
    const officeSql = sqlOverSqlite(office);
    const devices = createDeviceCredentials();
    await devices.load(officeSql);
    if (!driverToken || devices.authenticate(driverToken)?.id !== driverDeviceId) {
      await revokeDevice(officeSql, driverDeviceId, now);
      driverToken = await registerDevice(officeSql, { id: driverDeviceId, officeId: options.officeId, kind: 'panel-driver', name: 'Драйвер пультов (симулятор)' }, now);
    }
    const kioskId = `${options.officeId}-kiosk-1`;
    if (!(await listDevices(officeSql)).some((d) => d.id === kioskId && d.revokedAt === null)) {
      const { code } = await createPairingCode(sqlOverSqlite(office), { deviceId: kioskId, officeId: options.officeId, kind: 'kiosk', name: 'Киоск 1' }, 'npm start', now);
      notes.push(`Код привязки киоска (10 минут): ${code} — введите его на экране настройки киоска.`);
    }
  } finally {
    office.close();
  }

  writeFileSync(file, JSON.stringify({ centralKeyId, centralKey, driverDeviceId, driverToken }, null, 2), { mode: 0o600 });
  return { centralKeyId, centralKey, driverDeviceId, driverToken, notes: [...notes, ...centralNotes] };
}

/** A data directory as a person would type it: relative when below the current one. */
function shown(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' ? '.' : relative.startsWith('..') ? dir : relative;
}
