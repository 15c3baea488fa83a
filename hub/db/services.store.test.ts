import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { queryable } from '../sql/queryable.ts';
import { createServiceStore, DEFAULT_SERVICES, readServices, replaceServices, seedDefaultServices } from './services.ts';
import { SettingNotLoadedError } from './working-hours-store.ts';

/**
 * The kiosk's service list (the `service` table), the same statements on SQLite and PostgreSQL:
 * seeded once, replaced as a whole (left-out services kept inactive), read in the kiosk's order,
 * and kept in memory by the store, which `load` fills.
 */
afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('the service list on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('is not read before it is loaded', () => {
    expect(() => createServiceStore().list({ activeOnly: false })).toThrow(SettingNotLoadedError);
  });

  it('is seeded with the defaults once, in their order', async () => {
    expect(await seedDefaultServices(opened.sql)).toBe(DEFAULT_SERVICES.length);
    expect(await seedDefaultServices(opened.sql)).toBe(0);
    const store = createServiceStore();
    await store.load(opened.sql);
    expect(store.list({ activeOnly: true })).toEqual(DEFAULT_SERVICES.map((s, i) => ({ id: s.id, name: s.name, position: i + 1, active: true })));
  });

  it('replaces the list: left-out services stay inactive, one put back is active again; active first, then by position and id', async () => {
    await replaceServices(opened.sql, {
      services: [
        { id: 'zeta', name: 'Зета', active: true },
        { id: 'vacancies', name: 'Вакансии (новое имя)', active: true },
        { id: 'alpha', name: 'Альфа', active: false },
      ],
    });
    const all = await readServices(opened.sql);
    expect(all.slice(0, 2)).toEqual([
      { id: 'zeta', name: 'Зета', position: 1, active: true },
      { id: 'vacancies', name: 'Вакансии (новое имя)', position: 2, active: true },
    ]);
    // The retired keep their old positions; a tie of position goes by id.
    expect(all.slice(2).map((s) => [s.id, s.position, s.active])).toEqual([
      ['registration', 1, false],
      ['alpha', 3, false],
      ['unemployment-benefit', 3, false],
      ['training', 4, false],
      ['career-guidance', 5, false],
      ['self-employment', 6, false],
      ['employer-services', 7, false],
      ['other', 8, false],
    ]);

    await replaceServices(opened.sql, { services: [{ id: 'registration', name: 'Регистрация', active: true }] });
    const store = createServiceStore();
    await store.load(opened.sql);
    expect(store.list({ activeOnly: true })).toEqual([{ id: 'registration', name: 'Регистрация', position: 1, active: true }]);
    expect(store.list({ activeOnly: false })).toHaveLength(DEFAULT_SERVICES.length + 2);
    // What the store hands out is a copy: changing it changes nothing in memory.
    store.list({ activeOnly: true })[0]!.name = 'испорчено';
    expect(store.list({ activeOnly: true })[0]!.name).toBe('Регистрация');
  });

  it('a replacement inside a transaction that rolls back leaves the old list', async () => {
    const before = await readServices(opened.sql);
    await expect(
      opened.sql.transaction(async (trx) => {
        await replaceServices(trx, { services: [{ id: 'other', name: 'Другое', active: true }] });
        throw new Error('откат');
      }),
    ).rejects.toThrow('откат');
    expect(await readServices(opened.sql)).toEqual(before);
  });

  it('refuses an active flag other than 0 or 1 and a missing name (CHECK, NOT NULL)', async () => {
    const db = queryable(opened.sql);
    await expect(db.insertInto('service').values({ id: 'bad', name: 'Плохо', position: 1, active: 2 }).execute()).rejects.toThrow();
    await expect(db.insertInto('service').values({ id: 'bad', name: null as unknown as string, position: 1, active: 1 }).execute()).rejects.toThrow();
    expect((await readServices(opened.sql)).some((s) => s.id === 'bad')).toBe(false);
  });
});
