import { newRecordId } from '../../shared/ids.ts';
import type { SurveyDraft } from '../../kiosk/src/survey/draft.ts';

/** A draft for unit tests (never bundled: only tests import it). */
export const draft = (over: Partial<SurveyDraft> = {}): SurveyDraft => ({
  id: newRecordId(),
  bornAt: '2026-03-02T07:15:00.000Z',
  officeId: 'sharya',
  deviceId: 'kiosk-1',
  channel: 'kiosk',
  desk: null,
  answers: {},
  comment: '',
  serviceId: null,
  step: 0,
  touchedAt: 0,
  ...over,
});
