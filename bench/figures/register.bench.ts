import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UUID } from 'uuidv7';
import { parsePeriodKey } from '../../shared/periods.ts';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import type { RegisterChannel, RegisterEvent, Tone } from '../../shared/register.ts';
import { mulberry32 } from '../../shared/seeded-random.ts';
import { openDatabase } from '../../hub/db/open.ts';
import { createRegisterRows } from '../../hub/db/register-rows.ts';
import { registerMonthReport } from '../../hub/register/register-monthly.ts';
import { listRegister } from '../../hub/register/register-query.ts';
import { sqlOverSqlite } from '../../hub/sql/central-sql.ts';
import { figure, timeAsyncRuns, timeRuns, type BenchFigure } from '../figure.ts';

/**
 * Issue 18: the register with 100,000 entries (a decade of a region: 2017–2026), each folded from its
 * events as the hubs store them. Timed as the staff API runs them (count, page of 50, parse, due
 * states): the first page, filters, a search of Russian words, a deep page, and the monthly report
 * per channel; each beside the raw query on the same rows. Targets: under 300 ms for the list,
 * under a second for the report.
 */
const ENTRIES = 100_000;
const CHANNELS: RegisterChannel[] = ['book-of-reviews', 'hotline', 'written-appeal', 'open-resource'];
const TONES: Tone[] = ['negative', 'neutral', 'positive', 'suggestion'];
const SUBJECTS = ['Долгое ожидание в очереди', 'Специалист не объяснил, какие нужны документы', 'Не работает терминал электронной очереди', 'Благодарность специалисту за помощь', 'Прошу разъяснить порядок выплаты пособия', 'Предлагаю продлить часы приёма', 'Не дозвонился на горячую линию', 'Вакансии на портале устарели', 'Холодно в зале ожидания', 'Вежливый персонал, всё быстро'];
const DETAILS = ['в понедельник утром', 'уже третий раз', 'с ребёнком', 'по записи через портал', 'в окне 2', 'после обеда', 'по телефону', 'в отделе'];

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'czn-bench-register-'));
  const { db } = openDatabase(path.join(dir, 'central.sqlite'));
  try {
    const rows = createRegisterRows();
    const central = sqlOverSqlite(db);
    const random = mulberry32(18);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const start = Date.UTC(2017, 0, 9, 7);
    const span = Date.UTC(2026, 11, 1) - start;
    const load = Date.now();
    await central.transaction(async (trx) => {
      for (let i = 0; i < ENTRIES; i++) {
        const bornMs = start + Math.floor((i / ENTRIES) * span);
        const bornAt = new Date(bornMs).toISOString();
        const id = UUID.fromFieldsV7(bornMs, Math.floor(random() * 4096), Math.floor(random() * 2 ** 30), Math.floor(random() * 2 ** 32)).toString();
        const channel = pick(CHANNELS);
        const officeId = pick(DEFAULT_OFFICES).id;
        const details = channel === 'hotline' ? { channel, calledAt: bornAt, callbackDue: false } : channel === 'written-appeal' ? { channel, incomingNumber: null } : channel === 'open-resource' ? { channel, link: 'https://yandex.ru/maps/org/1/reviews', platform: 'Яндекс Карты' } : { channel };
        const opened = { id, entryId: id, officeId, bornAt, by: 'cx', step: 'opened', receivedOn: bornAt.slice(0, 10), details, summary: `${pick(SUBJECTS)} ${pick(DETAILS)}`, tone: pick(TONES), topics: [], author: null, answerOwed: channel === 'written-appeal' } as RegisterEvent;
        await rows.insert(trx, opened, bornMs);
        if (random() < 0.3) {
          const later = new Date(bornMs + 86_400_000).toISOString();
          await rows.insert(trx, { id: UUID.fromFieldsV7(bornMs + 86_400_000, 1, 1, i).toString(), entryId: id, officeId, bornAt: later, by: 'head', step: 'measures', text: 'Проведена беседа со специалистом' }, bornMs + 86_400_000);
        }
      }
    });
    const loadSeconds = (Date.now() - load) / 1000;

    const today = '2026-12-01';
    const all = { officeIds: 'all' as const };
    const list = (filter: Record<string, unknown>) => () => listRegister(central, { page: 1, ...filter } as Parameters<typeof listRegister>[1], all, today);
    const first = await timeAsyncRuns(9, list({}));
    const filtered = await timeAsyncRuns(9, list({ office: 'sharya', tone: 'negative', from: '2026-01-01', to: '2026-03-31' }));
    const search = await timeAsyncRuns(9, list({ q: 'очеред' }));
    const rare = await timeAsyncRuns(9, list({ q: 'терминал электронной' }));
    const deep = await timeAsyncRuns(9, list({ page: 1000 }));
    const overdue = await timeAsyncRuns(9, list({ due: 'overdue' }));
    const month = parsePeriodKey('2026-11');
    if (!month.ok) throw new Error('period');
    const report = await timeAsyncRuns(5, () => registerMonthReport(central, month.value, all, today));

    // The raw queries on the same rows: what SQLite itself takes to count and fetch a page, with no parsing or due states.
    const raw = (sql: string, params: Record<string, unknown> = {}) => () => {
      db.prepare(`SELECT count(*) FROM register_entry ${sql}`).get(params);
      db.prepare(`SELECT view FROM register_entry ${sql} ORDER BY received_on DESC, born_at DESC, id DESC LIMIT 50`).all(params);
    };
    const rawFirst = timeRuns(9, raw(''));
    const rawFiltered = timeRuns(9, raw("WHERE office_id = 'sharya' AND tone = 'negative' AND received_on BETWEEN '2026-01-01' AND '2026-03-31'"));
    const rawSearch = timeRuns(9, raw(`WHERE rowid IN (SELECT rowid FROM register_search WHERE register_search MATCH '"очеред"')`));
    const rawReport = timeRuns(5, () => db.prepare("SELECT channel, office_id, tone, count(*) FROM register_entry WHERE received_on BETWEEN '2026-10-01' AND '2026-11-30' GROUP BY 1, 2, 3").all());
    const hits = (db.prepare(`SELECT count(*) FROM register_search WHERE register_search MATCH '"очеред"'`).pluck().get() as number).toLocaleString('en');

    const floor = (name: string, t: { median: number }) => ({ name, value: t.median, unit: 'ms' });
    return [
      figure('register 100k: first page of 50 with the total (median)', first.median, 'ms', floor('raw count + page, same rows', rawFirst), `p90 ${first.p90.toFixed(0)} ms; target < 300 ms; ${ENTRIES.toLocaleString('en')} entries loaded through the fold in ${loadSeconds.toFixed(0)} s`),
      figure('register 100k: office + tone + quarter (median)', filtered.median, 'ms', floor('raw count + page, same filter', rawFiltered), `p90 ${filtered.p90.toFixed(0)} ms`),
      figure('register 100k: search «очеред» (median)', search.median, 'ms', floor('raw trigram match + page', rawSearch), `p90 ${search.p90.toFixed(0)} ms; ${hits} entries match`),
      figure('register 100k: search «терминал электронной» (median)', rare.median, 'ms', null, `p90 ${rare.p90.toFixed(0)} ms`),
      figure('register 100k: page 1,000 (median)', deep.median, 'ms', null, `p90 ${deep.p90.toFixed(0)} ms`),
      figure('register 100k: overdue (median)', overdue.median, 'ms', null, `p90 ${overdue.p90.toFixed(0)} ms`),
      figure('register 100k: monthly report per channel (median)', report.median, 'ms', floor('raw GROUP BY of the two months', rawReport), `p90 ${report.p90.toFixed(0)} ms; target < 1,000 ms`),
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
