import { periodContaining, moscowDate, moscowDay, moscowMidnight } from '../shared/periods.ts';
import { newRecordId } from '../shared/ids.ts';
import { mulberry32 } from '../shared/seeded-random.ts';
import type { Press } from '../shared/records.ts';
import type { Db } from '../hub/db/open.ts';
import { readOffices } from '../hub/db/offices.ts';
import { createRecordStore } from '../hub/db/record-rows.ts';
import { measureEffect } from '../hub/pain-map/measure-effect.ts';
import { sqliteRecordSource } from '../hub/reports/record-source.ts';
import { addEvidence, createMeasure, createPain, patchMeasure, patchPain, reviewMeasure } from '../hub/pain-map/pain-store.ts';
import { sqlOverSqlite } from '../hub/sql/central-sql.ts';

/**
 * The demo central's pain map for the current quarter (issue 19): four pains with where they were
 * found and their measures, one overdue, and three measures done whose before/after verdicts differ:
 * - Шарья's queue: in the 90 days before the measure the panel got a run of 1s and 2s on top of the
 *   generated traffic (the pain the CX sector saw); after the appointment slots it did not, so the
 *   panel average rises well beyond its interval: «улучшение»;
 * - the region's portal leaflet, judged by CSAT on the generated answers alone: whatever they show
 *   (the generated year has seasons, so a before/after comparison can move without any measure);
 * - Павино, which has no rating panel, judged by the panel: «мало данных».
 */
const ACTOR = 'демо';
const DAY = 86_400_000;

export async function addDemoPainMap(db: Db, now: number, seed: number): Promise<{ pains: number; measures: number; verdict: string | null }> {
  const rand = mulberry32(seed);
  const day = (back: number): string => moscowDay(now - back * DAY);
  const quarter = periodContaining('quarter', now).key;
  const at = (back: number) => now - back * DAY;

  // The queue pain in Шарья, visible on the panel in the «before» window: 1,200 extra low presses.
  const started = 60;
  const queuePresses: Press[] = Array.from({ length: 1200 }, (_, i) => {
    const d = moscowDate(at(started + 1 + Math.floor(rand() * 89)));
    const bornAt = moscowMidnight(d.year, d.month, d.day) + (9 + rand() * 8) * 3_600_000;
    const score = rand() < 0.6 ? 1 : 2;
    return { kind: 'press', id: newRecordId(), officeId: 'sharya', deviceId: 'sharya-driver', bornAt: new Date(bornAt).toISOString(), channel: 'panel', panelId: 'panel-1', desk: `окно ${1 + (i % 4)}`, seq: null, button: String(score), score, suppressed: null };
  });
  const store = createRecordStore(db);
  db.transaction(() => queuePresses.forEach((p) => store.insert(p, Date.parse(p.bornAt) + 1000)))();

  // The pain map's store is written for both databases (hub/sql/central-sql.ts); here, over the demo's SQLite.
  const central = sqlOverSqlite(db);
  let measures = 0;
  const measure = (painId: string, input: Parameters<typeof createMeasure>[2]) => {
    measures++;
    return createMeasure(central, painId, input, ACTOR, now);
  };

  const queue = await createPain(central, { quarter, process: 'Регистрация в качестве безработного', officeId: 'sharya', title: 'Долгое ожидание приёма в очереди', description: 'По понедельникам и после праздников клиенты ждут приёма больше часа; в отзывах — «очередь», «ждали».', priority: 'high', topicId: 'queue' }, ACTOR, now);
  const slots = await measure(queue, { officeId: 'sharya', text: 'Предварительная запись на приём по времени: через портал, по телефону и в зоне цифровых услуг', owner: 'Начальник Шарьинского отделения', startedOn: day(started), dueOn: day(35), target: 'panel' });
  await patchMeasure(central, slots, { status: 'done', doneOn: day(39) }, now);
  const queueEffect = await measureEffect(central, sqliteRecordSource(db), await readOffices(central), { officeId: 'sharya', target: 'panel', startedOn: day(started), doneOn: day(39) }, now);
  const comma = (x: number | null) => (x === null ? '—' : x.toLocaleString('ru-RU', { maximumFractionDigits: 2 }));
  await addEvidence(central, queue, { kind: 'figure', ref: null, text: `Средний балл пультов за ${queueEffect.before.from.split('-').reverse().join('.')}–${queueEffect.before.to.split('-').reverse().join('.')}: ${comma(queueEffect.before.value)} (n = ${queueEffect.before.n.toLocaleString('ru-RU')}), ниже среднего по области` }, ACTOR, now);
  const comment = db.prepare("SELECT id, comment FROM response WHERE office_id = 'sharya' AND comment IS NOT NULL AND csat3 <= 3 AND (comment LIKE '%очеред%' OR comment LIKE '%ждал%') ORDER BY born_at DESC LIMIT 1").get() as { id: string; comment: string } | undefined;
  if (comment) await addEvidence(central, queue, { kind: 'comment', ref: comment.id, text: comment.comment }, ACTOR, now);
  await addEvidence(central, queue, { kind: 'note', ref: null, text: 'Книга отзывов: три записи об очереди за квартал' }, ACTOR, now);
  await measure(queue, { officeId: 'sharya', text: 'Второе окно приёма по понедельникам с 9 до 12 часов', owner: 'Начальник Шарьинского отделения', startedOn: day(20), dueOn: day(-25), target: 'panel' });
  await patchPain(central, queue, { status: 'in-work' }, now);
  await reviewMeasure(central, slots, 'Мера действует: закрепить запись по времени в порядке приёма отделения и предложить другим отделениям.', 'директор', now);

  const portal = await createPain(central, { quarter, process: 'Содействие в поиске подходящей работы', officeId: null, title: 'Клиентам трудно подать заявление на портале «Работа России»', description: 'Просят помочь с входом через Госуслуги и с загрузкой резюме.', priority: 'medium', topicId: 'online' }, ACTOR, now);
  await addEvidence(central, portal, { kind: 'note', ref: null, text: 'Горячая линия: вопросы о портале — каждый пятый звонок за квартал' }, ACTOR, now);
  const leaflet = await measure(portal, { officeId: null, text: 'Памятка со снимками экрана «Заявление на портале за 10 минут» в зоне цифровых услуг', owner: 'Сектор управления клиентским опытом', startedOn: day(75), dueOn: day(50), target: 'csat' });
  await patchMeasure(central, leaflet, { status: 'done', doneOn: day(48) }, now);
  await measure(portal, { officeId: null, text: 'Консультант в зоне цифровых услуг по вторникам и четвергам', owner: 'Сектор информационного сопровождения деятельности', startedOn: day(40), dueOn: day(10), target: 'ces' });

  const ramp = await createPain(central, { quarter, process: 'Помещение и доступность', officeId: 'buy', title: 'Нет пандуса у входа: маломобильным клиентам не попасть в зал', description: '', priority: 'medium', topicId: 'premises' }, ACTOR, now);
  await addEvidence(central, ramp, { kind: 'note', ref: null, text: 'Письменное обращение: клиент на коляске ждал специалиста на улице' }, ACTOR, now);
  const rampWork = await measure(ramp, { officeId: 'buy', text: 'Установить пандус и кнопку вызова специалиста', owner: 'Административно-хозяйственный отдел', startedOn: day(30), dueOn: day(-30), target: 'negative' });
  await patchMeasure(central, rampWork, { status: 'in-progress' }, now);

  const payments = await createPain(central, { quarter, process: 'Выплата пособия по безработице', officeId: 'pavino', title: 'Клиенты не знают, когда придёт пособие', description: '', priority: 'low', topicId: 'payments' }, ACTOR, now);
  await addEvidence(central, payments, { kind: 'note', ref: null, text: 'На приёме клиенты переспрашивают дату выплаты; звонки на горячую линию о сроках' }, ACTOR, now);
  const explain = await measure(payments, { officeId: 'pavino', text: 'Называть дату выплаты на приёме и давать листок со сроками', owner: 'Начальник Павинского отдела', startedOn: day(50), dueOn: day(40), target: 'panel' });
  await patchMeasure(central, explain, { status: 'done', doneOn: day(42) }, now);

  return { pains: 4, measures, verdict: queueEffect.sentence };
}

