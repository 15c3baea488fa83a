import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import type { AnswerValue, SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyDefinition, SurveyQuestion } from '../../shared/surveys/definition.ts';
import { openDatabase } from '../../hub/db/open.ts';
import { keepSurveyVersion, loadedSurveyVersionStore } from '../../hub/db/survey-versions.ts';
import { sqlOverSqlite } from '../../hub/sql/central-sql.ts';
import { readAnswerRows, readSurveyResults } from '../../hub/surveys/survey-results.ts';
import { addToTally } from '../../hub/db/survey-tally-rows.ts';
import { renderSurveyWorkbook } from '../../hub/surveys/survey-workbook.ts';
import { figure, timeAsyncRuns, timeRuns, type BenchFigure } from '../figure.ts';

/**
 * Issue 20: the results of one survey version with 100,000 answers to 20 questions (every type,
 * answers as the kiosk stores them: JSON per answer), as GET /api/surveys/:id/results computes them
 * (sum the running tally, read the newest texts, Wilson intervals), beside the raw GROUP BY over
 * json_each on the same rows: the counts a person would ask SQLite for, without intervals, means
 * or texts. Target for the results: under 300 ms. Also: the one-time count of a version's stored
 * answers, what the tally adds to storing an answer, and the XLSX of the same results (once).
 */
const ANSWERS = 100_000;
const TYPES: SurveyQuestion['type'][] = ['scale-5', 'scale-10', 'single', 'multiple', 'yes-no'];

function definition(): SurveyDefinition {
  const questions: SurveyQuestion[] = [];
  for (let i = 0; i < 20; i++) {
    const base = { id: `q${i + 1}`, text: `Вопрос ${i + 1}`, required: false, showIf: null };
    const options = [1, 2, 3, 4, 5].map((k) => ({ id: `o${k}`, label: `Вариант ${k}` }));
    const type = i % 7 === 6 ? 'text' : TYPES[i % TYPES.length]!;
    if (type === 'scale-5' || type === 'scale-10') questions.push({ ...base, type, minLabel: 'плохо', maxLabel: 'хорошо' });
    else if (type === 'single') questions.push({ ...base, type, options });
    else if (type === 'multiple') questions.push({ ...base, type, options, other: true });
    else questions.push({ ...base, type } as SurveyQuestion);
  }
  return {
    meta: { title: 'Большой опрос', introduction: '', period: { from: '2026-01-01', to: '2026-12-31' }, offices: 'all', places: ['kiosk-after'], targetN: 50_000, questionOfDay: false },
    questions,
  };
}

function value(q: SurveyQuestion, r: number): AnswerValue | undefined {
  if (r % 10 === 0) return undefined; // one in ten skips each question
  switch (q.type) {
    case 'scale-5':
      return 1 + (r % 5);
    case 'scale-10':
      return r % 11;
    case 'yes-no':
      return r % 3 !== 0;
    case 'single':
      return `o${1 + (r % 5)}`;
    case 'multiple':
      return { chosen: [`o${1 + (r % 5)}`, `o${1 + ((r >> 3) % 5)}`].filter((v, i, a) => a.indexOf(v) === i), other: r % 17 === 0 ? 'своё' : null };
    case 'text':
      return r % 4 === 0 ? `Комментарий номер ${r}` : undefined;
  }
}

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'czn-bench-survey-'));
  const { db } = openDatabase(path.join(dir, 'central.sqlite'));
  try {
    const def = definition();
    const sql = sqlOverSqlite(db);
    await keepSurveyVersion(sql, { surveyId: 'bench', version: 1, publishedAt: '2026-01-01T00:00:00.000Z', definition: def });
    const surveyVersions = await loadedSurveyVersionStore(sql);
    const published = surveyVersions.versionsOf('bench');
    const insert = db.prepare(
      'INSERT INTO survey_answer (id, office_id, device_id, born_at, received_at, survey_id, version, channel, complete, answers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    db.transaction(() => {
      for (let i = 0; i < ANSWERS; i++) {
        const answers: SurveyAnswers = {};
        for (const q of def.questions) {
          const v = value(q, next() >> 8);
          if (v !== undefined) answers[q.id] = v;
        }
        const office = DEFAULT_OFFICES[i % DEFAULT_OFFICES.length]!.id;
        insert.run(`a-${i}`, office, `${office}-kiosk`, 1_767_225_600_000 + i * 1000, 1_767_225_600_000 + i * 1000, 'bench', 1, i % 4 === 0 ? 'qr-poster' : 'kiosk', 1, JSON.stringify(answers));
      }
    })();

    // The first read counts the version from its stored answers (once in its life); later reads sum the tally.
    const c0 = process.hrtime.bigint();
    await readSurveyResults(sql, published, 'bench', { version: null, officeId: null, channel: null });
    const firstCount = Number(process.hrtime.bigint() - c0) / 1e6;
    const results = await timeAsyncRuns(7, () => readSurveyResults(sql, published, 'bench', { version: null, officeId: null, channel: null }));
    const raw = db.prepare(
      `SELECT j.key, CASE WHEN j.type = 'object' THEN 'multiple' ELSE j.value END AS v, count(*)
         FROM survey_answer a, json_each(a.answers) j WHERE a.survey_id = ? AND a.version = ? GROUP BY 1, 2`,
    );
    const floor = timeRuns(7, () => raw.all('bench', 1));
    const office = await timeAsyncRuns(7, () => readSurveyResults(sql, published, 'bench', { version: null, officeId: 'sharya', channel: null }));
    const outcome = await readSurveyResults(sql, published, 'bench', { version: null, officeId: null, channel: null });
    if (!outcome.ok) throw new Error('no results');
    const t0 = process.hrtime.bigint();
    await renderSurveyWorkbook({ version: outcome.chosen, questions: outcome.results.questions, rows: await readAnswerRows(sql, outcome.chosen, { version: 1, officeId: null, channel: null }), scope: 'вся область', officeName: (id) => id, generatedAt: Date.now() });
    const xlsx = Number(process.hrtime.bigint() - t0) / 1e6;

    // What the tally adds to storing one answer: 2,000 more answers stored with and without it.
    const storeMore = (tally: boolean, from: number) => {
      const t = process.hrtime.bigint();
      db.transaction(() => {
        for (let i = from; i < from + 2000; i++) {
          const answers: SurveyAnswers = {};
          for (const q of def.questions) {
            const v = value(q, next() >> 8);
            if (v !== undefined) answers[q.id] = v;
          }
          insert.run(`b-${i}`, 'sharya', 'sharya-kiosk', 1_777_225_600_000 + i, 1_777_225_600_000 + i, 'bench', 1, 'kiosk', 1, JSON.stringify(answers));
          if (tally) addToTally(db, { surveyId: 'bench', version: 1, officeId: 'sharya', channel: 'kiosk', complete: true, answers }, surveyVersions.lookup);
        }
      })();
      return (Number(process.hrtime.bigint() - t) / 1e6 / 2000) * 1000;
    };
    const plainStore = storeMore(false, 0);
    const talliedStore = storeMore(true, 2000);

    const floorFigure = { name: 'raw GROUP BY over json_each, same rows', value: floor.median, unit: 'ms' };
    return [
      figure('survey results, 100k answers × 20 questions (median)', results.median, 'ms', floorFigure, `p90 ${results.p90.toFixed(0)} ms; target < 300 ms`),
      figure('survey results, one office of 25 (median)', office.median, 'ms', null, `p90 ${office.p90.toFixed(0)} ms`),
      figure('survey results, first read: counting the version from 100k stored answers (once)', firstCount, 'ms', null, 'then kept up to date by every stored answer'),
      figure('storing one answer with its tally', talliedStore, 'µs', { name: 'the same insert without the tally', value: plainStore, unit: 'µs' }, 'inside one transaction of 2,000'),
      figure('survey results XLSX, 100k answers (20 sheets + raw answers)', xlsx, 'ms', null, 'one run'),
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
