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
import { sqlOverSqlite, type CentralSql } from '../../hub/sql/central-sql.ts';
import { openPostgresStore } from '../../hub/central-pg/postgres-store.ts';
import { createLogger } from '../../shared/logger.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import pg from 'pg';
import { figure, timeAsyncRuns, timeRuns, type BenchFigure } from '../figure.ts';

/**
 * Issue 18: the register with 100,000 entries (a decade of a region: 2017–2026), each folded from its
 * events as the hubs store them. Timed as the staff API runs them (count, page of 50, parse, due
 * states): the first page, filters, a search of Russian words, a deep page, and the monthly report
 * per channel; each beside the raw query on the same rows. Targets: under 300 ms for the list,
 * under a second for the report. Run on SQLite, then on the central's PostgreSQL (issue 16).
 */
const ENTRIES = 100_000;
const CHANNELS: RegisterChannel[] = ['book-of-reviews', 'hotline', 'written-appeal', 'open-resource'];
const TONES: Tone[] = ['negative', 'neutral', 'positive', 'suggestion'];
const SUBJECTS = ['Долгое ожидание в очереди', 'Специалист не объяснил, какие нужны документы', 'Не работает терминал электронной очереди', 'Благодарность специалисту за помощь', 'Прошу разъяснить порядок выплаты пособия', 'Предлагаю продлить часы приёма', 'Не дозвонился на горячую линию', 'Вакансии на портале устарели', 'Холодно в зале ожидания', 'Вежливый персонал, всё быстро'];
const DETAILS = ['в понедельник утром', 'уже третий раз', 'с ребёнком', 'по записи через портал', 'в окне 2', 'после обеда', 'по телефону', 'в отделе'];

export async function run(): Promise<BenchFigure[]> {
  return [...(await onSqlite()), ...(await onPostgres())];
}

/** The entries, each folded from its events as the hubs store them, in one transaction; seconds taken. */
async function load(central: CentralSql): Promise<number> {
  const rows = createRegisterRows();
  const random = mulberry32(18);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const start = Date.UTC(2017, 0, 9, 7);
  const span = Date.UTC(2026, 11, 1) - start;
  const began = Date.now();
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
  return (Date.now() - began) / 1000;
}

type Timing = Awaited<ReturnType<typeof timeAsyncRuns>>;

/** The staff API's queries, as it runs them (count, page of 50, parse, due states). */
async function timeQueries(central: CentralSql) {
  const today = '2026-12-01';
  const all = { officeIds: 'all' as const };
  const list = (filter: Record<string, unknown>) => () => listRegister(central, { page: 1, ...filter } as Parameters<typeof listRegister>[1], all, today);
  const month = parsePeriodKey('2026-11');
  if (!month.ok) throw new Error('period');
  return {
    first: await timeAsyncRuns(9, list({})),
    filtered: await timeAsyncRuns(9, list({ office: 'sharya', tone: 'negative', from: '2026-01-01', to: '2026-03-31' })),
    search: await timeAsyncRuns(9, list({ q: 'очеред' })),
    rare: await timeAsyncRuns(9, list({ q: 'терминал электронной' })),
    deep: await timeAsyncRuns(9, list({ page: 1000 })),
    overdue: await timeAsyncRuns(9, list({ due: 'overdue' })),
    report: await timeAsyncRuns(5, () => registerMonthReport(central, month.value, all, today)),
  };
}

const floor = (name: string, t: { median: number }) => ({ name, value: t.median, unit: 'ms' });

function figures(db: string, loadSeconds: number, t: Awaited<ReturnType<typeof timeQueries>>, raw: { first: Timing; filtered: Timing; search: Timing; report: Timing; searchFloor: string; hits: number }): BenchFigure[] {
  const name = (what: string) => `register 100k${db === 'SQLite' ? '' : ` (${db})`}: ${what}`;
  return [
    figure(name('first page of 50 with the total (median)'), t.first.median, 'ms', floor('raw count + page, same rows', raw.first), `p90 ${t.first.p90.toFixed(0)} ms; target < 300 ms; ${ENTRIES.toLocaleString('en')} entries loaded through the fold in ${loadSeconds.toFixed(0)} s`),
    figure(name('office + tone + quarter (median)'), t.filtered.median, 'ms', floor('raw count + page, same filter', raw.filtered), `p90 ${t.filtered.p90.toFixed(0)} ms`),
    figure(name('search «очеред» (median)'), t.search.median, 'ms', floor(raw.searchFloor, raw.search), `p90 ${t.search.p90.toFixed(0)} ms; ${raw.hits.toLocaleString('en')} entries match`),
    figure(name('search «терминал электронной» (median)'), t.rare.median, 'ms', null, `p90 ${t.rare.p90.toFixed(0)} ms`),
    figure(name('page 1,000 (median)'), t.deep.median, 'ms', null, `p90 ${t.deep.p90.toFixed(0)} ms`),
    figure(name('overdue (median)'), t.overdue.median, 'ms', null, `p90 ${t.overdue.p90.toFixed(0)} ms`),
    figure(name('monthly report per channel (median)'), t.report.median, 'ms', floor('raw GROUP BY of the two months', raw.report), `p90 ${t.report.p90.toFixed(0)} ms; target < 1,000 ms`),
  ];
}

async function onSqlite(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'czn-bench-register-'));
  const { db } = openDatabase(path.join(dir, 'central.sqlite'));
  try {
    const central = sqlOverSqlite(db);
    const loadSeconds = await load(central);
    const t = await timeQueries(central);
    // The raw queries on the same rows: what SQLite itself takes to count and fetch a page, with no parsing or due states.
    const raw = (sql: string, params: Record<string, unknown> = {}) => () => {
      db.prepare(`SELECT count(*) FROM register_entry ${sql}`).get(params);
      db.prepare(`SELECT view FROM register_entry ${sql} ORDER BY received_on DESC, born_at DESC, id DESC LIMIT 50`).all(params);
    };
    return figures('SQLite', loadSeconds, t, {
      first: timeRuns(9, raw('')),
      filtered: timeRuns(9, raw("WHERE office_id = 'sharya' AND tone = 'negative' AND received_on BETWEEN '2026-01-01' AND '2026-03-31'")),
      search: timeRuns(9, raw(`WHERE rowid IN (SELECT rowid FROM register_search WHERE register_search MATCH '"очеред"')`)),
      report: timeRuns(5, () => db.prepare("SELECT channel, office_id, tone, count(*) FROM register_entry WHERE received_on BETWEEN '2026-10-01' AND '2026-11-30' GROUP BY 1, 2, 3").all()),
      searchFloor: 'raw trigram match + page',
      hits: db.prepare(`SELECT count(*) FROM register_search WHERE register_search MATCH '"очеред"'`).pluck().get() as number,
    });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same on the central's PostgreSQL (issue 16), beside PostgreSQL's own count and page on the same rows. */
async function onPostgres(): Promise<BenchFigure[]> {
  const cluster = await startPostgres({ durable: true });
  const url = await cluster.createDatabase('register');
  const store = openPostgresStore(url, createLogger('bench', { level: 'silent', pretty: false }));
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await store.ready();
    const loadSeconds = await load(store.sql);
    await pool.query('ANALYZE register_entry');
    const t = await timeQueries(store.sql);
    const raw = (where: string) => async () => {
      await pool.query(`SELECT count(*) FROM register_entry ${where}`);
      await pool.query(`SELECT view FROM register_entry ${where} ORDER BY received_on DESC, born_at DESC, id DESC LIMIT 50`);
    };
    const search = "WHERE words LIKE '%очеред%'";
    return figures('PostgreSQL', loadSeconds, t, {
      first: await timeAsyncRuns(9, raw('')),
      filtered: await timeAsyncRuns(9, raw("WHERE office_id = 'sharya' AND tone = 'negative' AND received_on BETWEEN '2026-01-01' AND '2026-03-31'")),
      search: await timeAsyncRuns(9, raw(search)),
      report: await timeAsyncRuns(5, () => pool.query("SELECT channel, office_id, tone, count(*) FROM register_entry WHERE received_on BETWEEN '2026-10-01' AND '2026-11-30' GROUP BY 1, 2, 3")),
      searchFloor: 'raw LIKE on the folded words + page',
      hits: Number((await pool.query(`SELECT count(*) AS n FROM register_entry ${search}`)).rows[0].n),
    });
  } finally {
    await pool.end();
    await store.close();
    await cluster.stop();
  }
}
