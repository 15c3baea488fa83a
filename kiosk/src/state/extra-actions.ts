import type { KioskSurvey } from '../../../shared/protocol/kiosk-config.ts';
import type { SurveyAnswerRecord } from '../../../shared/records.ts';
import { checkSurveyAnswers, isShown, shownQuestions, withoutHidden } from '../../../shared/surveys/answer-check.ts';
import type { AnswerValue } from '../../../shared/surveys/answer-types.ts';
import { inPeriod } from '../../../shared/surveys/offer.ts';
import { toInstant } from '../instant.ts';
import { context, countError, extra, extraDone, screen, type ExtraDraft } from './app-state.ts';
import { runtime } from './runtime.ts';
import { refreshCounts } from './sync-actions.ts';
import { toWelcome } from './survey-actions.ts';

/**
 * The CX sector's built surveys on the kiosk and, in phone mode, on the client's phone (issue 20):
 * offered in one line after the main survey, one question per screen; on the kiosk, the question of
 * the day answered with one tap on the welcome screen. A finished answer is an outbox record like a
 * response (own id, on its way's channel, on disk before the screen moves on), checked against its
 * version here and again by every hub (a phone's by the central).
 */
const today = (s: KioskSurvey) => inPeriod(s.definition, runtime().clock());

/** The survey offered after the main one, if the office has one today: placed on the kiosk, or on phones in phone mode. */
export function surveyAfterMain(): KioskSurvey | null {
  const c = context.value;
  const place = c?.mode === 'phone' ? 'phone-link' : 'kiosk-after';
  return c?.surveys.find((s) => !s.definition.meta.questionOfDay && s.definition.meta.places.includes(place) && today(s)) ?? null;
}

export function questionOfDay(): KioskSurvey | null {
  return context.value?.surveys.find((s) => s.definition.meta.questionOfDay && today(s)) ?? null;
}

/** How many questions a client who answers nothing conditional will see: the «N» of the offer. */
export const questionCount = (s: KioskSurvey): number => shownQuestions(s.definition, {}).length;

export function startExtra(survey: KioskSurvey): void {
  const rt = runtime();
  const first = survey.definition.questions.findIndex((q) => isShown(q, {}));
  extra.value = { id: rt.newId(), bornAt: toInstant(rt.clock()), survey, answers: {}, index: Math.max(0, first) };
  screen.value = 'extra';
  rt.idle.arm(rt.timings.idleMs);
}

/** Sets (or, with undefined, clears) the answer on screen without moving on. */
export function setExtraValue(value: AnswerValue | undefined): void {
  const d = extra.value;
  if (!d) return;
  const id = d.survey.definition.questions[d.index]!.id;
  const answers = { ...d.answers };
  if (value === undefined) delete answers[id];
  else answers[id] = value;
  extra.value = { ...d, answers };
}

/** A tap that answers (scales, one choice, yes/no): set and move on. */
export function answerExtra(value: AnswerValue): void {
  setExtraValue(value);
  nextExtra();
}

/** The next shown question, or the end. */
export function nextExtra(): void {
  const d = extra.value;
  if (!d) return;
  const questions = d.survey.definition.questions;
  for (let i = d.index + 1; i < questions.length; i++) {
    if (isShown(questions[i]!, d.answers)) return void (extra.value = { ...d, index: i });
  }
  void finishExtra(true);
}

export function backExtra(): void {
  const d = extra.value;
  if (!d) return;
  const questions = d.survey.definition.questions;
  for (let i = d.index - 1; i >= 0; i--) {
    if (isShown(questions[i]!, d.answers)) return void (extra.value = { ...d, index: i });
  }
  void finishExtra(false, 'welcome');
}

/** The progress of the extra survey: position among the questions shown for the answers so far. */
export function extraProgress(d: ExtraDraft): { step: number; total: number } {
  const shown = shownQuestions(d.survey.definition, d.answers);
  const current = d.survey.definition.questions[d.index]!;
  return { step: Math.max(0, shown.indexOf(current)), total: shown.length };
}

let finishing = false;

/** The client reached the end, or left (a tap on «Завершить», idle, back from the first question). */
export async function finishExtra(complete: boolean, then: 'thanks' | 'welcome' = 'thanks'): Promise<void> {
  const d = extra.value;
  if (!d || finishing) return;
  finishing = true;
  try {
    const answers = withoutHidden(d.survey.definition, d.answers);
    if (Object.keys(answers).length > 0) await queueAnswer(d.id, d.bornAt, d.survey, answers, complete);
    extra.value = null;
    if (then === 'thanks' && Object.keys(answers).length > 0) {
      extraDone.value = true;
      screen.value = 'thanks';
      runtime().idle.arm(runtime().timings.thanksMs);
    } else toWelcome();
  } finally {
    finishing = false;
  }
}

/** The question of the day: one tap on the welcome screen is a whole answer. */
export async function answerQuestionOfDay(survey: KioskSurvey, value: AnswerValue): Promise<boolean> {
  const rt = runtime();
  const question = survey.definition.questions[0]!;
  return queueAnswer(rt.newId(), toInstant(rt.clock()), survey, { [question.id]: value }, true);
}

async function queueAnswer(id: string, bornAt: string, survey: KioskSurvey, answers: SurveyAnswerRecord['answers'], complete: boolean): Promise<boolean> {
  const c = context.value;
  if (!c) return false;
  const record: SurveyAnswerRecord = { kind: 'survey-answer', id, officeId: c.officeId, deviceId: c.deviceId, bornAt, surveyId: survey.surveyId, version: survey.version, channel: c.channel, answers, complete };
  // Never dropped for this: the hub checks again, and a refused answer stays on the kiosk for staff.
  if (!checkSurveyAnswers(survey.definition, answers, complete).ok) countError('invalid-survey-answer');
  const rt = runtime();
  for (let attempt = 1; ; attempt++) {
    try {
      await rt.responses.queue(record);
      break;
    } catch {
      countError('storage');
      if (attempt >= 3) return false;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
  rt.sync?.kick();
  void refreshCounts();
  return true;
}
