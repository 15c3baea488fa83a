import type { Kysely } from 'kysely';
import { DEFAULT_OFFICES, type Office } from '../../shared/offices.ts';
import { inTransaction, queryable, type Queryable } from '../sql/queryable.ts';
import type { Tables } from '../sql/tables.ts';
import { newestLoadWins } from './newest-load.ts';
import { SettingNotLoadedError } from './working-hours-store.ts';

/**
 * The office directory (`office` table), on CentralSql (hub/sql/). It is small and read synchronously
 * in many places (routes' checks, report labels, the board), so it is kept in memory (ctx.offices):
 * `load` fills it at start (loadRegionalSettings in startHub) and again after every write, committed
 * or rolled back. Ids are never deleted: records, devices and keys name them; an office is closed.
 */
export interface OfficeRow extends Office {
  closedAt: number | null;
}


/** Fills the directory with the 25 default offices on a new database; an existing directory is the admin's. */
export async function seedDefaultOffices(sql: Queryable): Promise<number> {
  return inTransaction(sql, async (db) => {
    const row = await db.selectFrom('office').select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
    if (Number(row.count) > 0) return 0;
    await db
      .insertInto('office')
      .values(DEFAULT_OFFICES.map((o, i) => ({ id: o.id, name: o.name, kind: o.kind, address: o.address, position: i + 1, closed_at: null })))
      .execute();
    return DEFAULT_OFFICES.length;
  });
}

/** The whole directory from the database, in its order (closed offices too). */
export async function readOffices(sql: Queryable): Promise<OfficeRow[]> {
  const rows = await queryable(sql).selectFrom('office').select(['id', 'name', 'kind', 'address', 'closed_at']).orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, address: r.address, closedAt: r.closed_at }));
}

/** One office from the database (null: no such id); a caller holding ctx reads ctx.offices.find instead. */
export async function readOffice(sql: Queryable, id: string): Promise<OfficeRow | null> {
  return (await readOffices(sql)).find((o) => o.id === id) ?? null;
}

/**
 * Office hub: the central's directory becomes this hub's. Ids are never deleted (records and devices
 * name them): an office the central no longer lists is closed. Given ctx.sql, runs in a transaction
 * of its own; given the open transaction of a change (apply-snapshot), in that one.
 */
export async function replaceOffices(sql: Queryable, offices: readonly OfficeRow[], now: number): Promise<void> {
  await inTransaction(sql, async (db) => {
    for (const [i, o] of offices.entries()) {
      await db
        .insertInto('office')
        .values({ id: o.id, name: o.name, kind: o.kind, address: o.address, position: i + 1, closed_at: o.closedAt })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), kind: eb.ref('excluded.kind'), address: eb.ref('excluded.address'), position: eb.ref('excluded.position'), closed_at: eb.ref('excluded.closed_at') })),
        )
        .execute();
    }
    const listed = offices.map((o) => o.id);
    let close = db.updateTable('office').set({ closed_at: now }).where('closed_at', 'is', null);
    if (listed.length > 0) close = close.where('id', 'not in', listed);
    await close.execute();
  });
}

/** A new office at the end of the directory; the caller has checked that the id is free. */
export async function insertOffice(sql: Queryable, office: Office): Promise<void> {
  await inTransaction(sql, async (db) => {
    const last = await db.selectFrom('office').select((eb) => eb.fn.max('position').as('position')).executeTakeFirst();
    await db
      .insertInto('office')
      .values({ id: office.id, name: office.name, kind: office.kind, address: office.address, position: Number(last?.position ?? 0) + 1, closed_at: null })
      .execute();
  });
}

/** Name, kind and address as given (the id never changes). */
export async function updateOffice(sql: Queryable, office: Office): Promise<void> {
  await queryable(sql).updateTable('office').set({ name: office.name, kind: office.kind, address: office.address }).where('id', '=', office.id).execute();
}

/** Closes (at `closedAt`) or reopens (null) an office; its row and every record naming it stay. */
export async function setOfficeClosed(sql: Queryable, id: string, closedAt: number | null): Promise<void> {
  await queryable(sql).updateTable('office').set({ closed_at: closedAt }).where('id', '=', id).execute();
}

/** The directory in memory: read synchronously; `load` after every write, so it holds what the database holds. */
export interface OfficeStore {
  /** Every office in the directory's order, closed ones too. */
  list(): OfficeRow[];
  find(id: string): OfficeRow | null;
  /** Reads the table into memory: at start, and after a transaction that wrote it ended. */
  load(sql: Queryable): Promise<void>;
}

export function createOfficeStore(): OfficeStore {
  let loaded: OfficeRow[] | null = null;
  const load = newestLoadWins();
  const rows = (): OfficeRow[] => {
    if (loaded === null) throw new SettingNotLoadedError('справочник отделов ещё не прочитан из базы (load при запуске хаба)');
    return loaded;
  };
  return {
    list: () => rows().map((o) => ({ ...o })),
    find(id) {
      const found = rows().find((o) => o.id === id);
      return found ? { ...found } : null;
    },
    load: (sql) => load(() => readOffices(sql), (rows) => (loaded = rows)),
  };
}

/** A store already loaded from `sql` (CLI, scripts and tests that hold only a database). */
export async function loadedOfficeStore(sql: Queryable): Promise<OfficeStore> {
  const store = createOfficeStore();
  await store.load(sql);
  return store;
}
