import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublishResponse, SurveyDetailResponse, SurveyListResponse, SurveyResultsResponse } from '../../shared/api/surveys.ts';
import { createLogger } from '../../shared/logger.ts';
import { sampleDefinition } from '../../test/support/sample-survey.ts';
import { readHubConfig } from '../config.ts';
import { startHub, type RunningHub } from '../server.ts';
import { staffFetch } from '../../test/support/kiosk-staff.ts';
import { currentRevision } from '../regional-config/revisions.ts';
import { buildSnapshot } from '../regional-config/snapshot.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function central(): Promise<RunningHub> {
  const config = readHubConfig({ ROLE: 'central', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-surveys-')), PORT: '0', SCHEDULED_REPORTS: 'false' });
  if (!config.ok) throw new Error(config.message);
  const running = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  closers.push(() => running.close());
  return running;
}

describe('the CX sector builds and publishes surveys on the central', () => {
  it('create → publish v1 → edit → publish v2; an unchanged draft makes no version; each publish is a regional revision', async () => {
    const hub = await central();
    const cx = await staffFetch(hub, 'cx-user', 'cx');
    const created = await cx('/api/surveys', { method: 'POST', body: JSON.stringify({ definition: sampleDefinition }) });
    expect(created.status).toBe(201);
    const { survey } = (await created.json()) as SurveyDetailResponse;
    expect(survey).toMatchObject({ title: 'Цифровые услуги', latestVersion: null, unpublished: true, versions: [] });

    const revisionBefore = (await currentRevision(hub.ctx.sql))?.revision ?? 0;
    const v1 = (await (await cx(`/api/surveys/${survey.id}/publish`, { method: 'POST' })).json()) as PublishResponse;
    expect(v1).toMatchObject({ ok: true, version: 1, created: true, revision: revisionBefore + 1 });
    const again = (await (await cx(`/api/surveys/${survey.id}/publish`, { method: 'POST' })).json()) as PublishResponse;
    expect(again).toMatchObject({ version: 1, created: false, revision: revisionBefore + 1 });

    const edited = structuredClone(sampleDefinition);
    edited.questions[0]!.text = 'Пользовались ли Вы порталом «Работа России»?';
    const saved = await cx(`/api/surveys/${survey.id}`, { method: 'PUT', body: JSON.stringify({ definition: edited }) });
    expect(((await saved.json()) as SurveyDetailResponse).survey).toMatchObject({ latestVersion: 1, unpublished: true });
    const v2 = (await (await cx(`/api/surveys/${survey.id}/publish`, { method: 'POST' })).json()) as PublishResponse;
    expect(v2).toMatchObject({ version: 2, created: true, revision: revisionBefore + 2 });

    const detail = (await (await cx(`/api/surveys/${survey.id}`)).json()) as SurveyDetailResponse;
    expect(detail.survey.versions.map((v) => [v.version, v.definition.questions[0]!.text])).toEqual([
      [1, 'Пользовались ли Вы порталом?'],
      [2, 'Пользовались ли Вы порталом «Работа России»?'],
    ]);
    expect(detail.survey.unpublished).toBe(false);
    const list = (await (await cx('/api/surveys')).json()) as SurveyListResponse;
    expect(list.surveys).toMatchObject([{ id: survey.id, latestVersion: 2, answers: 0 }]);

    // Both versions travel to every office (the survey targets all); a version is never rewritten.
    const snapshot = await buildSnapshot(hub.ctx.sql, hub.ctx.config, 'sharya', (await currentRevision(hub.ctx.sql))!);
    expect(snapshot.surveys.map((v) => `${v.surveyId}/${v.version}`)).toEqual([`${survey.id}/1`, `${survey.id}/2`]);

    const results = (await (await cx(`/api/surveys/${survey.id}/results`)).json()) as SurveyResultsResponse;
    expect(results).toMatchObject({ versions: [1, 2], results: { version: 2, respondents: 0, targetN: 100 } });
  });

  it('refuses an invalid draft with a reason, unknown surveys, and other roles', async () => {
    const hub = await central();
    const cx = await staffFetch(hub, 'cx-user', 'cx');
    const bad = structuredClone(sampleDefinition);
    bad.questions[1]!.showIf = { questionId: 'note', values: ['x'] };
    const refused = await cx('/api/surveys', { method: 'POST', body: JSON.stringify({ definition: bad }) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid-survey', reason: expect.stringContaining('более ранний') });
    expect(((await (await cx('/api/surveys')).json()) as SurveyListResponse).surveys).toEqual([]);
    expect((await cx('/api/surveys/s-nope/publish', { method: 'POST' })).status).toBe(404);
    expect((await cx('/api/surveys/../results')).status).toBe(404);
    const aho = await staffFetch(hub, 'aho-user', 'aho');
    expect((await aho('/api/surveys', { method: 'POST', body: JSON.stringify({ definition: sampleDefinition }) })).status).toBe(403);
  });
});
