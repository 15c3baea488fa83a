import { moscowDate } from '../shared/periods.ts';
import type { Answers } from '../shared/records.ts';
import { STAFF_SURVEY_ASPECTS, staffSurveyTemplate } from '../shared/surveys/staff-survey-template.ts';
import type { Db } from '../hub/db/open.ts';
import { createIngest, sqliteIngestInto } from '../hub/ingest/ingest-batch.ts';
import { loadedSurveyVersionStore, NO_SURVEY_VERSIONS } from '../hub/db/survey-versions.ts';
import { callQueue, createCampaign, importCalls, recordOutcome } from '../hub/phone-survey/campaign-store.ts';
import { sqlOverSqlite } from '../hub/sql/central-sql.ts';
import { printStaffLinks, submitStaffAnswer } from '../hub/surveys/staff-links.ts';
import { createSurvey, publishDraft } from '../hub/surveys/survey-store.ts';
import { mulberry32 } from '../shared/seeded-random.ts';
import { addDemoExitPoll } from './demo-exit-poll.ts';
import { addDemoMysteryShopper } from './demo-mystery-shopper.ts';

/**
 * The demo central's typed-in channels: a phone-survey campaign under way (a call list of made-up
 * numbers in the 900-000 range, some calls answered, some refused, some to call back) and the
 * yearly staff survey with answers from a few offices (two over the group minimum, the others
 * pooled), so «Телефонный опрос» and the staff survey's results have something to show; the
 * mystery shopper's template with a few visits in three offices (demo-mystery-shopper.ts); and the
 * exit poll by staff with its summary forms (demo-exit-poll.ts).
 */
export async function addDemoChannels(db: Db, now: number, officeIds: readonly string[]): Promise<{ calls: number; staffAnswers: number; mysteryVisits: number; exitPoll: { answers: number; summaries: number } }> {
  const rand = mulberry32(1308);
  const d = moscowDate(now);
  const day = (back: number) => new Date(now - back * 86_400_000).toISOString().slice(0, 10);
  const all = { scope: { officeIds: 'all' as const } };

  const sql = sqlOverSqlite(db);
  const campaign = await createCampaign(sql, { title: `Обзвон клиентов, ${String(d.month).padStart(2, '0')}.${d.year}`, script: 'Здравствуйте! Вас беспокоит центр занятости населения. Вы недавно получали у нас услугу; ответьте, пожалуйста, на пять коротких вопросов о её качестве.' }, 'демо', now);
  const rows = Array.from({ length: 40 }, (_, i) => ({ phone: `+7900000${String(1000 + i).padStart(4, '0')}`, officeId: officeIds[i % Math.min(5, officeIds.length)]!, serviceDate: day(1 + (i % 10)) }));
  await importCalls(sql, campaign, rows);
  const ingest = sqliteIngestInto(createIngest(db, { clock: () => now, surveys: NO_SURVEY_VERSIONS, forward: false }));
  const calls = await callQueue(sql, campaign, all.scope, now);
  for (const [i, call] of calls.slice(0, 24).entries()) {
    const who = { login: 'демо', scope: all.scope };
    const at = { campaignId: campaign, callId: call.id };
    if (i % 6 === 4) {
      await recordOutcome(sql, ingest, at, { status: 'refused' }, who, now);
      continue;
    }
    if (i % 6 === 5) {
      await recordOutcome(sql, ingest, at, { status: 'call-back', callBackAt: new Date(now + 86_400_000).toISOString() }, who, now);
      continue;
    }
    const score = () => Math.min(5, 2 + Math.floor(rand() * 4));
    const answers: Answers = { csat1: score(), csat2: score(), csat3: score(), ces: score(), nps: Math.min(10, 5 + Math.floor(rand() * 6)) };
    await recordOutcome(sql, ingest, at, { status: 'answered', answers, comment: i % 3 === 0 ? 'Хотелось бы получать уведомления о вакансиях по СМС' : null }, who, now);
  }

  const survey = await createSurvey(sql, staffSurveyTemplate(d.year), 'демо', now);
  await publishDraft(sql, survey, now);
  const surveyVersions = await loadedSurveyVersionStore(sql);
  let staffAnswers = 0;
  const perOffice = [7, 5, 3, 2, 1];
  for (const [o, officeId] of officeIds.slice(0, perOffice.length).entries()) {
    const printed = await printStaffLinks({ sql, surveyVersions }, survey, officeId, perOffice[o]! + 2);
    if (!printed.ok) continue;
    for (const token of printed.tokens.slice(0, perOffice[o])) {
      const answers = Object.fromEntries(STAFF_SURVEY_ASPECTS.map((a) => [a.id, 2 + Math.floor(rand() * 4)]));
      if ((await submitStaffAnswer({ sql, db, surveyVersions }, token, answers, now)).ok) staffAnswers++;
    }
  }
  const mystery = await addDemoMysteryShopper(db, now, officeIds);
  const exitPoll = await addDemoExitPoll(db, sql, now, officeIds);
  await sql.close();
  return { calls: rows.length, staffAnswers, mysteryVisits: mystery.visits, exitPoll };
}

