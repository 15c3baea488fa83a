import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishResponse, SurveyDetailResponse, SurveyResultsResponse } from '../../shared/api/surveys.ts';
import { newRecordId } from '../../shared/ids.ts';
import type { KioskConfig } from '../../shared/protocol/kiosk-config.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import { moscowDay } from '../../shared/periods.ts';
import { sampleDefinition } from '../support/sample-survey.ts';
import { waitFor, type HubProcess } from '../support/forward-stack.ts';
import { startSharyaRegion, stopSharyaRegion, type LoggedIn, type RegionSetup } from '../support/regional-stack.ts';

import type { CentralDatabase } from '../support/regional-stack.ts';

/**
 * A built survey end to end, as real processes (issue 20): published on the central, it reaches the
 * office hub by the regional configuration and the office's kiosk config; answers posted to the
 * office as a kiosk posts them (device key) reach the central exactly once, and its results equal
 * figures worked out by hand. An answer naming a version nobody published is refused with a reason.
 */
export function surveysFlow(database: CentralDatabase): void {
  let setup: RegionSetup;
  let central: HubProcess;
  let office: HubProcess;
  let cx: LoggedIn;

  /** One row of the central's own database: its SQLite file, or its PostgreSQL (counts read as numbers). */
  async function centralRows(text: string): Promise<Record<string, number>> {
    if (!setup.databaseUrl) {
      const db = new Database(path.join(setup.centralDir, 'central.sqlite'), { readonly: true });
      try {
        return db.prepare(text).get() as Record<string, number>;
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: setup.databaseUrl });
    await client.connect();
    try {
      const row = (await client.query(text)).rows[0] as Record<string, string>;
      return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    ({ setup, central, office, admin: cx } = await startSharyaRegion(database));
  }, 90_000);

  afterAll(() => stopSharyaRegion({ central, office }));

  const kiosk = () => setup.offices.get('sharya')!;
  const DAY = 86_400_000;

  function definition(): SurveyDefinition {
    const d = structuredClone(sampleDefinition);
    d.meta.period = { from: moscowDay(Date.now() - DAY), to: moscowDay(Date.now() + 30 * DAY) };
    return d;
  }

  function answer(surveyId: string, version: number, answers: SurveyAnswers, complete = true) {
    return { kind: 'survey-answer', id: newRecordId(), officeId: 'sharya', deviceId: 'sharya-kiosk', bornAt: new Date().toISOString(), surveyId, version, channel: 'kiosk', answers, complete };
  }

  async function postAsKiosk(records: unknown[]): Promise<{ status: number; body: { results?: { id: string; status: string }[]; invalid?: { reason: string }[] } }> {
    const res = await fetch(`${office.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${kiosk().kioskToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
    return { status: res.status, body: (await res.json()) as never };
  }

  async function kioskSurveys(): Promise<KioskConfig['surveys']> {
    const res = await fetch(`${office.url}/api/kiosk/config`, { headers: { authorization: `Bearer ${kiosk().kioskToken}` } });
    return ((await res.json()) as KioskConfig).surveys;
  }

  async function results(surveyId: string, query = ''): Promise<SurveyResultsResponse> {
    return (await (await cx.fetch(`/api/surveys/${surveyId}/results${query}`)).json()) as SurveyResultsResponse;
  }

  describe('a built survey from the central to a kiosk and back', () => {
    let surveyId = '';

    it('published on the central, it reaches the office’s kiosk config by the regional configuration', { timeout: 60_000 }, async () => {
      const created = (await (await cx.fetch('/api/surveys', { method: 'POST', body: JSON.stringify({ definition: definition() }) })).json()) as SurveyDetailResponse;
      surveyId = created.survey.id;
      const published = (await (await cx.fetch(`/api/surveys/${surveyId}/publish`, { method: 'POST' })).json()) as PublishResponse;
      expect(published).toMatchObject({ version: 1, created: true });
      const offered = await waitFor('survey in the kiosk config', async () => {
        const surveys = await kioskSurveys();
        return surveys.length > 0 ? surveys : null;
      }, 30_000);
      expect(offered).toMatchObject([{ surveyId, version: 1, definition: { meta: { title: 'Цифровые услуги' } } }]);
    });

    it('answers posted as a kiosk reach the central exactly once; results equal hand-computed figures', { timeout: 60_000 }, async () => {
      const batch = [
        answer(surveyId, 1, { used: true, ease: 5, nps: 10, note: 'Всё понятно' }),
        answer(surveyId, 1, { used: true, ease: 1, what: { chosen: ['cv', 'apply'], other: 'искал курсы' } }),
        answer(surveyId, 1, { used: false, where: 'home' }),
        answer(surveyId, 1, { used: true, ease: 4, nps: 7 }),
      ];
      const first = await postAsKiosk(batch);
      expect(first.status).toBe(200);
      expect(first.body.results!.map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored']);
      // A resend after a lost ack: the same ids, acknowledged again, stored nowhere twice.
      const resend = await postAsKiosk(batch);
      expect(resend.body.results!.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);

      const got = await waitFor('four answers at the central', async () => {
        const r = await results(surveyId);
        return r.results.respondents === 4 ? r : null;
      }, 30_000);
      const byId = new Map(got.results.questions.map((q) => [q.id, q]));
      // used: 3 «да» of 4 → 75 %, Wilson 95 % 30.06 %–95.44 %; ease: 5, 1, 4 → mean 10/3; nps: 10, 7 → 8.5.
      const yes = byId.get('used')!.distribution.find((d) => d.value === 'yes')!;
      expect([yes.count, yes.share]).toEqual([3, 0.75]);
      expect(yes.interval!.low).toBeCloseTo(0.3006, 3);
      expect(yes.interval!.high).toBeCloseTo(0.9544, 3);
      expect(byId.get('ease')).toMatchObject({ n: 3 });
      expect(byId.get('ease')!.mean).toBeCloseTo(10 / 3, 10);
      expect(byId.get('nps')).toMatchObject({ n: 2, mean: 8.5 });
      expect(byId.get('what')!.texts).toEqual(['искал курсы']);
      expect((await results(surveyId, '?office=sharya')).results.respondents).toBe(4);
      expect((await results(surveyId, '?office=kostroma')).results.respondents).toBe(0);

      // Exactly once on both stores, and nothing left in the office's outbox.
      await waitFor('office outbox empty', () => {
        const db = new Database(path.join(kiosk().dataDir, 'office-sharya.sqlite'), { readonly: true });
        try {
          return (db.prepare("SELECT count(*) FROM outbox WHERE kind = 'survey-answer'").pluck().get() as number) === 0;
        } finally {
          db.close();
        }
      }, 20_000);
      const office = new Database(path.join(kiosk().dataDir, 'office-sharya.sqlite'), { readonly: true });
      try {
        expect(office.prepare('SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM survey_answer').get()).toEqual({ rows: 4, ids: 4 });
      } finally {
        office.close();
      }
      expect(await centralRows('SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM survey_answer')).toEqual({ rows: 4, ids: 4 });
    });

    it('an answer naming an unknown version or survey is refused with a reason and nothing of its batch is stored', { timeout: 30_000 }, async () => {
      const unknown = await postAsKiosk([answer(surveyId, 1, { used: false }), answer(surveyId, 9, { used: false }), answer('s-nope', 1, { used: false })]);
      expect(unknown.status).toBe(400);
      expect(unknown.body.invalid!.map((i) => i.reason)).toEqual([`опрос ${surveyId} версии 9 здесь неизвестен`, 'опрос s-nope версии 1 здесь неизвестен']);
      const wrong = await postAsKiosk([answer(surveyId, 1, { used: false, ease: 3 })]);
      expect(wrong.status).toBe(400);
      expect(wrong.body.invalid![0]!.reason).toContain('не показывается');
      expect((await results(surveyId)).results.respondents).toBe(4);
    });

    it('an edit publishes version 2; answers to either version are taken, and results keep them apart', { timeout: 60_000 }, async () => {
      const edited = definition();
      edited.questions[0]!.text = 'Пользовались ли Вы порталом «Работа России»?';
      expect((await cx.fetch(`/api/surveys/${surveyId}`, { method: 'PUT', body: JSON.stringify({ definition: edited }) })).status).toBe(200);
      expect(((await (await cx.fetch(`/api/surveys/${surveyId}/publish`, { method: 'POST' })).json()) as PublishResponse).version).toBe(2);
      await waitFor('version 2 offered', async () => (await kioskSurveys())[0]?.version === 2, 30_000);
      // A kiosk that was offline still holds an answer to version 1: the office keeps that version and takes it.
      const late = await postAsKiosk([answer(surveyId, 1, { used: false }), answer(surveyId, 2, { used: true, ease: 2 }, false)]);
      expect(late.status).toBe(200);
      await waitFor('both at the central', async () => (await results(surveyId, '?version=1')).results.respondents === 5 && (await results(surveyId, '?version=2')).results.respondents === 1, 30_000);
      const v2 = await results(surveyId, '?version=2');
      expect(v2).toMatchObject({ versions: [1, 2], results: { version: 2, respondents: 1, complete: 0 } });
      expect(v2.results.questions[0]!.text).toBe('Пользовались ли Вы порталом «Работа России»?');
    });
  });
}
