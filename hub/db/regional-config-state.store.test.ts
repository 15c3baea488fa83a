import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONAL_CONFIG_SCHEMA_VERSION } from '../../shared/protocol/regional-config.ts';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { configStatus, readConfigState, recordApplied, recordPulled, recordPullError } from './regional-config-state.ts';

/**
 * The office hub's regional configuration state, the same statements on SQLite (whose migration
 * makes the one row) and PostgreSQL (whose does not: a missing row reads as nothing applied).
 */
afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('the regional configuration state on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('starts with nothing applied, pulled or failed', async () => {
    expect(await readConfigState(opened.sql)).toEqual({ revision: null, schemaVersion: null, changedAt: null, appliedAt: null, lastPullAt: null, lastError: null });
    expect(await configStatus(opened.sql, true, 1000)).toEqual({
      fromCentral: true,
      revision: null,
      changedAt: null,
      appliedAt: null,
      ageSeconds: null,
      lastPullAt: null,
      lastError: null,
      failing: false,
      programSchemaVersion: REGIONAL_CONFIG_SCHEMA_VERSION,
    });
  });

  it('a pull error is kept (its message cut at 500 characters) and the state is failing until a good pull', async () => {
    const { sql } = opened;
    await recordPullError(sql, 'unreachable', 'н'.repeat(600), 2000);
    expect((await readConfigState(sql)).lastError).toEqual({ code: 'unreachable', message: 'н'.repeat(500), at: 2000 });
    expect(await configStatus(sql, true, 3000)).toMatchObject({ failing: true, lastPullAt: null, lastError: { code: 'unreachable', at: new Date(2000).toISOString() } });
    await recordPulled(sql, 4000);
    expect(await configStatus(sql, true, 5000)).toMatchObject({ failing: false, lastPullAt: new Date(4000).toISOString(), lastError: { code: 'unreachable' } });
  });

  it('an applied revision is recorded with its pull, in the transaction of the change (or not at all)', async () => {
    const { sql } = opened;
    await sql.transaction((trx) => recordApplied(trx, { revision: 5, schemaVersion: 1, changedAt: 6000, now: 7000 }));
    expect(await readConfigState(sql)).toEqual({ revision: 5, schemaVersion: 1, changedAt: 6000, appliedAt: 7000, lastPullAt: 7000, lastError: { code: 'unreachable', message: 'н'.repeat(500), at: 2000 } });
    await expect(
      sql.transaction(async (trx) => {
        await recordApplied(trx, { revision: 6, schemaVersion: 1, changedAt: 8000, now: 9000 });
        expect((await readConfigState(trx)).revision).toBe(6);
        throw new Error('отказ');
      }),
    ).rejects.toThrow('отказ');
    expect((await readConfigState(sql)).revision).toBe(5);
    expect(await configStatus(sql, true, 16_000)).toMatchObject({ revision: 5, changedAt: new Date(6000).toISOString(), appliedAt: new Date(7000).toISOString(), ageSeconds: 10, failing: false });
    expect(await sql.db.selectFrom('regional_config_state').select('id').execute()).toEqual([{ id: 1 }]);
  });

  it('holds one row only', async () => {
    await expect(opened.sql.db.insertInto('regional_config_state').values({ id: 2, revision: null, schema_version: null, changed_at: null, applied_at: null, last_pull_at: null, last_error_code: null, last_error: null, last_error_at: null }).execute()).rejects.toThrow();
  });
});
