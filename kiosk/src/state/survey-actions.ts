import { toInstant } from '../instant.ts';
import type { QuestionKey } from '../../../shared/surveys.ts';
import type { SurveyDraft } from '../survey/draft.ts';
import { checkResponse } from '../survey/response-check.ts';
import { responseFromDraft } from '../survey/draft.ts';
import { resetView } from '../view/view-options.ts';
import { context, countError, draft, extra, extraDone, finishAsked, screen, steps, updateReady } from './app-state.ts';
import { refreshConfigIfStale } from './config-actions.ts';
import { refreshCounts } from './sync-actions.ts';
import { runtime } from './runtime.ts';

/**
 * What the client does: start, answer, go back, leave. Every change of the draft is written to
 * IndexedDB; a final response is on disk before the thank-you screen shows.
 */
let finishing = false;

export function startSurvey(): void {
  const c = context.value;
  if (!c || finishing) return;
  const rt = runtime();
  const now = rt.clock();
  const fresh: SurveyDraft = {
    id: rt.newId(),
    bornAt: toInstant(now),
    officeId: c.officeId,
    deviceId: c.deviceId,
    channel: c.channel,
    desk: c.desk,
    answers: {},
    comment: '',
    serviceId: c.presetServiceId,
    step: 0,
    touchedAt: now,
    ...(c.token !== null ? { token: c.token } : {}),
  };
  showDraft(fresh);
  persist(fresh);
}

/** Puts a draft on screen (a new one, or one resumed after a reload). */
export function showDraft(d: SurveyDraft): void {
  draft.value = d;
  screen.value = 'survey';
  runtime().idle.arm(runtime().timings.idleMs);
}

export function answer(key: QuestionKey, value: number): void {
  const d = draft.value;
  if (!d || finishing) return;
  advance({ ...d, answers: { ...d.answers, [key]: value } });
}

export function setComment(text: string): void {
  const d = draft.value;
  // While the response is being finalised a late keystroke must not save the draft again: it would
  // come back after a restart as a second response with the same id.
  if (!d || finishing) return;
  const next = { ...d, comment: text, touchedAt: runtime().clock() };
  draft.value = next;
  persist(next);
}

/** A tap on a service only marks it (a second tap clears it): the client sends with the primary button. */
export function selectService(serviceId: string | null): void {
  const d = draft.value;
  if (!d || finishing) return;
  const next = { ...d, serviceId, touchedAt: runtime().clock() };
  draft.value = next;
  persist(next);
}

/** "Далее" on the comment and service screens, and the step after every answer. */
export function next(): void {
  const d = draft.value;
  if (d) advance(d);
}

export function back(): void {
  const d = draft.value;
  if (!d || finishing) return;
  if (d.step === 0) return void abandon('welcome');
  const moved = { ...d, step: d.step - 1, touchedAt: runtime().clock() };
  draft.value = moved;
  persist(moved);
}

function advance(d: SurveyDraft): void {
  const moved = { ...d, step: d.step + 1, touchedAt: runtime().clock() };
  if (moved.step >= steps.value.length) return void finish(moved, true);
  draft.value = moved;
  persist(moved);
}

/** «Завершить опрос» asks first: a stray tap must not end the survey. */
export function askFinish(): void {
  if (draft.value && !finishing) finishAsked.value = true;
}

export function cancelFinish(): void {
  finishAsked.value = false;
}

/** The client leaves early ("Завершить") or walks away (idle): what they answered is kept. */
export function abandon(then: 'thanks' | 'welcome'): Promise<void> {
  const d = draft.value;
  if (!d) {
    toWelcome();
    return Promise.resolve();
  }
  return finish(d, false, then);
}

async function finish(d: SurveyDraft, complete: boolean, then: 'thanks' | 'welcome' = 'thanks'): Promise<void> {
  if (finishing) return;
  finishing = true;
  finishAsked.value = false;
  const rt = runtime();
  rt.idle.stop();
  mark('kiosk-finish');
  try {
    const check = checkResponse(responseFromDraft(d, complete));
    // Never dropped for this: the hub validates again and a refused record stays visible to staff.
    if (!check.ok) countError('invalid-response');
    const record = await finaliseWithRetry(d, complete);
    measure('kiosk-durable', 'kiosk-finish');
    draft.value = null;
    if (record && then === 'thanks') {
      screen.value = 'thanks';
      rt.idle.arm(rt.timings.thanksMs);
    } else {
      toWelcome();
    }
    rt.sync?.kick();
    void refreshCounts();
  } finally {
    finishing = false;
  }
}

async function finaliseWithRetry(d: SurveyDraft, complete: boolean) {
  const rt = runtime();
  for (let attempt = 1; ; attempt++) {
    try {
      return await rt.responses.finalise(d, complete);
    } catch (error) {
      countError('storage');
      if (attempt >= 3) {
        console.error('response not saved', error);
        return null;
      }
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

export function toWelcome(): void {
  const rt = runtime();
  rt.idle.stop();
  draft.value = null;
  extra.value = null;
  extraDone.value = false;
  finishAsked.value = false;
  // The next client at the kiosk starts from the ordinary view; a phone keeps its owner's choice.
  if (context.value?.mode === 'kiosk') resetView();
  // A new version was installed while clients used this one: take it now, between two clients.
  if (updateReady.value && context.value?.mode === 'kiosk') return void location.reload();
  screen.value = 'welcome';
  refreshConfigIfStale();
}

function persist(d: SurveyDraft): void {
  runtime()
    .responses.saveDraft(d)
    .catch(() => countError('storage'));
}

/**
 * On start: a saved draft older than the idle time was abandoned (crash, power cut, closed tab) and
 * becomes a partial response; the newest recent one is resumed where the client was.
 */
export async function recoverDrafts(): Promise<SurveyDraft | null> {
  const rt = runtime();
  const saved = (await rt.responses.drafts()).sort((a, b) => b.touchedAt - a.touchedAt);
  let resume: SurveyDraft | null = null;
  for (const d of saved) {
    if (!resume && rt.clock() - d.touchedAt < rt.timings.idleMs && d.officeId === context.value?.officeId) resume = d;
    else await rt.responses.finalise(d, false);
  }
  return resume;
}

/**
 * User-timing marks read by bench/figures/kiosk.bench.ts (last answer → response on disk; first
 * usable screen). Each replaces the previous one, so a kiosk running for months keeps two entries.
 */
export function mark(name: string): void {
  performance.clearMarks(name);
  performance.mark(name);
}

function measure(name: string, from: string): void {
  performance.clearMeasures(name);
  try {
    performance.measure(name, from);
  } catch {
    // The start mark was cleared: nothing to measure, nothing broken.
  }
}
