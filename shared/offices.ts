import { OFFICE_ID_PATTERN, OFFICE_ID_PROBLEM, OFFICE_KINDS } from './office-words.ts';
import { z } from './zod.ts';

/**
 * The office directory: the 25 local units of ОГКУ «ЦЗН Костромской области» (seed 000, §1.5).
 * This list is only the default data a new hub database is filled with; the directory itself
 * lives in the `office` table, where an admin can add, rename or close an office later.
 * Ids are stable Latin slugs: they travel inside every record and must never change.
 */
export const officeIdSchema = z.string().regex(OFFICE_ID_PATTERN, OFFICE_ID_PROBLEM);
export type OfficeId = z.infer<typeof officeIdSchema>;

export const officeKindSchema = z.enum(OFFICE_KINDS);
export type OfficeKind = z.infer<typeof officeKindSchema>;

export const officeSchema = z.object({
  id: officeIdSchema,
  name: z.string().min(2).max(120),
  kind: officeKindSchema,
  address: z.string().min(5).max(300),
});
export type Office = z.infer<typeof officeSchema>;

export const DEFAULT_OFFICES: readonly Office[] = [
  { id: 'kostroma', kind: 'otdelenie', name: 'Костромское отделение', address: '156013, г. Кострома, ул. Комсомольская, д. 81А' },
  { id: 'buy', kind: 'otdelenie', name: 'Буйское отделение', address: 'Костромская область, Буйский район, г. Буй, ул. 1917 года, д. 2' },
  { id: 'volgorechensk', kind: 'otdelenie', name: 'Волгореченское отделение', address: 'Костромская область, г. Волгореченск, ул. 50-летия Ленинского Комсомола, д. 17А' },
  { id: 'galich', kind: 'otdelenie', name: 'Галичское отделение', address: 'Костромская область, Галичский район, г. Галич, ул. Свободы, д. 14' },
  { id: 'nerekhta', kind: 'otdelenie', name: 'Нерехтское отделение', address: 'Костромская область, Нерехтский район, г. Нерехта, ул. Каблучников, д. 3' },
  { id: 'makaryev', kind: 'otdelenie', name: 'Макарьевское отделение', address: 'Костромская область, Макарьевский район, г. Макарьев, ул. Большая Советская, д. 24' },
  { id: 'manturovo', kind: 'otdelenie', name: 'Мантуровское отделение', address: 'Костромская область, Мантуровский район, г. Мантурово, ул. Центральная, д. 41 «В»' },
  { id: 'sharya', kind: 'otdelenie', name: 'Шарьинское отделение', address: 'Костромская область, Шарьинский район, г. Шарья, ул. Адмирала Виноградова, д. 37 «Б»' },
  { id: 'antropovo', kind: 'otdel', name: 'Антроповский отдел', address: 'Костромская область, Антроповский район, п. Антропово, ул. Октябрьская, д. 23' },
  { id: 'vokhma', kind: 'otdel', name: 'Вохомский отдел', address: 'Костромская область, Вохомский район, п. Вохма, ул. Первомайская, д. 35 А' },
  { id: 'kadyy', kind: 'otdel', name: 'Кадыйский отдел', address: 'Костромская область, Кадыйский район, п. Кадый, ул. Макарьевская, д. 6' },
  { id: 'kologriv', kind: 'otdel', name: 'Кологривский отдел', address: 'Костромская область, Кологривский район, г. Кологрив, ул. Куйбышева, д. 7' },
  { id: 'krasnoe', kind: 'otdel', name: 'Красносельский отдел', address: 'Костромская область, Красносельский район, п. Красное-на-Волге, ул. Садовая, д. 1' },
  { id: 'mezha', kind: 'otdel', name: 'Межевской отдел', address: 'Костромская область, Межевской район, с. Георгиевское, ул. Колхозная, д. 13' },
  { id: 'neya', kind: 'otdel', name: 'Нейский отдел', address: 'Костромская область, Нейский район, г. Нея, ул. Советская, д. 39' },
  { id: 'ostrovskoye', kind: 'otdel', name: 'Островский отдел', address: 'Костромская область, Островский район, п. Островское, ул. Советская, д. 91, этаж 1' },
  { id: 'oktyabrsky', kind: 'otdel', name: 'Октябрьский отдел', address: 'Костромская область, Октябрьский район, с. Боговарово, ул. Победы, д. 35' },
  { id: 'pyshchug', kind: 'otdel', name: 'Пыщугский отдел', address: 'Костромская область, Пыщугский район, с. Пыщуг, ул. Советская, д. 4' },
  { id: 'parfenyevo', kind: 'otdel', name: 'Парфеньевский отдел', address: 'Костромская область, Парфеньевский район, с. Парфеньево, ул. Пионерская, д. 12' },
  { id: 'pavino', kind: 'otdel', name: 'Павинский отдел', address: 'Костромская область, Павинский район, с. Павино, ул. Первомайская, д. 3' },
  { id: 'ponazyrevo', kind: 'otdel', name: 'Поназыревский отдел', address: 'Костромская область, Поназыревский район, пгт Поназырево, пер. 1-й Пролетарский, д. 2' },
  { id: 'soligalich', kind: 'otdel', name: 'Солигаличский отдел', address: 'Костромская область, Солигаличский район, г. Солигалич, ул. В. Серогодского, д. 18' },
  { id: 'sudislavl', kind: 'otdel', name: 'Судиславский отдел', address: 'Костромская область, Судиславский район, пгт Судиславль, ул. Невского, д. 6а' },
  { id: 'susanino', kind: 'otdel', name: 'Сусанинский отдел', address: 'Костромская область, Сусанинский район, пгт Сусанино, ул. Ленина, д. 9' },
  { id: 'chukhloma', kind: 'otdel', name: 'Чухломской отдел', address: 'Костромская область, Чухломской район, г. Чухлома, ул. Ленина, д. 7' },
];
