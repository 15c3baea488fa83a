import type { KioskSurvey } from '../../shared/protocol/kiosk-config.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import { moscowDay } from '../../shared/periods.ts';
import { offeredOnPhone, targetsOffice } from '../../shared/surveys/offer.ts';
import type { SurveyVersionStore } from '../db/survey-versions.ts';

/**
 * The CX sector's built surveys on a client's phone (issue 20), on the central: which ones the phone
 * offers after the main survey, and whether an answer a phone sends names one that was on offer.
 * The office hub's kiosk offer is cut from `survey_offer` (what the regional configuration brought);
 * the central holds every version itself, so here the newest version of each survey is the one on offer.
 */

/**
 * The surveys a phone at this office offers today: the newest version of each, placed on phones,
 * targeting the office, in its period. The phone needs neither the introduction (the kiosk shows
 * none either) nor the other offices a survey targets, so they are cut to keep the answer small;
 * an answer names its version, and the central checks it against the whole definition.
 */
export function phoneSurveyOffer(versions: SurveyVersionStore, officeId: string, nowMs: number): KioskSurvey[] {
  return versions
    .newest()
    .filter((v) => offeredOnPhone(v.definition, officeId, nowMs))
    .map((v) => ({
      surveyId: v.surveyId,
      version: v.version,
      definition: { ...v.definition, meta: { ...v.definition.meta, introduction: '', offices: v.definition.meta.offices === 'all' ? 'all' : [officeId] } },
    }));
}

/**
 * Null when an answer from a phone names a survey on offer there, otherwise the reason: the version
 * it answered must target the office, be placed on phones and be in its period on the day the
 * answer was born; and the survey's newest version must still do the same, so that withdrawing a
 * survey from phones or from an office (by publishing a version without them) stops its answers at
 * once. An older version is accepted while both hold: a phone may have loaded it before the newest
 * was published, and results keep every version apart.
 */
export function phoneOfferProblem(surveyId: string, answered: SurveyDefinition, newest: SurveyDefinition, officeId: string, bornAtMs: number): string | null {
  for (const definition of [answered, newest]) {
    if (!targetsOffice(definition, officeId)) return `опрос ${surveyId} не проводится в отделе ${officeId}`;
    if (definition.meta.questionOfDay || !definition.meta.places.includes('phone-link')) return `опрос ${surveyId} не предлагается на телефоне`;
    if (!offeredOnPhone(definition, officeId, bornAtMs)) return `опрос ${surveyId} ${moscowDay(bornAtMs)} не проводился: период ${definition.meta.period.from} — ${definition.meta.period.to}`;
  }
  return null;
}
