import type { Insertable } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import type { InterviewerRefusal } from '../../shared/interviewer.ts';
import { BOTH_DATABASES, openForSuite } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { InterviewerRefusalTable } from '../sql/tables.ts';
import { countRefusals, storeRefusal } from './refusals.ts';

/**
 * The exit poll's refusals, the same statements on the hub's SQLite and on PostgreSQL
 * (hub/sql/central-sql.ts): stored once by the tablet's id, a resend a duplicate, another body
 * under the same id a conflict that changes nothing, counted by survey version, office and time.
 */
const refusal = (over: Partial<InterviewerRefusal> = {}): InterviewerRefusal => ({ kind: 'interviewer-refusal', id: newRecordId(), officeId: 'sharya', surveyId: 'exit', version: 1, bornAt: new Date(10_000).toISOString(), ...over });
const at = (ms: number) => new Date(ms).toISOString();

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('the exit poll refusals on $name', (database) => {
  let sql!: CentralSql;
  openForSuite(database, (opened) => (sql = opened));

  it('stores a refusal once: a resend is a duplicate, another body under its id a conflict kept as it was', async () => {
    const tap = refusal({ surveyId: 'once' });
    expect(await storeRefusal(sql.db, tap, 20_000)).toBe('stored');
    expect(await storeRefusal(sql.db, tap, 30_000)).toBe('duplicate');
    for (const other of [{ officeId: 'buy' }, { surveyId: 'other' }, { version: 2 }, { bornAt: at(10_001) }]) {
      expect(await storeRefusal(sql.db, { ...tap, ...other }, 30_000)).toBe('conflict');
    }
    expect(await countRefusals(sql, { surveyId: 'once', version: 1, officeId: 'sharya' }, { start: 0, end: 100_000 })).toBe(1);
    expect(await countRefusals(sql, { surveyId: 'other', version: 1, officeId: 'sharya' }, { start: 0, end: 100_000 })).toBe(0);
    const row = await sql.db.selectFrom('interviewer_refusal').selectAll().where('id', '=', tap.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ id: tap.id, office_id: 'sharya', survey_id: 'once', version: 1, born_at: 10_000, received_at: 20_000 });
  });

  it('counts by survey, version and office, born in [start, end)', async () => {
    const scope = { surveyId: 'count', version: 3, officeId: 'sharya' };
    for (const bornAt of [1_000, 1_999, 2_000, 2_999, 3_000]) await storeRefusal(sql.db, refusal({ ...scope, bornAt: at(bornAt) }), 5_000);
    await storeRefusal(sql.db, refusal({ ...scope, version: 4, bornAt: at(2_500) }), 5_000);
    await storeRefusal(sql.db, refusal({ ...scope, officeId: 'buy', bornAt: at(2_500) }), 5_000);
    await storeRefusal(sql.db, refusal({ ...scope, surveyId: 'count-other', bornAt: at(2_500) }), 5_000);
    expect(await countRefusals(sql, scope, { start: 2_000, end: 3_000 })).toBe(2);
    expect(await countRefusals(sql, scope, { start: 0, end: 10_000 })).toBe(5);
    expect(await countRefusals(sql, scope, { start: 3_001, end: 10_000 })).toBe(0);
    expect(await countRefusals(sql, { ...scope, version: 4 }, { start: 0, end: 10_000 })).toBe(1);
    expect(await countRefusals(sql, { ...scope, officeId: 'buy' }, { start: 0, end: 10_000 })).toBe(1);
  });

  it('stores in a transaction with what else the batch holds: all of it, or none', async () => {
    const scope = { surveyId: 'batch', version: 1, officeId: 'sharya' };
    const taps = [refusal(scope), refusal(scope)];
    expect(await sql.transaction(async (trx) => Promise.all(taps.map((t) => storeRefusal(trx, t, 1))))).toEqual(['stored', 'stored']);
    await expect(
      sql.transaction(async (trx) => {
        await storeRefusal(trx, refusal(scope), 1);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await countRefusals(sql, scope, { start: 0, end: 100_000 })).toBe(2);
  });

  it('the table refuses a row without its survey or its time', async () => {
    const row = (over: Partial<Insertable<InterviewerRefusalTable>>): Insertable<InterviewerRefusalTable> => ({ id: newRecordId(), office_id: 'sharya', survey_id: 'nulls', version: 1, born_at: 1, received_at: 1, ...over });
    await expect(sql.db.insertInto('interviewer_refusal').values(row({ survey_id: null as unknown as string })).execute()).rejects.toThrow();
    await expect(sql.db.insertInto('interviewer_refusal').values(row({ born_at: null as unknown as number })).execute()).rejects.toThrow();
    const taken = row({});
    await sql.db.insertInto('interviewer_refusal').values(taken).execute();
    await expect(sql.db.insertInto('interviewer_refusal').values({ ...taken, survey_id: 'again' }).execute()).rejects.toThrow();
    expect(await countRefusals(sql, { surveyId: 'nulls', version: 1, officeId: 'sharya' }, { start: 0, end: 10 })).toBe(1);
  });
});
