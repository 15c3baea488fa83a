import type { SurveyDefinition, SurveyPlace } from './definition.ts';

/**
 * Which surveys a kiosk offers today, and where. Plain code without zod: the hub uses it to cut the
 * kiosk's config, and the kiosk again on each visit, since a kiosk may run for days on one config.
 */
const MOSCOW_OFFSET_MS = 3 * 3_600_000;

/** The Moscow calendar day of an instant, YYYY-MM-DD (Moscow keeps UTC+3 all year). */
export const moscowDay = (ms: number): string => new Date(ms + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);

export function inPeriod(definition: SurveyDefinition, nowMs: number): boolean {
  const today = moscowDay(nowMs);
  return definition.meta.period.from <= today && today <= definition.meta.period.to;
}

export const KIOSK_PLACES: readonly SurveyPlace[] = ['kiosk-after', 'kiosk-standalone'];

/** Offered on a kiosk today: in its period, and either a question of the day or placed on the kiosk. */
export function offeredOnKiosk(definition: SurveyDefinition, nowMs: number): boolean {
  return inPeriod(definition, nowMs) && (definition.meta.questionOfDay || definition.meta.places.some((p) => KIOSK_PLACES.includes(p)));
}

export const targetsOffice = (definition: SurveyDefinition, officeId: string): boolean => definition.meta.offices === 'all' || definition.meta.offices.includes(officeId);

/**
 * Offered on a client's phone (poster, per-visit QR code, e-mailed link) at an office on the day of
 * `atMs`: placed on phones, targeting the office, in its period. A question of the day is the
 * kiosk's welcome screen and is not offered after the main survey, on a kiosk or a phone.
 */
export function offeredOnPhone(definition: SurveyDefinition, officeId: string, atMs: number): boolean {
  return !definition.meta.questionOfDay && definition.meta.places.includes('phone-link') && targetsOffice(definition, officeId) && inPeriod(definition, atMs);
}
