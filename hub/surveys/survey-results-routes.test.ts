import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SurveyDetailResponse, SurveyListResponse, SurveyResultsResponse } from '../../shared/api/surveys.ts';
import { newRecordId } from '../../shared/ids.ts';
import { createLogger } from '../../shared/logger.ts';
import type { SurveyAnswerRecord } from '../../shared/records.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import { sampleDefinition } from '../../test/support/sample-survey.ts';
import { readHubConfig } from '../config.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { startHub, type RunningHub } from '../server.ts';
import { staffFetch } from '../../test/support/kiosk-staff.ts';

/**
 * The results API beyond the first slice: the channel filter with the office and channel counts,
 * the XLSX (read back and compared with the API), the list's progress, field-level refusals of a
 * draft, the roles (the information-support sector builds, the director reads) and the pages.
 */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function hub(role: 'central' | 'office'): Promise<RunningHub> {
  const env: Record<string, string> = { ROLE: role, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-survey-results-')), PORT: '0', SCHEDULED_REPORTS: 'false' };
  if (role === 'office') env.OFFICE_ID = 'sharya';
  const config = readHubConfig(env);
  if (!config.ok) throw new Error(config.message);
  const running = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  closers.push(() => running.close());
  return running;
}

function answer(surveyId: string, officeId: string, channel: SurveyAnswerRecord['channel'], answers: SurveyAnswers, bornAt: string): SurveyAnswerRecord {
  return { kind: 'survey-answer', id: newRecordId(), officeId, deviceId: `${officeId}-kiosk`, bornAt, surveyId, version: 1, channel, answers, complete: true };
}

async function readXlsx(body: ArrayBuffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body);
  return workbook;
}

const rowsOf = (sheet: ExcelJS.Worksheet, from: number): unknown[][] => {
  const rows: unknown[][] = [];
  sheet.eachRow((row, n) => {
    if (n >= from) rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
};

describe('survey results on the central', () => {
  it('filters by channel and office, counts both, and the XLSX holds the same figures as the API', async () => {
    const central = await hub('central');
    const info = await staffFetch(central, 'info-user', 'info');
    const created = (await (await info('/api/surveys', { method: 'POST', body: JSON.stringify({ definition: sampleDefinition }) })).json()) as SurveyDetailResponse;
    const id = created.survey.id;
    expect((await info(`/api/surveys/${id}/publish`, { method: 'POST' })).status).toBe(200);

    const store = createRecordStore(central.ctx.db);
    const records = [
      answer(id, 'sharya', 'kiosk', { used: true, ease: 5, nps: 9, where: 'home', note: 'Всё понятно' }, '2026-12-02T08:00:00.000Z'),
      answer(id, 'sharya', 'kiosk', { used: true, ease: 2, what: { chosen: ['cv'], other: 'искал вакансии' }, note: 'Долго грузится' }, '2026-12-02T09:00:00.000Z'),
      answer(id, 'sharya', 'qr-poster', { used: false, nps: 3 }, '2026-12-02T10:00:00.000Z'),
      answer(id, 'manturovo', 'kiosk', { used: true, ease: 4, where: 'office' }, '2026-12-02T11:00:00.000Z'),
    ];
    for (const r of records) expect(store.insert(r, Date.now())).toBe('stored');

    const all = (await (await info(`/api/surveys/${id}/results`)).json()) as SurveyResultsResponse;
    expect(all.byOffice).toEqual([
      { id: 'manturovo', n: 1 },
      { id: 'sharya', n: 3 },
    ]);
    expect(all.byChannel).toEqual([
      { id: 'kiosk', n: 3 },
      { id: 'qr-poster', n: 1 },
    ]);
    const kiosk = (await (await info(`/api/surveys/${id}/results?channel=kiosk&office=sharya`)).json()) as SurveyResultsResponse;
    expect(kiosk.results).toMatchObject({ respondents: 2, channel: 'kiosk', officeId: 'sharya' });
    expect(kiosk.results.questions.find((q) => q.id === 'ease')).toMatchObject({ n: 2, mean: 3.5 });
    expect((await info(`/api/surveys/${id}/results?channel=fax`)).status).toBe(400);

    const list = (await (await info('/api/surveys')).json()) as SurveyListResponse;
    expect(list.surveys[0]).toMatchObject({ latestAnswers: 4, targetN: 100, period: sampleDefinition.meta.period });

    const file = await info(`/api/surveys/${id}/results.xlsx`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(`${id}-v1.xlsx`);
    const workbook = await readXlsx(await file.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual([...sampleDefinition.questions.map((_, i) => `Вопрос ${i + 1}`), 'Ответы']);
    // Each distribution sheet: label, count, share %, interval % — the API's numbers, unrounded.
    all.results.questions.forEach((q, i) => {
      const sheet = workbook.worksheets[i]!;
      expect(String(sheet.getCell(1, 1).value)).toContain(q.text);
      const rows = rowsOf(sheet, 4);
      if (q.type === 'text') {
        expect(rows.map((r) => r[0])).toEqual(q.texts);
        return;
      }
      const expected = q.distribution.map((d) => [d.label, d.count, d.share * 100, d.interval ? d.interval.low * 100 : undefined, d.interval ? d.interval.high * 100 : undefined]);
      const got = rows.slice(0, q.distribution.length).map((r) => [r[0], r[1], r[2], r[3] ?? undefined, r[4] ?? undefined]);
      expect(got.length).toBe(expected.length);
      got.forEach((row, k) => {
        expect(row[0]).toBe(expected[k]![0]);
        expect(row[1]).toBe(expected[k]![1]);
        expect(row[2] as number).toBeCloseTo(expected[k]![2] as number, 9);
        if (expected[k]![3] !== undefined) expect(row[3] as number).toBeCloseTo(expected[k]![3] as number, 9);
      });
      if (q.mean !== null) expect(rows[q.distribution.length]).toEqual(['Среднее', q.n, q.mean]);
    });
    const raw = rowsOf(workbook.getWorksheet('Ответы')!, 4);
    expect(raw).toHaveLength(4);
    const second = raw.find((r) => r[0] === records[1]!.id)!;
    expect(second.slice(1, 5)).toEqual(['Шарьинское отделение', 'Киоск', '02.12.2026 12:00:00', 'да']);
    expect(second.slice(5)).toEqual(['да', 2, undefined, undefined, 'Резюме; другое: искал вакансии', 'Долго грузится']);

    const filtered = await readXlsx(await (await info(`/api/surveys/${id}/results.xlsx?channel=qr-poster`)).arrayBuffer());
    expect(rowsOf(filtered.getWorksheet('Ответы')!, 4)).toHaveLength(1);
    expect(String(filtered.getWorksheet('Ответы')!.getCell(2, 1).value)).toContain('QR-плакат');
  });

  it('names each refused field by its path; the director reads but does not build; the pages are the central’s', async () => {
    const central = await hub('central');
    const cx = await staffFetch(central, 'cx-user', 'cx');
    const bad = structuredClone(sampleDefinition);
    bad.meta.title = '';
    bad.questions[3] = { ...bad.questions[3]!, type: 'single', options: [{ id: 'home', label: 'Дома' }] } as (typeof bad.questions)[number];
    const refused = await cx('/api/surveys', { method: 'POST', body: JSON.stringify({ definition: bad }) });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { fields: Record<string, string> };
    expect(Object.keys(body.fields).sort()).toEqual(['definition.meta.title', 'definition.questions.3.options']);

    const director = await staffFetch(central, 'director-user', 'director');
    expect((await director('/api/surveys', { method: 'POST', body: JSON.stringify({ definition: sampleDefinition }) })).status).toBe(403);
    expect((await director('/api/surveys')).status).toBe(200);
    expect((await director('/surveys')).status).toBe(200);
    expect((await director('/surveys/new')).status).toBe(403);
    for (const page of ['/surveys', '/surveys/new', '/surveys/s-abc', '/surveys/s-abc/results']) {
      const res = await cx(page);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
    const aho = await staffFetch(central, 'aho-user', 'aho');
    expect((await aho('/surveys')).status).toBe(403);

    const office = await hub('office');
    const officeCx = await staffFetch(office, 'cx-office', 'cx');
    expect((await officeCx('/surveys')).status).toBe(404);
  });
});
