import { beforeAll } from 'vitest';
import { createDeviceCredentials, type DeviceHolder } from '../../hub/devices/credentials.ts';
import { seedDefaultOffices } from '../../hub/db/offices.ts';
import type { CentralSql } from '../../hub/sql/central-sql.ts';
import { openForSuite, type DatabaseUnderTest } from './both-databases.ts';

/**
 * `database` opened for the enclosing describe block with the office directory seeded (the
 * devices' parent: empty on a fresh database) and the device credentials loaded, as a hub holds them.
 */
export function openDevicesForSuite(database: DatabaseUnderTest, use: (opened: { sql: CentralSql; hub: DeviceHolder }) => void): void {
  let sql!: CentralSql;
  openForSuite(database, (s) => (sql = s));
  beforeAll(async () => {
    await seedDefaultOffices(sql);
    const hub: DeviceHolder = { sql, devices: createDeviceCredentials() };
    await hub.devices.load(sql);
    use({ sql, hub });
  });
}
