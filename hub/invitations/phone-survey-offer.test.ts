import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import { sampleDefinition } from '../../test/support/sample-survey.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { keepSurveyVersion, loadedSurveyVersionStore } from '../db/survey-versions.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { phoneOfferProblem, phoneSurveyOffer } from './phone-survey-offer.ts';

/** What the central offers on phones, and which answers it takes as answers to a survey on offer. */
const DEC_10 = Date.parse('2026-12-10T09:00:00Z');
const survey = (over: Partial<SurveyDefinition['meta']> = {}): SurveyDefinition => ({ ...sampleDefinition, meta: { ...sampleDefinition.meta, places: ['phone-link'], ...over } });

describe('phoneOfferProblem', () => {
  const ok = survey({ offices: ['sharya', 'buy'] });

  it('takes an answer to a version placed on phones, targeting the office, born in its period', () => {
    expect(phoneOfferProblem('digital', ok, ok, 'sharya', DEC_10)).toBeNull();
    // An older version while the newest still offers it: a phone may have loaded it before.
    expect(phoneOfferProblem('digital', ok, survey(), 'sharya', DEC_10)).toBeNull();
  });

  it('refuses, with the reason, another office, another place, a question of the day, a day outside the period', () => {
    expect(phoneOfferProblem('digital', ok, ok, 'kostroma', DEC_10)).toBe('опрос digital не проводится в отделе kostroma');
    const kiosk = survey({ places: ['kiosk-after'] });
    expect(phoneOfferProblem('digital', kiosk, kiosk, 'sharya', DEC_10)).toBe('опрос digital не предлагается на телефоне');
    const ofDay = survey({ questionOfDay: true });
    expect(phoneOfferProblem('digital', ofDay, ofDay, 'sharya', DEC_10)).toBe('опрос digital не предлагается на телефоне');
    expect(phoneOfferProblem('digital', ok, ok, 'sharya', Date.parse('2027-01-01T09:00:00Z'))).toBe('опрос digital 2027-01-01 не проводился: период 2026-12-01 — 2026-12-31');
    // 23:30 on 30 November in Moscow is still November there.
    expect(phoneOfferProblem('digital', ok, ok, 'sharya', Date.parse('2026-11-30T20:30:00Z'))).toMatch(/2026-11-30 не проводился/);
  });

  it('a survey withdrawn from phones or from the office by a newer version takes no more answers to the older one', () => {
    expect(phoneOfferProblem('digital', ok, survey({ places: ['kiosk-after'] }), 'sharya', DEC_10)).toBe('опрос digital не предлагается на телефоне');
    expect(phoneOfferProblem('digital', ok, survey({ offices: ['buy'] }), 'sharya', DEC_10)).toBe('опрос digital не проводится в отделе sharya');
  });
});

describe('phoneSurveyOffer', () => {
  let dir: string;
  let db: Db;
  const publish = (surveyId: string, version: number, definition: SurveyDefinition) =>
    keepSurveyVersion(sqlOverSqlite(db), { surveyId, version, publishedAt: new Date(DEC_10 - 86_400_000 + version).toISOString(), definition });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'phone-offer-'));
    ({ db } = openDatabase(path.join(dir, 'central.sqlite')));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the newest version of each survey on phones at the office today, without the introduction and the other offices', async () => {
    await publish('digital', 1, survey({ places: ['kiosk-after'] }));
    await publish('digital', 2, survey({ places: ['kiosk-after', 'phone-link'], offices: ['sharya', 'buy', 'galich'] }));
    await publish('kiosk-only', 1, survey({ places: ['kiosk-after'] }));
    await publish('elsewhere', 1, survey({ offices: ['buy'] }));
    await publish('of-day', 1, survey({ questionOfDay: true }));
    await publish('over', 1, survey({ period: { from: '2026-11-01', to: '2026-11-30' } }));
    await publish('withdrawn', 1, survey());
    await publish('withdrawn', 2, survey({ places: ['kiosk-after'] }));
    const versions = await loadedSurveyVersionStore(sqlOverSqlite(db));
    const offer = phoneSurveyOffer(versions, 'sharya', DEC_10);
    expect(offer.map((s) => [s.surveyId, s.version])).toEqual([['digital', 2]]);
    expect(offer[0]!.definition.meta).toMatchObject({ introduction: '', offices: ['sharya'], places: ['kiosk-after', 'phone-link'] });
    expect(offer[0]!.definition.questions).toEqual(sampleDefinition.questions);
    expect(phoneSurveyOffer(versions, 'kostroma', DEC_10)).toEqual([]);
  });
});
