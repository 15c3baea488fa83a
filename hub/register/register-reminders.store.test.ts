import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import { registerEventSchema, type RegisterEvent } from '../../shared/register.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { readOffices, seedDefaultOffices } from '../db/offices.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { sqlOverSqlite, type CentralSql } from '../sql/central-sql.ts';
import { planReminders, rememberReminder } from './register-reminders.ts';
import { createRegisterStore } from './register-store.ts';

/**
 * The register's mailed reminders (register_reminder), the same statements on the hub's SQLite and
 * on the central's PostgreSQL, with the register's entries (register_entry) beside them in the same
 * database.
 */
const NOW = Date.parse('2026-03-02T07:00:00.000Z');

afterAll(() => removeTempDirs());

function opened(summary: string, receivedOn = '2026-03-02'): RegisterEvent {
  const id = newRecordId();
  return registerEventSchema.parse({
    id,
    entryId: id,
    officeId: 'sharya',
    bornAt: new Date(NOW).toISOString(),
    by: 'clerk',
    step: 'opened',
    receivedOn,
    details: { channel: 'written-appeal', incomingNumber: null },
    summary,
    tone: 'neutral',
    topics: [],
    author: { name: 'Петров', address: 'Шарья', contacts: null },
    answerOwed: true,
  });
}

describe.each(BOTH_DATABASES)('register reminders on $name', (database) => {
  let opened_: OpenedDatabase;
  let hub: Db;
  let sql: CentralSql;
  beforeAll(async () => {
    opened_ = await database.open();
    hub = openDatabase(path.join(makeTempDir('reminders-'), 'hub.sqlite')).db;
    seedOfficesOnSqlite(hub);
    sql = database.name === 'sqlite' ? sqlOverSqlite(hub) : opened_.sql;
    // The office directory is on CentralSql too (empty on a fresh PostgreSQL database).
    await seedDefaultOffices(sql);
  });
  afterAll(async () => {
    await opened_?.close();
    hub?.close();
  });

  const plan = async (today: string) => (await planReminders(sql, await readOffices(sql), today, ['cx@czn.example'], null)).map((r) => `${r.entryId}:${r.what}:${r.dueOn}:${r.kind}`);

  it('plans a reminder until it is remembered, once before and once missed; remembering again is harmless', async () => {
    const entry = opened('Прошу пересчитать пособие');
    const store = createRegisterStore(sql);
    await sql.transaction((trx) => store.receive(trx, [entry], NOW));
    expect(await plan('2026-03-02')).toEqual([]);
    expect(await plan('2026-03-03')).toEqual([`${entry.id}:register:2026-03-05:before`]);
    const [before] = await planReminders(sql, await readOffices(sql), '2026-03-03', ['cx@czn.example'], null);
    await rememberReminder(sql, before!, NOW);
    await rememberReminder(sql, before!, NOW + 1000);
    expect(await plan('2026-03-03')).toEqual([]);
    expect(await plan('2026-03-05')).toEqual([]);
    expect(await plan('2026-03-06')).toEqual([`${entry.id}:register:2026-03-05:missed`]);
    await rememberReminder(sql, { entryId: entry.id, what: 'register', dueOn: '2026-03-05', kind: 'missed' }, NOW + 2000);
    expect(await plan('2026-03-06')).toEqual([]);
    const rows = await sql.db.selectFrom('register_reminder').selectAll().where('entry_id', '=', entry.id).orderBy('kind').execute();
    expect(rows).toEqual([
      { entry_id: entry.id, what: 'register', due_on: '2026-03-05', kind: 'before', sent_at: NOW },
      { entry_id: entry.id, what: 'register', due_on: '2026-03-05', kind: 'missed', sent_at: NOW + 2000 },
    ]);
    await sql.db.deleteFrom('register_reminder').execute();
    await sql.db.deleteFrom('register_entry').execute();
  });

  it('plans the oldest due date first, and only what is not mailed, among many entries', async () => {
    const store = createRegisterStore(sql);
    const later = opened('позже', '2026-03-03');
    const earlier = opened('раньше', '2026-03-02');
    await sql.transaction((trx) => store.receive(trx, [later, earlier], NOW));
    const many = Array.from({ length: 510 }, (_, i) => opened(`ещё ${i}`, '2026-02-02'));
    await sql.transaction((trx) => store.receive(trx, many, NOW));
    for (const entry of many.slice(1)) await rememberReminder(sql, { entryId: entry.id, what: 'register', dueOn: '2026-02-05', kind: 'missed' }, NOW);
    const planned = await plan('2026-03-10');
    expect(planned).toEqual([`${many[0]!.id}:register:2026-02-05:missed`, `${earlier.id}:register:2026-03-05:missed`, `${later.id}:register:2026-03-06:missed`]);
  });

  it('refuses a reminder of an unknown kind (CHECK on both)', async () => {
    await expect(
      sql.db
        .insertInto('register_reminder')
        .values({ entry_id: 'x', what: 'register', due_on: '2026-03-05', kind: 'later' as 'before', sent_at: NOW })
        .execute(),
    ).rejects.toThrow();
  });
});
