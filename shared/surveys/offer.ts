import { moscowDay } from '../periods.ts';
import type { SurveyDefinition, SurveyPlace } from './definition.ts';

/**
 * Which surveys a kiosk offers today, and where. Plain code without zod: the hub uses it to cut the
 * kiosk's config, and the kiosk again on each visit, since a kiosk may run for days on one config.
 */
export function inPeriod(definition: SurveyDefinition, nowMs: number): boolean {
  const today = moscowDay(nowMs);
  return definition.meta.period.from <= today && today <= definition.meta.period.to;
}

export const KIOSK_PLACES: readonly SurveyPlace[] = ['kiosk-after', 'kiosk-standalone'];

/** Offered on a kiosk today: in its period, and either a question of the day or placed on the kiosk. */
export function offeredOnKiosk(definition: SurveyDefinition, nowMs: number): boolean {
  return inPeriod(definition, nowMs) && (definition.meta.questionOfDay || definition.meta.places.some((p) => KIOSK_PLACES.includes(p)));
}
