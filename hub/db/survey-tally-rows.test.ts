import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_ANSWERS, SAMPLE_OFFICES } from '../../test/support/survey-answer-samples.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import { sampleDefinition } from '../../test/support/sample-survey.ts';
import { MAX_TEXTS, tallyQuestions } from '../surveys/tally.ts';
import { readSurveyResults } from '../surveys/survey-results.ts';
import { openDatabase, type Db } from './open.ts';
import { createRecordStore } from './record-rows.ts';
import { keepSurveyVersion, loadedSurveyVersionStore, type SurveyVersionStore } from './survey-versions.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';

/**
 * The running tally must say what counting the answers themselves says, for every cut, whether an
 * answer was stored before the version was first counted or after.
 */
const ANSWERS = SAMPLE_ANSWERS;
const OFFICES = SAMPLE_OFFICES;
const CHANNELS = ['kiosk', 'qr-poster'] as const;

let dir = '';
let db: Db;
afterEach(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let versions: SurveyVersionStore;
async function keepDigital(): Promise<void> {
  const sql = sqlOverSqlite(db);
  await keepSurveyVersion(sql, { surveyId: 'digital', version: 1, publishedAt: '2026-12-01T00:00:00.000Z', definition: sampleDefinition });
  versions = await loadedSurveyVersionStore(sql);
}

function store(n: number, from: number): { answers: SurveyAnswers; officeId: string; channel: string }[] {
  const records = createRecordStore(db, versions.lookup);
  const stored = [];
  for (let i = from; i < from + n; i++) {
    const answers = ANSWERS[i % ANSWERS.length]!;
    const officeId = OFFICES[i % OFFICES.length]!;
    const channel = CHANNELS[i % CHANNELS.length]!;
    const id = `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`;
    const record = { kind: 'survey-answer' as const, id, officeId, deviceId: `${officeId}-kiosk`, bornAt: new Date(Date.UTC(2026, 11, 1, 8) + i * 60_000).toISOString(), surveyId: 'digital', version: 1, channel, answers, complete: i % 4 !== 0 };
    db.transaction(() => records.insert(record, Date.now()))();
    stored.push({ answers, officeId, channel });
  }
  return stored.reverse();
}

describe('the running tally of survey answers', () => {
  it('equals counting the answers, for the region, an office and a channel, before and after the first count', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tally-'));
    ({ db } = openDatabase(path.join(dir, 'central.sqlite')));
    await keepDigital();
    const before = store(23, 0);
    const check = async (all: typeof before) => {
      for (const cut of [
        { officeId: null, channel: null },
        { officeId: 'sharya', channel: null },
        { officeId: null, channel: 'qr-poster' },
        { officeId: 'buy', channel: 'kiosk' },
      ]) {
        const outcome = await readSurveyResults(sqlOverSqlite(db), versions.versionsOf('digital'), 'digital', { version: null, ...cut });
        if (!outcome.ok) throw new Error(outcome.reason);
        const rows = all.filter((a) => (cut.officeId === null || a.officeId === cut.officeId) && (cut.channel === null || a.channel === cut.channel));
        expect(outcome.results.respondents, JSON.stringify(cut)).toBe(rows.length);
        expect(outcome.results.questions, JSON.stringify(cut)).toEqual(tallyQuestions(sampleDefinition, rows.map((r) => r.answers)));
      }
    };
    await check(before);
    const after = [...store(17, 23), ...before];
    await check(after);
    expect(db.prepare('SELECT count(*) FROM survey_tally_version').pluck().get()).toBe(1);
  });

  it('lists at most the newest texts', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tally-'));
    ({ db } = openDatabase(path.join(dir, 'central.sqlite')));
    await keepDigital();
    store(MAX_TEXTS * 3, 0);
    const outcome = await readSurveyResults(sqlOverSqlite(db), versions.versionsOf('digital'), 'digital', { version: null, officeId: null, channel: null });
    if (!outcome.ok) throw new Error(outcome.reason);
    const note = outcome.results.questions.find((q) => q.id === 'note')!;
    expect(note.texts).toHaveLength(MAX_TEXTS);
    expect(note.n).toBe((MAX_TEXTS * 3 * 2) / 5);
  });
});
