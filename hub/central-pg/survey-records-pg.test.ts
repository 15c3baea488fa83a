import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import type { IngestResult } from '../../shared/protocol/ingest.ts';
import type { SurveyAnswerRecord, SurveySummaryRecord } from '../../shared/records.ts';
import { SAMPLE_ANSWERS, SAMPLE_OFFICES } from '../../test/support/survey-answer-samples.ts';
import { summaryFigures } from '../../shared/surveys/summary-figures.ts';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { sampleDefinition } from '../../test/support/sample-survey.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { keepSurveyVersion, loadedSurveyVersionStore, type SurveyVersionStore } from '../db/survey-versions.ts';
import { listSummaries, officeSummaryFigures } from '../interviewer/office-summary.ts';
import { readStaffGroups } from '../surveys/staff-groups.ts';
import { countSurveyAnswers, readAnswerRows, readSurveyResults } from '../surveys/survey-results.ts';
import { ensureCounted, readNewestTexts, readTally } from '../surveys/tally-store.ts';
import { MAX_TEXTS, tallyQuestions } from '../surveys/tally.ts';
import { storeSurveyRecordsPg } from './survey-records-pg.ts';

/**
 * Survey answers and summary forms are written inside the receive transaction by each database's own
 * statements (SQLite: the record store and addToTally; PostgreSQL: storeSurveyRecordsPg) and read
 * through CentralSql: the same records give the same statuses and the same readings on both, and
 * the running tally says what counting the answers says, whether an answer came before the
 * version's first count or after, and however often it was resent.
 */
afterAll(() => removeTempDirs());

const ANSWERS = SAMPLE_ANSWERS;
const OFFICES = SAMPLE_OFFICES;
const CHANNELS = ['kiosk', 'qr-poster', 'staff-link', 'interviewer'] as const;
const DAY = Date.UTC(2026, 11, 1, 8);

const answer = (i: number, fields: Partial<SurveyAnswerRecord> = {}): SurveyAnswerRecord => {
  const officeId = OFFICES[i % OFFICES.length]!;
  return {
    kind: 'survey-answer',
    id: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    officeId,
    deviceId: `${officeId}-kiosk`,
    // Every third pair shares its birth: the newest-first order falls back to the id.
    bornAt: new Date(DAY + Math.floor(i / 2) * 60_000).toISOString(),
    ...(i % 5 === 0 ? { receivedAt: new Date(DAY + i * 60_000 + 5_000).toISOString() } : {}),
    surveyId: 'digital',
    version: 1,
    channel: CHANNELS[i % CHANNELS.length]!,
    answers: ANSWERS[i % ANSWERS.length]!,
    complete: i % 4 !== 0,
  };
};

const summary = (id: string, remarks: string | null): SurveySummaryRecord => ({
  kind: 'survey-summary',
  id,
  officeId: 'sharya',
  deviceId: 'interviewer',
  bornAt: new Date(DAY + 3_600_000).toISOString(),
  receivedAt: new Date(DAY + 3_700_000).toISOString(),
  surveyId: 'digital',
  version: 1,
  period: { from: '2026-12-01', to: '2026-12-01' },
  filledBy: 'ivanova',
  figures: summaryFigures(sampleDefinition, [], 2),
  remarks,
});

describe.each(BOTH_DATABASES)('survey answers and their tally on $name', (database) => {
  let opened: OpenedDatabase;
  let versions: SurveyVersionStore;
  beforeAll(async () => {
    opened = await database.open();
    await keepSurveyVersion(opened.sql, { surveyId: 'digital', version: 1, publishedAt: '2026-12-01T00:00:00.000Z', definition: sampleDefinition });
    versions = await loadedSurveyVersionStore(opened.sql);
  });
  afterAll(async () => {
    await opened.close();
  });

  /** One receive transaction: SQLite's record store record by record, or PostgreSQL's statements for the whole batch. */
  const store = async (records: (SurveyAnswerRecord | SurveySummaryRecord)[], now: number): Promise<IngestResult[]> => {
    const db = opened.sqlite;
    if (db) {
      const records_ = createRecordStore(db, versions.lookup);
      return db.transaction(() => records.map((r) => ({ id: r.id, status: records_.insert(r, r.receivedAt ? Date.parse(r.receivedAt) : now) })))();
    }
    return opened.sql.transaction((trx) => storeSurveyRecordsPg(trx, records, versions.lookup, now));
  };

  const held: SurveyAnswerRecord[] = [];
  const check = async () => {
    for (const cut of [
      { officeId: null, channel: null },
      { officeId: 'sharya', channel: null },
      { officeId: null, channel: 'qr-poster' },
      { officeId: 'buy', channel: 'kiosk' },
    ]) {
      const outcome = await readSurveyResults(opened.sql, versions.versionsOf('digital'), 'digital', { version: null, ...cut });
      if (!outcome.ok) throw new Error(outcome.reason);
      const rows = held.filter((a) => (cut.officeId === null || a.officeId === cut.officeId) && (cut.channel === null || a.channel === cut.channel));
      expect(outcome.results.respondents, JSON.stringify(cut)).toBe(rows.length);
      expect(outcome.results.complete, JSON.stringify(cut)).toBe(rows.filter((r) => r.complete).length);
      // tallyQuestions lists texts in the order given: newest first, as the results read them.
      const newestFirst = [...rows].sort((a, b) => (a.bornAt === b.bornAt ? (a.id < b.id ? 1 : -1) : a.bornAt < b.bornAt ? 1 : -1));
      expect(outcome.results.questions, JSON.stringify(cut)).toEqual(tallyQuestions(sampleDefinition, newestFirst.map((r) => r.answers)));
    }
  };

  it('stores a batch, counts the version from it at the first read, then keeps the tally up as more come', async () => {
    const first = Array.from({ length: 23 }, (_, i) => answer(i));
    expect(await store(first, DAY + 86_400_000)).toEqual(first.map((r) => ({ id: r.id, status: 'stored' })));
    held.push(...first);
    await check();
    const second = Array.from({ length: 17 }, (_, i) => answer(23 + i));
    expect(await store(second, DAY + 86_400_000)).toEqual(second.map((r) => ({ id: r.id, status: 'stored' })));
    held.push(...second);
    await check();
    expect(await countSurveyAnswers(opened.sql)).toEqual(new Map([['digital', new Map([[1, 40]])]]));
    expect(await countSurveyAnswers(opened.sql, 'other')).toEqual(new Map());
  });

  it('answers duplicate and conflict per record, judging a repeat within the batch against its first copy, and a resend adds nothing to the tally', async () => {
    const before = await readTally(opened.sql, 'digital', 1, { officeId: null, channel: null });
    const fresh = answer(40);
    const changed = { ...answer(41), complete: !answer(41).complete };
    const batch = [
      answer(3), // held: the same
      { ...answer(4), answers: { used: false } }, // held: another body
      fresh, // new
      { ...fresh, receivedAt: '2026-12-09T00:00:00.000Z' }, // its repeat, receivedAt aside the same
      { ...fresh, complete: !fresh.complete }, // its repeat, different
      changed, // new
      answer(41), // differs from the first copy in this batch
      answer(3),
    ];
    expect(await store(batch, DAY + 2 * 86_400_000)).toEqual([
      { id: answer(3).id, status: 'duplicate' },
      { id: answer(4).id, status: 'conflict' },
      { id: fresh.id, status: 'stored' },
      { id: fresh.id, status: 'duplicate' },
      { id: fresh.id, status: 'conflict' },
      { id: changed.id, status: 'stored' },
      { id: changed.id, status: 'conflict' },
      { id: answer(3).id, status: 'duplicate' },
    ]);
    held.push(fresh, changed);
    await check();
    const after = await readTally(opened.sql, 'digital', 1, { officeId: null, channel: null });
    expect(after.respondents).toBe(before.respondents + 2);
    // The whole history resent: all duplicates, the tally as it was.
    expect((await store([...held], DAY + 3 * 86_400_000)).map((r) => r.status)).toEqual(held.map(() => 'duplicate'));
    expect(await readTally(opened.sql, 'digital', 1, { officeId: null, channel: null })).toEqual(after);
    expect(await countSurveyAnswers(opened.sql, 'digital')).toEqual(new Map([['digital', new Map([[1, 42]])]]));
  });

  it('reads the answers back newest first: raw rows, newest texts page by page, staff groups, the exit poll figures', async () => {
    const version = versions.versionsOf('digital')[0]!;
    const newestFirst = [...held].sort((a, b) => (a.bornAt === b.bornAt ? (a.id < b.id ? 1 : -1) : a.bornAt < b.bornAt ? 1 : -1));
    const rows = await readAnswerRows(opened.sql, version, { version: 1, officeId: 'buy', channel: null });
    expect(rows).toEqual(
      newestFirst.filter((a) => a.officeId === 'buy').map((a) => ({ id: a.id, officeId: 'buy', channel: a.channel, bornAt: Date.parse(a.bornAt), complete: a.complete, answers: a.answers })),
    );
    const notes = newestFirst.flatMap((a) => (typeof a.answers.note === 'string' ? [a.answers.note] : []));
    expect(await readNewestTexts(opened.sql, 'digital', 1, { officeId: null, channel: null }, 'note', false, 5, 3)).toEqual(notes.slice(0, 5));
    expect(await readNewestTexts(opened.sql, 'digital', 1, { officeId: null, channel: null }, 'note', false, MAX_TEXTS, 4)).toEqual(notes);
    const others = newestFirst.filter((a) => a.officeId === 'sharya').flatMap((a) => {
      const what = a.answers.what;
      return typeof what === 'object' && what !== null && !Array.isArray(what) && typeof what.other === 'string' ? [what.other] : [];
    });
    expect(others.length).toBeGreaterThan(0);
    expect(await readNewestTexts(opened.sql, 'digital', 1, { officeId: 'sharya', channel: null }, 'what', true, MAX_TEXTS, 2)).toEqual(others);

    const groups = await readStaffGroups(opened.sql, DEFAULT_OFFICES.map((o) => ({ ...o, closedAt: null })), versions.versionsOf('digital'), 'digital', null);
    if (!groups.ok) throw new Error(groups.reason);
    const staff = held.filter((a) => a.channel === 'staff-link');
    const byOffice = (officeId: string) => staff.filter((a) => a.officeId === officeId).length;
    expect(byOffice('sharya')).toBeGreaterThanOrEqual(5);
    expect(byOffice('buy')).toBeLessThan(5);
    expect(groups.body.groups.map((g) => [g.officeId, g.respondents])).toEqual([['sharya', byOffice('sharya')]]);
    expect(groups.body.withheld).toBe(byOffice('buy'));

    const scope = { surveyId: 'digital', version: 1, officeId: 'sharya', period: { from: '2026-12-01', to: '2026-12-01' } };
    const taken = held
      .filter((a) => a.channel === 'interviewer' && a.officeId === 'sharya' && a.bornAt < '2026-12-01T21:00:00.000Z')
      .map((a) => ({ answers: a.answers, complete: a.complete }));
    expect(await officeSummaryFigures(opened.sql, sampleDefinition, scope, 3)).toEqual(summaryFigures(sampleDefinition, taken, 3));
  });

  it('keeps summary forms once by id, read back as sent', async () => {
    const form = summary('0190a000-0000-7000-9000-000000000001', 'очередь у входа');
    const later = { ...summary('0190a000-0000-7000-9000-000000000002', null), bornAt: new Date(DAY + 7_200_000).toISOString() };
    const { receivedAt: _r, ...unsaid } = later;
    expect(await store([form, unsaid, { ...form, remarks: 'другое' }, form], DAY + 9_000_000)).toEqual([
      { id: form.id, status: 'stored' },
      { id: later.id, status: 'stored' },
      { id: form.id, status: 'conflict' },
      { id: form.id, status: 'duplicate' },
    ]);
    expect(await store([form, { ...later, remarks: 'иначе' }], DAY + 10_000_000)).toEqual([
      { id: form.id, status: 'duplicate' },
      { id: later.id, status: 'conflict' },
    ]);
    expect(await listSummaries(opened.sql, { surveyId: 'digital', version: null, officeId: null })).toEqual([{ ...unsaid, receivedAt: new Date(DAY + 9_000_000).toISOString() }, form]);
    expect(await listSummaries(opened.sql, { surveyId: 'digital', version: 2, officeId: null })).toEqual([]);
    expect(await listSummaries(opened.sql, { surveyId: 'digital', version: 1, officeId: 'buy' })).toEqual([]);
  });

  it.runIf(database.name === 'postgres')('counts an answer stored while its version is first counted once: in the count or in the tally, never neither', async () => {
    await keepSurveyVersion(opened.sql, { surveyId: 'race', version: 1, publishedAt: '2026-12-01T00:00:00.000Z', definition: sampleDefinition });
    versions = await loadedSurveyVersionStore(opened.sql);
    let counting: Promise<void> | null = null;
    await opened.sql.transaction(async (trx) => {
      await storeSurveyRecordsPg(trx, [{ ...answer(100), surveyId: 'race' }], versions.lookup, DAY);
      // The first count starts while this receive is not committed: it waits for it (the advisory lock).
      counting = ensureCounted(opened.sql, 'race', 1, sampleDefinition);
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    await counting;
    await opened.sql.transaction((trx) => storeSurveyRecordsPg(trx, [{ ...answer(101), surveyId: 'race' }], versions.lookup, DAY));
    expect((await readTally(opened.sql, 'race', 1, { officeId: null, channel: null })).respondents).toBe(2);
  });
});
