import { newRecordId } from '../shared/ids.ts';
import { templateContentSchema, visitContentSchema } from '../shared/mystery-shopper.ts';
import type { Mark } from '../shared/mystery-shopper-words.ts';
import { MOSCOW_OFFSET_MS } from '../shared/periods.ts';
import { mulberry32 } from '../shared/seeded-random.ts';
import type { Db } from '../hub/db/open.ts';
import { createTemplate, criteriaOf } from '../hub/mystery-shopper/template-store.ts';
import { approveVisit, createVisit } from '../hub/mystery-shopper/visit-store.ts';
import { createRegisterStore } from '../hub/register/register-store.ts';
import { sqlOverSqlite } from '../hub/sql/central-sql.ts';

/**
 * The demo central's mystery shopper (order No. 308, 2.3): one checklist template and five visits
 * to three offices over the last weeks, four of them with an approved report (so the offices'
 * scores and the справка have something to show) and one still a draft; each visit opened its
 * register entry, as a visit typed on the page does.
 */
const TEMPLATE = templateContentSchema.parse({
  name: 'Первичное обращение за пособием',
  goals: 'Оценить, как специалисты встречают клиента, впервые пришедшего за пособием по безработице: полноту консультации, вежливость, время ожидания.',
  scenario: 'Клиент впервые приходит в отдел, говорит, что потерял работу, и спрашивает, как встать на учёт и получать пособие, какие нужны документы и можно ли подать заявление через «Работу России».',
  criteria: [
    { text: 'Клиента встретили в течение 5 минут', group: 'Встреча', weight: 3 },
    { text: 'Специалист поздоровался и представился', group: 'Встреча', weight: 2 },
    { text: 'Названы все нужные документы', group: 'Консультация', weight: 5 },
    { text: 'Рассказано о подаче заявления через «Работу России»', group: 'Консультация', weight: 4 },
    { text: 'Выдана памятка или записан следующий шаг', group: 'Консультация', weight: 3 },
    { text: 'В зале чисто, есть где сесть и заполнить бланк', group: 'Помещение', weight: 1 },
  ],
});

const CONCLUSIONS: Record<'good' | 'mixed' | 'poor', string> = {
  good: 'Консультация полная и доброжелательная; замечаний по существу нет.',
  mixed: 'Консультация в целом верная, но неполная: клиенту пришлось бы прийти второй раз.',
  poor: 'Клиент ушёл без понятного следующего шага: документы названы не все, о «Работе России» не сказано.',
};

export async function addDemoMysteryShopper(db: Db, now: number, officeIds: readonly string[]): Promise<{ visits: number }> {
  const sql = sqlOverSqlite(db);
  const rand = mulberry32(2308);
  const register = createRegisterStore(sql);
  const made = await createTemplate(sql, newRecordId(), TEMPLATE, 'демо', now);
  if (!made.ok) return { visits: 0 };
  const template = made.row;
  const criteria = criteriaOf(template);
  const day = (back: number) => new Date(now - back * 86_400_000 + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);
  const offices = officeIds.slice(0, 3);
  // [office, days back, how well it went, approved]
  const plan: [number, number, 'good' | 'mixed' | 'poor', boolean][] = [
    [0, 20, 'good', true],
    [0, 6, 'mixed', true],
    [1, 16, 'poor', true],
    [1, 3, 'mixed', false],
    [2, 12, 'good', true],
  ];
  let visits = 0;
  for (const [o, back, how, approved] of plan) {
    const officeId = offices[o % offices.length];
    if (!officeId) continue;
    const miss = how === 'good' ? 0.05 : how === 'mixed' ? 0.35 : 0.6;
    const marks = criteria.map((c) => {
      const r = rand();
      const mark: Mark = c.weight === 1 && r < 0.15 ? 'na' : r < miss / 2 ? 'missed' : r < miss ? 'partly' : 'met';
      return { criterionId: c.id, mark, note: mark === 'missed' ? 'не сделано' : mark === 'partly' ? 'сделано не полностью' : '' };
    });
    const content = visitContentSchema.parse({
      templateId: template.id,
      officeId,
      visitedOn: day(back),
      visitedTime: `${10 + (back % 6)}:${back % 2 === 0 ? '15' : '40'}`,
      scenario: TEMPLATE.scenario,
      shopper: `Клиент-${o + 1}`,
      marks,
      notes: how === 'good' ? '' : 'Ожидание у окна около 15 минут.',
      conclusions: CONCLUSIONS[how],
      proposals: how === 'good' ? '' : 'Памятка со списком документов у каждого окна; напоминать о подаче через «Работу России».',
    });
    const visitId = newRecordId();
    const stored = await createVisit(sql, register, visitId, content, template, 'демо', now - back * 86_400_000 + 3_600_000);
    if (!stored.ok) continue;
    if (approved) await approveVisit(sql, visitId, 'демо', now - (back - 1) * 86_400_000);
    visits++;
  }
  return { visits };
}
