import { serviceIdSchema } from '../../shared/records.ts';
import { z } from '../../shared/zod.ts';
import type { Db } from './open.ts';

/**
 * The list of services of the kiosk's last question, edited by the CX sector. A new database gets a
 * default list of the employment centre's usual services; an existing list is the CX sector's.
 */
export interface Service {
  id: string;
  name: string;
  position: number;
  active: boolean;
}

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

export function seedDefaultServices(db: Db): number {
  const { count } = db.prepare('SELECT count(*) AS count FROM service').get() as { count: number };
  if (count > 0) return 0;
  replaceServices(db, { services: DEFAULT_SERVICES.map((s) => ({ ...s, active: true })) });
  return DEFAULT_SERVICES.length;
}

export function listServices(db: Db, options: { activeOnly: boolean }): Service[] {
  const rows = db.prepare(`SELECT id, name, position, active FROM service ${options.activeOnly ? 'WHERE active = 1' : ''} ORDER BY active DESC, position, id`).all() as {
    id: string;
    name: string;
    position: number;
    active: number;
  }[];
  return rows.map((r) => ({ id: r.id, name: r.name, position: r.position, active: r.active === 1 }));
}

/**
 * Makes the given list the current one, in its order. Services left out stay in the table as
 * inactive (responses name them); one put back becomes active again under its old id.
 */
export function replaceServices(db: Db, list: ServiceList): void {
  const upsert = db.prepare(
    `INSERT INTO service (id, name, position, active) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, position = excluded.position, active = excluded.active`,
  );
  const retireAll = db.prepare('UPDATE service SET active = 0');
  db.transaction(() => {
    retireAll.run();
    list.services.forEach((s, i) => upsert.run(s.id, s.name, i + 1, s.active ? 1 : 0));
  })();
}
