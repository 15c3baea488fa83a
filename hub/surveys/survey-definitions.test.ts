import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STAFF_SURVEY_ASPECTS, staffSurveyTemplate } from '../../shared/surveys/staff-survey-template.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import { BOTH_DATABASES, openForSuite } from '../../test/support/both-databases.ts';
import { sampleDefinition } from '../../test/support/sample-survey.ts';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { keepSurveyVersion, loadedSurveyVersionStore, readSurveyVersions, replaceSurveyOffers } from '../db/survey-versions.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { openStaffLink, printStaffLinks, staffLinkCounts, submitStaffAnswer } from './staff-links.ts';
import { createSurvey, listSurveys, publishDraft, readSurvey, saveDraft, surveyExists } from './survey-store.ts';
import { regionalTurn } from '../sql/turns.ts';

/**
 * The built surveys' definitions, the same statements on the hub's SQLite and on PostgreSQL
 * (hub/sql/central-sql.ts): drafts, frozen versions numbered from 1, an office hub's offer, and the
 * staff survey's one-time links. The answers stay on the hub's SQLite (a fresh file here).
 */
const DEC_10 = Date.parse('2026-12-10T09:00:00Z');
const titled = (title: string, over: Partial<SurveyDefinition['meta']> = {}): SurveyDefinition => ({ ...sampleDefinition, meta: { ...sampleDefinition.meta, title, ...over } });
const version = (surveyId: string, n: number, publishedAt: number, definition = sampleDefinition) => ({ surveyId, version: n, publishedAt: new Date(publishedAt).toISOString(), definition });
const NO_ANSWERS = new Map<string, Map<number, number>>();

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('survey definitions on $name', (database) => {
  let sql!: CentralSql;
  // The hub's own SQLite handle when `sql` is over it (as on a hub), else null (the central's PostgreSQL).
  let hubSqlite: Db | null = null;
  openForSuite(database, (opened, handle) => {
    sql = opened;
    hubSqlite = handle.sqlite ?? null;
  });

  it('creates drafts, lists them newest first, saves a draft only of a survey that exists', async () => {
    const first = await createSurvey(sql, titled('Первый'), 'cx.ivanova', 1_000);
    const second = await createSurvey(sql, titled('Второй'), 'cx.petrov', 2_000);
    expect(first).toMatch(/^s-[0-9a-f]{10}$/);
    const listed = (await listSurveys(sql, NO_ANSWERS)).filter((s) => [first, second].includes(s.id));
    expect(listed.map((s) => s.title)).toEqual(['Второй', 'Первый']);
    expect(listed[1]).toMatchObject({ draftChangedAt: 1_000, draftChangedBy: 'cx.ivanova', latestVersion: null, unpublished: true, answers: 0, latestAnswers: 0 });
    expect(await saveDraft(sql, first, titled('Первый, правка'), 'cx.petrov', 3_000)).toBe(true);
    expect(await saveDraft(sql, 's-0000000000', titled('Нет'), 'cx.petrov', 3_000)).toBe(false);
    const read = await readSurvey(sql, first, NO_ANSWERS);
    expect(read).toMatchObject({ title: 'Первый, правка', draftChangedAt: 3_000, draftChangedBy: 'cx.petrov', versions: [] });
    expect(read!.draft.meta.title).toBe('Первый, правка');
    expect(await readSurvey(sql, 's-0000000000', NO_ANSWERS)).toBeNull();
    expect(await surveyExists(sql, first)).toBe(true);
    expect(await surveyExists(sql, 's-0000000000')).toBe(false);
  });

  it('publishes versions 1, 2…; an unchanged draft makes none; answers are counted by the newest version', async () => {
    const id = await createSurvey(sql, titled('Версии'), 'cx', 10_000);
    const v1 = await publishDraft(sql, id, 11_000);
    expect(v1).toMatchObject({ ok: true, created: true, version: { surveyId: id, version: 1, publishedAt: new Date(11_000).toISOString() } });
    expect(await publishDraft(sql, id, 12_000)).toMatchObject({ ok: true, created: false, version: { version: 1, publishedAt: new Date(11_000).toISOString() } });
    await saveDraft(sql, id, titled('Версии', { targetN: 7 }), 'cx', 13_000);
    expect((await readSurvey(sql, id, NO_ANSWERS))!.unpublished).toBe(true);
    expect(await sql.transaction((trx) => publishDraft(trx, id, 14_000))).toMatchObject({ ok: true, created: true, version: { version: 2 } });
    expect(await publishDraft(sql, 's-0000000000', 15_000)).toEqual({ ok: false, reason: 'not-found' });
    const counts = new Map([[id, new Map([[1, 3], [2, 4]])]]);
    const read = await readSurvey(sql, id, counts);
    expect(read).toMatchObject({ latestVersion: 2, unpublished: false, answers: 7, latestAnswers: 4, targetN: 7 });
    expect(read!.versions.map((v) => v.version)).toEqual([1, 2]);
    expect((await listSurveys(sql, counts)).find((s) => s.id === id)).toMatchObject({ latestVersion: 2, answers: 7, latestAnswers: 4 });
  });

  it('publications at once take their turn (regionalTurn, as the publish route does): each one reported created is stored, under its own number', async () => {
    const id = await createSurvey(sql, titled('Наперегонки'), 'cx', 20_000);
    const publish = (title: string, at: number) => async () => {
      await saveDraft(sql, id, titled(title), 'cx', at);
      return sql.transaction(async (trx) => {
        await regionalTurn(sql, trx);
        return publishDraft(trx, id, at);
      });
    };
    const created: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (const result of await Promise.all(['А', 'Б', 'В', 'Г', 'Д', 'Е'].map((letter) => publish(`${letter} ${round}`, 21_000 + round)()))) {
        if (result.ok && result.created) created.push(result.version.version);
      }
    }
    const stored = (await readSurveyVersions(sql, id)).map((v) => v.version);
    expect(new Set(created).size).toBe(created.length);
    expect(stored).toEqual(created.sort((a, b) => a - b));
    expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
  });

  it('keeps a version once (frozen), refuses version 0 and an offer of a version not held; the memory sorts as SQLite did', async () => {
    expect(await keepSurveyVersion(sql, version('frozen', 1, 5_000))).toBe(true);
    expect(await keepSurveyVersion(sql, version('frozen', 1, 6_000, titled('Другой')))).toBe(false);
    expect((await readSurveyVersions(sql, 'frozen'))[0]).toMatchObject({ publishedAt: new Date(5_000).toISOString(), definition: { meta: { title: sampleDefinition.meta.title } } });
    await expect(keepSurveyVersion(sql, version('frozen', 0, 5_000))).rejects.toThrow();
    await expect(replaceSurveyOffers(sql, [{ surveyId: 'frozen', version: 9 }])).rejects.toThrow();

    await keepSurveyVersion(sql, version('b-later', 1, 7_000));
    await keepSurveyVersion(sql, version('a-later', 1, 7_000));
    await keepSurveyVersion(sql, version('b-later', 2, 8_000, titled('Вторая')));
    await replaceSurveyOffers(sql, [{ surveyId: 'b-later', version: 1 }, { surveyId: 'frozen', version: 1 }]);
    await replaceSurveyOffers(sql, [{ surveyId: 'b-later', version: 2 }, { surveyId: 'a-later', version: 1 }, { surveyId: 'frozen', version: 1 }]);
    const store = await loadedSurveyVersionStore(sql);
    expect(store.offered().map((v) => [v.surveyId, v.version])).toEqual([['frozen', 1], ['a-later', 1], ['b-later', 2]]);
    const mine = <T extends { surveyId: string }>(vs: T[]) => vs.filter((v) => ['frozen', 'a-later', 'b-later'].includes(v.surveyId));
    expect(mine(store.all()).map((v) => `${v.surveyId}:${v.version}`)).toEqual(['a-later:1', 'b-later:1', 'b-later:2', 'frozen:1']);
    expect(mine(store.newest()).map((v) => `${v.surveyId}:${v.version}`)).toEqual(['frozen:1', 'a-later:1', 'b-later:2']);
    expect(store.newestVersion('b-later')).toBe(2);
    expect(store.newestVersion('none')).toBeNull();
    expect(store.lookup('b-later', 2)?.meta.title).toBe('Вторая');
    expect(store.lookup('b-later', 3)).toBeNull();
    await replaceSurveyOffers(sql, []);
    await store.load(sql);
    expect(store.offered()).toEqual([]);
  });

  it('prints staff links for a published staff survey and an office it targets; each takes one answer; counts by office', async () => {
    // A hub's db is the same database as its sql on SQLite; beside PostgreSQL it is a file of its own.
    const own = hubSqlite === null ? openDatabase(path.join(makeTempDir('staff-answers-'), 'hub.sqlite')).db : null;
    const db = hubSqlite ?? own!;
    try {
      const staff = await createSurvey(sql, staffSurveyTemplate(2026), 'cx', 1_000);
      const kiosk = await createSurvey(sql, titled('Киоск'), 'cx', 1_000);
      let surveyVersions = await loadedSurveyVersionStore(sql);
      expect(await printStaffLinks({ sql, surveyVersions }, 's-0000000000', 'sharya', 1)).toEqual({ ok: false, reason: 'not-found' });
      expect(await printStaffLinks({ sql, surveyVersions }, staff, 'sharya', 1)).toEqual({ ok: false, reason: 'not-published' });
      await publishDraft(sql, staff, 2_000);
      await publishDraft(sql, kiosk, 2_000);
      surveyVersions = await loadedSurveyVersionStore(sql);
      expect(await printStaffLinks({ sql, surveyVersions }, kiosk, 'sharya', 1)).toEqual({ ok: false, reason: 'not-staff' });

      const printed = await printStaffLinks({ sql, surveyVersions }, staff, 'sharya', 3);
      const other = await printStaffLinks({ sql, surveyVersions }, staff, 'buy', 2);
      if (!printed.ok || !other.ok) throw new Error('not printed');
      expect(new Set(printed.tokens).size).toBe(3);
      const [token] = printed.tokens as [string];
      expect(await openStaffLink(sql, surveyVersions, token, DEC_10)).toMatchObject({ ok: true, surveyId: staff, officeId: 'sharya', version: 1 });
      expect(await openStaffLink(sql, surveyVersions, 'st_unknown', DEC_10)).toEqual({ ok: false, reason: 'unknown' });
      expect(await openStaffLink(sql, surveyVersions, token, Date.parse('2027-01-02T09:00:00Z'))).toEqual({ ok: false, reason: 'closed' });

      const answers = Object.fromEntries(STAFF_SURVEY_ASPECTS.map((a) => [a.id, 4]));
      expect(await submitStaffAnswer({ sql, db, surveyVersions }, token, { [STAFF_SURVEY_ASPECTS[0]!.id]: 4 }, DEC_10)).toMatchObject({ ok: false, reason: 'invalid' });
      expect(await submitStaffAnswer({ sql, db, surveyVersions }, token, answers, DEC_10)).toEqual({ ok: true });
      expect(await submitStaffAnswer({ sql, db, surveyVersions }, token, answers, DEC_10)).toEqual({ ok: false, reason: 'spent' });
      expect(await openStaffLink(sql, surveyVersions, token, DEC_10)).toEqual({ ok: false, reason: 'spent' });
      // In the database the hub's tables are in: the SQLite, or the central's PostgreSQL.
      expect(await sql.db.selectFrom('survey_answer').select(['office_id', 'survey_id', 'version', 'channel']).execute()).toEqual([{ office_id: 'sharya', survey_id: staff, version: 1, channel: 'staff-link' }]);
      expect(await staffLinkCounts(sql, staff)).toEqual([
        { officeId: 'buy', printed: 2, answered: 0 },
        { officeId: 'sharya', printed: 3, answered: 1 },
      ]);
      expect(await staffLinkCounts(sql, kiosk)).toEqual([]);

      // The hash is the key: a link is never printed twice; spent is 0 or 1.
      const held = await sql.db.selectFrom('staff_survey_link').select(['token_hash', 'spent']).where('office_id', '=', 'buy').execute();
      expect(held).toHaveLength(2);
      expect(Buffer.isBuffer(held[0]!.token_hash) && held[0]!.token_hash.length).toBe(32);
      await expect(sql.db.insertInto('staff_survey_link').values({ token_hash: held[0]!.token_hash, survey_id: staff, office_id: 'buy' }).execute()).rejects.toThrow();
      await expect(sql.db.insertInto('staff_survey_link').values({ token_hash: Buffer.alloc(32, 1), survey_id: staff, office_id: 'buy', spent: 2 as 0 | 1 }).execute()).rejects.toThrow();
    } finally {
      own?.close();
    }
  });
});
