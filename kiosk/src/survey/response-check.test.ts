import { describe, expect, it } from 'vitest';
import { responseSchema } from '../../../shared/records.ts';
import { COMMENT_MAX_LENGTH } from '../../../shared/surveys.ts';
import { responseFromDraft } from './draft.ts';
import { draft } from '../../../test/support/survey-draft.ts';
import { checkResponse } from './response-check.ts';

const valid = responseFromDraft(draft({ answers: { csat1: 4, csat2: 5, csat3: 3, ces: 2, nps: 10 }, comment: 'хорошо', serviceId: 'other', desk: 'Окно 1' }), true);

const variants: [string, unknown][] = [
  ['valid', valid],
  ['valid, phone channel, nothing optional', { ...valid, channel: 'email-link', comment: null, serviceId: null, desk: null, answers: {} }],
  ['extra field', { ...valid, score: 3 }],
  ['wrong kind', { ...valid, kind: 'press' }],
  ['uuid v4 id', { ...valid, id: '0b6f1c2e-1d2a-4b7c-9d2e-0a1b2c3d4e5f' }],
  ['bad office', { ...valid, officeId: 'Шарья' }],
  ['bad device', { ...valid, deviceId: 'kiosk 1' }],
  ['bornAt without ms', { ...valid, bornAt: '2026-03-02T07:15:00Z' }],
  ['bornAt with offset', { ...valid, bornAt: '2026-03-02T07:15:00.000+03:00' }],
  ['unknown channel', { ...valid, channel: 'panel' }],
  ['csat 0', { ...valid, answers: { csat1: 0 } }],
  ['nps 11', { ...valid, answers: { nps: 11 } }],
  ['nps 7.5', { ...valid, answers: { nps: 7.5 } }],
  ['ces as text', { ...valid, answers: { ces: '3' } }],
  ['unknown answer', { ...valid, answers: { q6: 3 } }],
  ['empty comment', { ...valid, comment: '' }],
  ['overlong comment', { ...valid, comment: 'я'.repeat(COMMENT_MAX_LENGTH + 1) }],
  ['bad service', { ...valid, serviceId: 'Вакансии' }],
  ['overlong desk', { ...valid, desk: 'x'.repeat(61) }],
  ['complete missing', { ...valid, complete: undefined }],
  ['not an object', [valid]],
];

describe('checkResponse agrees with responseSchema', () => {
  it.each(variants)('%s', (_name, input) => {
    expect(checkResponse(input).ok).toBe(responseSchema.safeParse(input).success);
  });

  it('is stricter only where the kiosk never sends such a value', () => {
    expect(checkResponse({ ...valid, comment: ' padded ' }).ok).toBe(false);
    expect(responseSchema.safeParse({ ...valid, comment: ' padded ' }).success).toBe(true);
  });
});
