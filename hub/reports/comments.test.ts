import { afterAll, describe, expect, it } from 'vitest';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { readOffices } from '../db/offices.ts';
import { parsePeriodKey, type Period } from '../../shared/periods.ts';
import { commentFeed, type CommentQuery } from './comments.ts';
import { FIXTURE_WEEK } from '../../test/support/known-answer-fixture.ts';
import { REGION } from './scope.ts';
import { sqliteRecordSource } from './record-source.ts';
import { fixtureDatabase } from '../../test/support/fixture-db.ts';
import { DEFAULT_SERVICES } from '../db/services.ts';

const { db } = fixtureDatabase();
const records = sqliteRecordSource(db);
afterAll(() => db.close());
// The directory as a hub holds it in memory (ctx.offices), read once from the fixture's database.
const directory = await readOffices(sqlOverSqlite(db));
const w48 = ((): Period => {
  const p = parsePeriodKey(FIXTURE_WEEK);
  if (!p.ok) throw new Error(p.reason);
  return p.value;
})();
const query = (over: Partial<CommentQuery> = {}): CommentQuery => ({ period: w48, officeId: null, tone: 'all', search: null, limit: 50, before: null, ...over });

describe('comments feed', () => {
  it('newest first, only the week, Sunday 23:59:59 in, Monday 00:00 out', async () => {
    const page = await commentFeed(sqlOverSqlite(db), DEFAULT_SERVICES, records, directory, query(), REGION);
    expect(page.entries.map((e) => e.comment)).toEqual(['Ужасно', 'Сложно найти нужный кабинет', 'Долго ждал в очереди', 'Всё хорошо', 'Спасибо, быстро']);
    expect(page.total).toBe(5);
    expect(page.entries[0]).toMatchObject({ officeId: 'sharya', officeName: 'Шарьинское отделение', channel: 'email-link', channelLabel: 'Ссылка по e-mail', bornAt: '2026-11-29T20:59:59.000Z', serviceName: null });
    expect(page.entries.find((e) => e.comment === 'Всё хорошо')?.serviceName).toBe('Подбор вакансий');
  });

  it('negative: a CSAT answer ≤ 3 or NPS ≤ 6', async () => {
    const negative = await commentFeed(sqlOverSqlite(db), DEFAULT_SERVICES, records, directory, query({ tone: 'negative' }), REGION);
    expect(negative.entries.map((e) => e.comment)).toEqual(['Ужасно', 'Сложно найти нужный кабинет', 'Долго ждал в очереди']);
    expect(negative.entries.every((e) => e.negative)).toBe(true);
    expect((await commentFeed(sqlOverSqlite(db), DEFAULT_SERVICES, records, directory, query({ tone: 'other' }), REGION)).entries.map((e) => e.comment)).toEqual(['Всё хорошо', 'Спасибо, быстро']);
  });

  it('by office, and a case-insensitive Russian search', async () => {
    expect((await commentFeed(sqlOverSqlite(db), DEFAULT_SERVICES, records, directory, query({ officeId: 'kostroma' }), REGION)).total).toBe(2);
    expect((await commentFeed(sqlOverSqlite(db), DEFAULT_SERVICES, records, directory, query({ search: 'УЖАСНО' }), REGION)).entries.map((e) => e.comment)).toEqual(['Ужасно']);
    expect((await commentFeed(sqlOverSqlite(db), DEFAULT_SERVICES, records, directory, query({ search: 'кабинет', officeId: 'sharya' }), REGION)).total).toBe(0);
  });

  it('pages with a cursor and respects the scope', async () => {
    const first = await commentFeed(sqlOverSqlite(db), DEFAULT_SERVICES, records, directory, query({ limit: 2 }), REGION);
    expect(first.entries).toHaveLength(2);
    const second = await commentFeed(sqlOverSqlite(db), DEFAULT_SERVICES, records, directory, query({ limit: 2, before: first.next }), REGION);
    expect(second.entries.map((e) => e.comment)).toEqual(['Долго ждал в очереди', 'Всё хорошо']);
    const last = await commentFeed(sqlOverSqlite(db), DEFAULT_SERVICES, records, directory, query({ limit: 2, before: second.next }), REGION);
    expect([last.entries.length, last.next]).toEqual([1, null]);
    expect((await commentFeed(sqlOverSqlite(db), DEFAULT_SERVICES, records, directory, query({ officeId: 'kostroma' }), { officeIds: ['sharya'] })).total).toBe(0);
  });
});
