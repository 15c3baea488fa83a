import { serviceIdSchema } from '../../shared/records.ts';
import { z } from '../../shared/zod.ts';
import type { Kysely } from 'kysely';
import { inTransaction, queryable, type Queryable } from '../sql/queryable.ts';
import type { Tables } from '../sql/tables.ts';
import { newestLoadWins } from './newest-load.ts';
import { SettingNotLoadedError } from './working-hours-store.ts';

/**
 * The list of services of the kiosk's last question, edited by the CX sector. A new database gets a
 * default list of the employment centre's usual services; an existing list is the CX sector's.
 *
 * The `service` table is on CentralSql (hub/sql/). The list is small and read synchronously in many
 * places (kiosk configuration, invitation links, public answers' checks, report labels), so it is
 * kept in memory (ctx.services): `load` fills it at start (loadRegionalSettings in startHub) and
 * again after every transaction that wrote the table, committed or rolled back.
 */
export interface Service {
  id: string;
  name: string;
  position: number;
  active: boolean;
}

/** What a report needs of a service: its name, by id (ctx.services.list({ activeOnly: false }), services taken off the list too). */
export type ServiceName = Pick<Service, 'id' | 'name'>;

export const DEFAULT_SERVICES: readonly { id: string; name: string }[] = [
  { id: 'registration', name: 'Регистрация в целях поиска подходящей работы' },
  { id: 'vacancies', name: 'Подбор вакансий' },
  { id: 'unemployment-benefit', name: 'Пособие по безработице' },
  { id: 'training', name: 'Профессиональное обучение и дополнительное образование' },
  { id: 'career-guidance', name: 'Профориентация' },
  { id: 'self-employment', name: 'Содействие началу собственного дела' },
  { id: 'employer-services', name: 'Содействие работодателям в подборе работников' },
  { id: 'other', name: 'Другое' },
];

/** The body of PUT /api/services: the whole list in the order the kiosk shows it. */
export const serviceListSchema = z
  .strictObject({
    services: z
      .array(
        z.strictObject({
          id: serviceIdSchema,
          name: z.string().trim().min(2).max(120),
          active: z.boolean().default(true),
        }),
      )
      .max(50),
  })
  .refine((list) => new Set(list.services.map((s) => s.id)).size === list.services.length, { message: 'идентификаторы услуг повторяются', path: ['services'] });
export type ServiceList = z.infer<typeof serviceListSchema>;

/** Fills an empty list with the defaults; returns how many were written (0: the list had services). */
export async function seedDefaultServices(sql: Queryable): Promise<number> {
  // The count and the seed in one transaction: two starts racing cannot both find the list empty.
  return inTransaction(sql, async (trx) => {
    const row = await trx.selectFrom('service').select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
    if (Number(row.count) > 0) return 0;
    await replaceServices(trx, { services: DEFAULT_SERVICES.map((s) => ({ ...s, active: true })) });
    return DEFAULT_SERVICES.length;
  });
}

/** The whole list from the database, the active ones first, each part in the kiosk's order. */
export async function readServices(sql: Queryable): Promise<Service[]> {
  const rows = await queryable(sql).selectFrom('service').select(['id', 'name', 'position', 'active']).orderBy('active', 'desc').orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, position: r.position, active: r.active === 1 }));
}

/**
 * Makes the given list the current one, in its order. Services left out stay in the table as
 * inactive (responses name them); one put back becomes active again under its old id. Given ctx.sql,
 * runs in a transaction of its own; given the open transaction of a change, in that one.
 */
export async function replaceServices(sql: Queryable, list: ServiceList): Promise<void> {
  const write = async (trx: Kysely<Tables>) => {
    await trx.updateTable('service').set({ active: 0 }).execute();
    for (const [i, s] of list.services.entries()) {
      await trx
        .insertInto('service')
        .values({ id: s.id, name: s.name, position: i + 1, active: s.active ? 1 : 0 })
        .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), position: eb.ref('excluded.position'), active: eb.ref('excluded.active') })))
        .execute();
    }
  };
  await inTransaction(sql, write);
}

/** The list in memory: read synchronously; `load` after every write, so it holds what the database holds. */
export interface ServiceStore {
  list(options: { activeOnly: boolean }): Service[];
  /** Reads the table into memory: at start, and after a transaction that wrote it ended. */
  load(sql: Queryable): Promise<void>;
}

export function createServiceStore(): ServiceStore {
  let loaded: Service[] | null = null;
  const load = newestLoadWins();
  return {
    list(options) {
      if (loaded === null) throw new SettingNotLoadedError('список услуг ещё не прочитан из базы (load при запуске хаба)');
      return (options.activeOnly ? loaded.filter((s) => s.active) : loaded).map((s) => ({ ...s }));
    },
    load: (sql) => load(() => readServices(sql), (rows) => (loaded = rows)),
  };
}
