import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { queryable } from '../sql/queryable.ts';
import type { OfficeTable } from '../sql/tables.ts';
import { createOfficeStore, insertOffice, readOffice, readOffices, replaceOffices, seedDefaultOffices, setOfficeClosed, updateOffice, type OfficeRow } from './offices.ts';
import { SettingNotLoadedError } from './working-hours-store.ts';

/**
 * The office directory (the `office` table), the same statements on SQLite and PostgreSQL: seeded
 * once, read in the directory's order, an office added at the end, changed, closed and reopened,
 * replaced as an office hub's apply does (an office no longer listed is closed, never deleted), and
 * kept in memory by the store, which `load` fills.
 */
afterAll(() => removeTempDirs());

const DEFAULT_ROWS: OfficeRow[] = DEFAULT_OFFICES.map((o) => ({ id: o.id, name: o.name, kind: o.kind, address: o.address, closedAt: null }));

describe.each(BOTH_DATABASES)('the office directory on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('is not read before it is loaded', () => {
    expect(() => createOfficeStore().list()).toThrow(SettingNotLoadedError);
    expect(() => createOfficeStore().find('sharya')).toThrow(SettingNotLoadedError);
  });

  it('is seeded with the 25 defaults once, in their order', async () => {
    expect(await seedDefaultOffices(opened.sql)).toBe(DEFAULT_OFFICES.length);
    expect(await seedDefaultOffices(opened.sql)).toBe(0);
    const store = createOfficeStore();
    await store.load(opened.sql);
    expect(store.list()).toEqual(DEFAULT_ROWS);
    expect(store.find('buy')).toEqual(DEFAULT_ROWS.find((o) => o.id === 'buy'));
    expect(store.find('atlantis')).toBeNull();
    // What the store hands out is a copy: changing it changes nothing in memory.
    store.find('buy')!.name = 'испорчено';
    store.list()[0]!.name = 'испорчено';
    expect(store.list()).toEqual(DEFAULT_ROWS);
  });

  it('adds an office at the end, changes it, closes and reopens it', async () => {
    await insertOffice(opened.sql, { id: 'sharya-2', kind: 'otdel', name: 'Шарья, второй зал', address: 'Вокзальная, 1' });
    const all = await readOffices(opened.sql);
    expect(all.at(-1)).toEqual({ id: 'sharya-2', kind: 'otdel', name: 'Шарья, второй зал', address: 'Вокзальная, 1', closedAt: null });
    expect(all).toHaveLength(DEFAULT_OFFICES.length + 1);
    await updateOffice(opened.sql, { id: 'sharya-2', kind: 'otdelenie', name: 'Шарья, зал на Вокзальной', address: 'Вокзальная, 2' });
    expect(await readOffice(opened.sql, 'sharya-2')).toEqual({ id: 'sharya-2', kind: 'otdelenie', name: 'Шарья, зал на Вокзальной', address: 'Вокзальная, 2', closedAt: null });
    await setOfficeClosed(opened.sql, 'sharya-2', 1_700_000_000_000);
    expect((await readOffice(opened.sql, 'sharya-2'))?.closedAt).toBe(1_700_000_000_000);
    await setOfficeClosed(opened.sql, 'sharya-2', null);
    expect((await readOffice(opened.sql, 'sharya-2'))?.closedAt).toBeNull();
    // A later insert goes after it, whatever the ids' order.
    await insertOffice(opened.sql, { id: 'a-first-by-id', kind: 'otdel', name: 'Последний', address: 'адрес' });
    expect((await readOffices(opened.sql)).slice(-2).map((o) => o.id)).toEqual(['sharya-2', 'a-first-by-id']);
  });

  it('replaces the directory as an office hub applies the central’s: in its order, the unlisted closed (once), none deleted', async () => {
    const central: OfficeRow[] = [
      { id: 'buy', kind: 'otdelenie', name: 'Буйское отделение (новое имя)', address: 'Буй', closedAt: null },
      { id: 'new-one', kind: 'otdel', name: 'Новый отдел', address: 'Кострома', closedAt: null },
      { id: 'kostroma', kind: 'otdelenie', name: 'Костромское отделение', address: 'Кострома', closedAt: 1_000 },
    ];
    await setOfficeClosed(opened.sql, 'sharya-2', 500);
    await opened.sql.transaction((trx) => replaceOffices(trx, central, 2_000));
    const after = await readOffices(opened.sql);
    expect(after.slice(0, 3)).toEqual(central);
    expect(after).toHaveLength(DEFAULT_OFFICES.length + 3);
    // Not listed: closed at `now`; one already closed keeps its own time.
    expect(after.find((o) => o.id === 'sharya')?.closedAt).toBe(2_000);
    expect(after.find((o) => o.id === 'sharya-2')?.closedAt).toBe(500);
    expect(after.slice(3).every((o) => o.closedAt !== null)).toBe(true);
    // The same snapshot again changes nothing.
    await replaceOffices(opened.sql, central, 3_000);
    expect(await readOffices(opened.sql)).toEqual(after);
  });

  it('a replacement inside a transaction that rolls back leaves the old directory', async () => {
    const before = await readOffices(opened.sql);
    await expect(
      opened.sql.transaction(async (trx) => {
        await replaceOffices(trx, [{ id: 'sharya', kind: 'otdelenie', name: 'Шарья', address: 'адрес', closedAt: null }], 4_000);
        throw new Error('откат');
      }),
    ).rejects.toThrow('откат');
    expect(await readOffices(opened.sql)).toEqual(before);
  });

  it('refuses an unknown kind, a missing name and a second row with the same id (CHECK, NOT NULL, PRIMARY KEY)', async () => {
    const db = queryable(opened.sql);
    const row = (over: Partial<OfficeTable>): OfficeTable => ({ id: 'bad', name: 'Плохо', kind: 'otdel', address: 'адрес', position: 99, closed_at: null, ...over });
    await expect(db.insertInto('office').values(row({ kind: 'filial' as OfficeTable['kind'] })).execute()).rejects.toThrow();
    await expect(db.insertInto('office').values(row({ name: null as unknown as string })).execute()).rejects.toThrow();
    await expect(db.insertInto('office').values(row({ id: 'buy' })).execute()).rejects.toThrow();
    expect(await readOffice(opened.sql, 'bad')).toBeNull();
  });
});
