import { newRecordId } from '../shared/ids.ts';
import { INTERVIEWER_DEVICE_ID } from '../shared/interviewer.ts';
import type { SurveyAnswerRecord, SurveySummaryRecord } from '../shared/records.ts';
import { mulberry32 } from '../shared/seeded-random.ts';
import type { SurveyAnswers } from '../shared/surveys/answer-types.ts';
import type { SurveyDefinition } from '../shared/surveys/definition.ts';
import { moscowDay } from '../shared/periods.ts';
import { summaryFigures } from '../shared/surveys/summary-figures.ts';
import type { Db } from '../hub/db/open.ts';
import { createIngest } from '../hub/ingest/ingest-batch.ts';
import { loadedSurveyVersionStore } from '../hub/db/survey-versions.ts';
import type { CentralSql } from '../hub/sql/central-sql.ts';
import { createSurvey, publishDraft } from '../hub/surveys/survey-store.ts';

/**
 * The demo central's exit poll (order No. 308, 2.2): a short poll run by staff at three offices over
 * the last three days, its answers stored as the offices would have forwarded them (channel
 * «Опрос на выходе (сотрудник)»), and each office's summary form for yesterday with an employee's
 * remarks, so the survey's results page shows both.
 */
const DAY = 86_400_000;

/** The poll, running from a week ago for three more weeks. */
const exitPollDefinition = (now: number): SurveyDefinition => ({
  meta: {
    title: 'Опрос на выходе: ожидание и вежливость',
    introduction: 'Здравствуйте! Центр занятости проводит короткий опрос о сегодняшнем приёме: три вопроса, без имени. Уделите минуту?',
    period: { from: moscowDay(now - 7 * DAY), to: moscowDay(now + 21 * DAY) },
    offices: 'all',
    places: ['interviewer'],
    targetN: 120,
    questionOfDay: false,
  },
  questions: [
    { id: 'waited', type: 'yes-no', text: 'Долго ли Вы сегодня ждали приёма?', required: true, showIf: null },
    { id: 'polite', type: 'scale-5', text: 'Насколько вежливо Вас обслужили?', required: true, showIf: null, minLabel: 'грубо', maxLabel: 'очень вежливо' },
    { id: 'why', type: 'single', text: 'С чем Вы приходили?', required: false, showIf: null, options: [{ id: 'job', label: 'Поиск работы' }, { id: 'benefit', label: 'Пособие по безработице' }, { id: 'training', label: 'Обучение' }, { id: 'papers', label: 'Справки и документы' }] },
    { id: 'wish', type: 'text', text: 'Что нам улучшить?', required: false, showIf: null },
  ],
});

const WISHES = ['Больше окон приёма по утрам', 'Электронную очередь с СМС', 'Стулья в коридоре', 'Понятнее объяснять, какие нужны документы'];
const REMARKS = ['Утром очередь, посетители торопились; после обеда отвечали охотнее.', 'Несколько человек спрашивали про обучение для пенсионеров.', 'Опрос прошёл спокойно.'];

export async function addDemoExitPoll(db: Db, sql: CentralSql, now: number, officeIds: readonly string[]): Promise<{ answers: number; summaries: number }> {
  const rand = mulberry32(2022);
  const definition = exitPollDefinition(now);
  const surveyId = await createSurvey(sql, definition, 'демо', now);
  const published = await publishDraft(sql, surveyId, now);
  if (!published.ok) return { answers: 0, summaries: 0 };
  const surveyVersions = await loadedSurveyVersionStore(sql);
  const ingest = createIngest(db, { clock: () => now, surveys: surveyVersions.lookup, forward: false });
  const yesterday = moscowDay(now - DAY);
  let answers = 0;
  let summaries = 0;
  officeIds.slice(0, 3).forEach((officeId, o) => {
    const records: SurveyAnswerRecord[] = [];
    for (let back = 3; back >= 1; back--) {
      // 10:00 Moscow time that day, then a visitor every quarter of an hour or so.
      const opening = Date.parse(`${moscowDay(now - back * DAY)}T07:00:00Z`);
      const visitors = 6 + Math.floor(rand() * 6) - o;
      for (let v = 0; v < visitors; v++) {
        const given: SurveyAnswers = { waited: rand() < 0.4, polite: Math.min(5, 2 + Math.floor(rand() * 4)) };
        if (rand() < 0.8) given.why = ['job', 'benefit', 'training', 'papers'][Math.floor(rand() * 4)]!;
        if (rand() < 0.25) given.wish = WISHES[Math.floor(rand() * WISHES.length)]!;
        const bornAt = new Date(opening + v * 15 * 60_000 + Math.floor(rand() * 600_000)).toISOString();
        records.push({ kind: 'survey-answer', id: newRecordId(), officeId, deviceId: INTERVIEWER_DEVICE_ID, bornAt, receivedAt: bornAt, surveyId, version: 1, channel: 'interviewer', answers: given, complete: true });
      }
    }
    const stored = ingest({ records }, { kind: 'office-hub', officeId });
    if (stored.ok) answers += records.length;
    const ofYesterday = records.filter((r) => moscowDay(Date.parse(r.bornAt)) === yesterday);
    const figures = summaryFigures(definition, ofYesterday.map((r) => ({ answers: r.answers, complete: r.complete })), 2 + o);
    // Sent at 18:00 Moscow time yesterday, after the day's poll.
    const at = `${yesterday}T15:00:00.000Z`;
    const summary: SurveySummaryRecord = { kind: 'survey-summary', id: newRecordId(), officeId, deviceId: INTERVIEWER_DEVICE_ID, bornAt: at, receivedAt: at, surveyId, version: 1, period: { from: yesterday, to: yesterday }, filledBy: 'демо', figures, remarks: REMARKS[o % REMARKS.length]! };
    if (ingest({ records: [summary] }, { kind: 'office-hub', officeId }).ok) summaries++;
  });
  return { answers, summaries };
}
