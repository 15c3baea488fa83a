import { computed, signal } from '@preact/signals';
import type { SurveyChannel } from '../../../shared/records.ts';
import type { KioskSurvey } from '../../../shared/protocol/kiosk-config.ts';
import type { SurveyAnswers } from '../../../shared/surveys/answer-types.ts';
import type { SurveyDraft } from '../survey/draft.ts';
import { surveySteps } from '../survey/steps.ts';

/** The app's state, in signals outside the components; screens render it and call the actions beside it (the state/…-actions.ts files). */
export type Screen = 'loading' | 'setup' | 'welcome' | 'survey' | 'thanks' | 'staff' | 'invalid' | 'extra';

/** Who the survey is for: from the kiosk's registration, or from the phone link. */
export interface SurveyContext {
  mode: 'kiosk' | 'phone';
  officeId: string;
  officeName: string | null;
  officeAddress: string | null;
  deviceId: string;
  channel: SurveyChannel;
  desk: string | null;
  /** The link named the service: the last question is not asked. */
  presetServiceId: string | null;
  services: { id: string; name: string }[];
  /** Phone mode: the per-visit invitation token of the link (null for a poster or the kiosk). */
  token: string | null;
  /** The CX sector's built surveys the office offers: the kiosk's from its config, a phone's from the office info. */
  surveys: KioskSurvey[];
}

/** An answer to a built survey in progress (after the main survey): one question per screen. */
export interface ExtraDraft {
  id: string;
  bornAt: string;
  survey: KioskSurvey;
  answers: SurveyAnswers;
  /** Index in the version's questions of the one on screen. */
  index: number;
}

export interface SyncView {
  pending: number;
  refused: number;
  lastSyncAt: number | null;
  lastError: string | null;
  failures: number;
}

export const screen = signal<Screen>('loading');
export const invalidReason = signal('');
export const context = signal<SurveyContext | null>(null);
export const draft = signal<SurveyDraft | null>(null);
export const pinPadOpen = signal(false);
export const extra = signal<ExtraDraft | null>(null);
/** The thank-you screen after a built survey: it offers nothing more. */
export const extraDone = signal(false);
export const syncView = signal<SyncView>({ pending: 0, refused: 0, lastSyncAt: null, lastError: null, failures: 0 });
/** Error counters since the app started, reported in every heartbeat. */
export const errorCounts = signal<Record<string, number>>({});
/** A new version of the app is installed: reload at the next welcome screen, never mid-survey. */
export const updateReady = signal(false);
/** «Завершить опрос» was tapped: the confirmation is on screen. */
export const finishAsked = signal(false);
/** Phone mode: the central answered that this invitation was already used. */
export const invitationUsed = signal(false);

export const steps = computed(() => {
  const c = context.value;
  return surveySteps({ askService: c !== null && c.presetServiceId === null && c.services.length > 0 });
});

export function countError(kind: string): void {
  errorCounts.value = { ...errorCounts.value, [kind]: (errorCounts.value[kind] ?? 0) + 1 };
}
