import { moscowDay } from '../periods.ts';
import type { SurveyDefinition, SurveyPlace } from './definition.ts';

/**
 * Which surveys a kiosk offers today, and where, and which the office's interviewers run. Plain code
 * without zod: the hub uses it to cut the kiosk's config and the interviewer's list, and the kiosk
 * again on each visit, since a kiosk may run for days on one config.
 */
export function inPeriod(definition: SurveyDefinition, nowMs: number): boolean {
  const today = moscowDay(nowMs);
  return definition.meta.period.from <= today && today <= definition.meta.period.to;
}

export const KIOSK_PLACES: readonly SurveyPlace[] = ['kiosk-after', 'kiosk-standalone'];

/**
 * Offered on a kiosk today: in its period and placed on the kiosk (a question of the day too: one
 * placed only with interviewers is asked by staff, not shown on the kiosk's welcome screen).
 */
export function offeredOnKiosk(definition: SurveyDefinition, nowMs: number): boolean {
  return inPeriod(definition, nowMs) && definition.meta.places.some((p) => KIOSK_PLACES.includes(p));
}

/** Run as an exit poll by this office's staff today (order No. 308, 2.2; the /interviewer page). */
export function offeredToInterviewer(definition: SurveyDefinition, officeId: string, nowMs: number): boolean {
  return inPeriod(definition, nowMs) && definition.meta.places.includes('interviewer') && targetsOffice(definition, officeId);
}

export function targetsOffice(definition: SurveyDefinition, officeId: string): boolean {
  return definition.meta.offices === 'all' || definition.meta.offices.includes(officeId);
}

/**
 * Offered on a client's phone (poster, per-visit QR code, e-mailed link) at an office on the day of
 * `atMs`: placed on phones, targeting the office, in its period. A question of the day is the
 * kiosk's welcome screen and is not offered after the main survey, on a kiosk or a phone.
 */
export function offeredOnPhone(definition: SurveyDefinition, officeId: string, atMs: number): boolean {
  return !definition.meta.questionOfDay && definition.meta.places.includes('phone-link') && targetsOffice(definition, officeId) && inPeriod(definition, atMs);
}
