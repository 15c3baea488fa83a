import { mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StaffGroupsResponse, StaffLinkCountsResponse, StaffLinksResponse } from '../../shared/api/staff-survey.ts';
import type { SurveyDetailResponse } from '../../shared/api/surveys.ts';
import { newRecordId, recordIdTime } from '../../shared/ids.ts';
import { createLogger } from '../../shared/logger.ts';
import { moscowDate, moscowMidnight } from '../../shared/periods.ts';
import { STAFF_SURVEY_ASPECTS, staffSurveyTemplate } from '../../shared/surveys/staff-survey-template.ts';
import { readHubConfig } from '../config.ts';
import { validateIngestBatch } from '../ingest/ingest-batch.ts';
import { startHub, type RunningHub } from '../server.ts';
import { staffSession, type StaffSession } from '../../test/support/staff-session.ts';
import { sharedPostgresDatabase } from '../../test/support/shared-postgres.ts';

/**
 * The yearly staff survey (seed 001 §5) through a real central over HTTP on a real SQLite file:
 * links printed per office, answered as a plain form, spent once; no row anywhere ties a link, a
 * user or an address to an answer; groups under five are pooled or withheld.
 */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A central on its SQLite, or on PostgreSQL (DATABASE_URL): the staff survey's tables and answers are then there. */
async function central(database: 'sqlite' | 'postgres' = 'sqlite'): Promise<RunningHub> {
  const onPostgres = database === 'postgres' ? { DATABASE_URL: await sharedPostgresDatabase() } : {};
  const config = readHubConfig({ ROLE: 'central', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'staff-survey-')), PORT: '0', SCHEDULED_REPORTS: 'false', ...onPostgres });
  if (!config.ok) throw new Error(config.message);
  const running = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  closers.push(() => running.close());
  return running;
}

const year = moscowDate(Date.now()).year;

async function publishedStaffSurvey(hub: RunningHub, cx: StaffSession): Promise<string> {
  const created = (await (await cx.fetch('/api/surveys', { method: 'POST', body: JSON.stringify({ definition: staffSurveyTemplate(year) }) })).json()) as SurveyDetailResponse;
  expect((await cx.fetch(`/api/surveys/${created.survey.id}/publish`, { method: 'POST' })).status).toBe(200);
  return created.survey.id;
}

async function print(cx: StaffSession, surveyId: string, officeId: string, count: number): Promise<string[]> {
  const res = await cx.fetch(`/api/surveys/${surveyId}/staff-links`, { method: 'POST', body: JSON.stringify({ officeId, count }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as StaffLinksResponse).slips.map((s) => s.link);
}

/** A full answer: every aspect scored, a comment on the first. */
function form(score: number, comment = ''): URLSearchParams {
  const body = new URLSearchParams();
  for (const aspect of STAFF_SURVEY_ASPECTS) body.set(aspect.id, String(score));
  if (comment) body.set(`${STAFF_SURVEY_ASPECTS[0].id}-comment`, comment);
  return body;
}

const post = (link: string, body: URLSearchParams) => fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('the staff survey', () => {
  it('a link opens the form, takes one complete answer and is spent; a missing answer is shown and spends nothing', async () => {
    const hub = await central();
    const cx = await staffSession(hub, 'cx', [{ role: 'cx' }]);
    const surveyId = await publishedStaffSurvey(hub, cx);
    const [link] = await print(cx, surveyId, 'sharya', 1);

    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const text = await page.text();
    expect(text).toContain(`Опрос сотрудников ${year} года`);
    expect(text).toContain('Материально-техническое оснащение');

    const partial = form(4);
    partial.delete('growth');
    const refused = await post(link!, partial);
    expect(refused.status).toBe(400);
    const again = await refused.text();
    expect(again).toContain('ответьте на этот вопрос');
    expect(again).toMatch(/name="equipment" value="4" checked/);
    expect(hub.ctx.db.prepare('SELECT count(*) FROM survey_answer').pluck().get()).toBe(0);

    const stored = await post(link!, form(4, 'Нужен второй сканер'));
    expect(stored.status).toBe(200);
    expect(await stored.text()).toContain('Ваш ответ получен');
    expect((await post(link!, form(5))).status).toBe(409);
    expect((await fetch(link!)).status).toBe(409);
    expect((await fetch(`${hub.url}/staff-survey/st_${'A'.repeat(22)}`)).status).toBe(404);
    expect(hub.ctx.db.prepare('SELECT count(*) FROM survey_answer').pluck().get()).toBe(1);
    const counts = (await (await cx.fetch(`/api/surveys/${surveyId}/staff-links`)).json()) as StaffLinkCountsResponse;
    expect(counts.offices).toEqual([{ officeId: 'sharya', printed: 1, answered: 1 }]);
  });

  it('a database scan finds no link between a token, a user and an answer', async () => {
    const hub = await central();
    const cx = await staffSession(hub, 'cx', [{ role: 'cx' }]);
    const surveyId = await publishedStaffSurvey(hub, cx);
    const links = await print(cx, surveyId, 'sharya', 6);
    // Each employee logs in to the staff app first, as they would on an office computer.
    const users = await Promise.all(links.map((_, i) => staffSession(hub, `employee${i}`, [{ role: 'staff', officeId: 'sharya' }])));
    for (const [i, link] of links.entries()) {
      const res = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: users[i]!.cookie, 'x-forwarded-for': `10.0.0.${i + 1}` }, body: form(1 + (i % 5)) });
      expect(res.status).toBe(200);
    }
    const db = hub.ctx.db;
    const tokens = links.map((l) => l.split('/').at(-1)!);
    const hashes = tokens.map((t) => createHash('sha256').update(t, 'utf8').digest('hex'));
    const logins = users.map((u) => u.login);
    const userIds = db.prepare("SELECT id FROM staff_user WHERE login LIKE 'employee%'").pluck().all() as number[];

    // The link table holds nothing but the hash, the survey, the office and the spent flag.
    expect((db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('staff_survey_link') as string[]).sort()).toEqual(['office_id', 'spent', 'survey_id', 'token_hash']);
    expect(() => db.prepare('SELECT rowid FROM staff_survey_link').all()).toThrow();
    // Every answer row: the office, the day and the answers; no user, no address, no moment.
    const day = (() => {
      const d = moscowDate(Date.now());
      return moscowMidnight(d.year, d.month, d.day);
    })();
    const answers = db.prepare('SELECT * FROM survey_answer').all() as Record<string, unknown>[];
    expect(answers).toHaveLength(6);
    for (const row of answers) {
      expect(row).toMatchObject({ office_id: 'sharya', device_id: 'staff-link', channel: 'staff-link', born_at: day, received_at: day });
      expect(recordIdTime(String(row.id))).toBe(day);
    }

    // Every cell of every table: no token, no hash outside the link table, no answer id outside
    // the answer table, no employee's login, id or address anywhere near an answer.
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const answerIds = answers.map((a) => String(a.id));
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      const cells = rows.flatMap((r) => Object.values(r).map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : String(v))));
      for (const cell of cells) {
        for (const token of tokens) expect(cell, `${table} holds a token`).not.toContain(token);
        if (table !== 'staff_survey_link') for (const hash of hashes) expect(cell, `${table} holds a link hash`).not.toContain(hash);
        if (table !== 'survey_answer') for (const id of answerIds) expect(cell, `${table} holds an answer id`).not.toContain(id);
        if (table === 'survey_answer' || table === 'staff_survey_link') {
          for (const login of logins) expect(cell).not.toContain(login);
          expect(cell).not.toMatch(/10\.0\.0\.\d/);
        }
      }
    }
    // The link table's rows are in hash order: nothing keeps the order the links were spent in.
    const stored = (db.prepare('SELECT token_hash FROM staff_survey_link').pluck().all() as Buffer[]).map((b) => b.toString('hex'));
    expect(stored).toEqual([...stored].sort());
    expect(userIds).toHaveLength(6);
  });

  it.each(['sqlite', 'postgres'] as const)('results by office only for groups of five or more; smaller ones pooled as «прочие» or withheld (central on %s)', async (database) => {
    const hub = await central(database);
    const cx = await staffSession(hub, 'cx', [{ role: 'cx' }]);
    const surveyId = await publishedStaffSurvey(hub, cx);
    const answerAll = async (officeId: string, scores: number[]) => {
      const links = await print(cx, surveyId, officeId, scores.length);
      for (const [i, link] of links.entries()) expect((await post(link, form(scores[i]!))).status).toBe(200);
    };
    await answerAll('sharya', [5, 5, 4, 4, 3, 2]);
    await answerAll('buy', [1, 2, 3]);
    await answerAll('galich', [4]);

    const groups = (await (await cx.fetch(`/api/surveys/${surveyId}/staff-groups`)).json()) as StaffGroupsResponse;
    expect(groups.minGroup).toBe(5);
    expect(groups.groups.map((g) => [g.officeId, g.respondents])).toEqual([['sharya', 6]]);
    expect(groups.withheld).toBe(4);
    const sharya = groups.groups[0]!.questions.find((q) => q.id === 'equipment')!;
    expect(sharya.mean).toBeCloseTo(23 / 6, 10);

    await answerAll('galich', [5]);
    const pooled = (await (await cx.fetch(`/api/surveys/${surveyId}/staff-groups`)).json()) as StaffGroupsResponse;
    expect(pooled.groups.map((g) => [g.officeId, g.label, g.respondents])).toEqual([
      ['sharya', expect.any(String), 6],
      [null, 'прочие', 5],
    ]);
    expect(pooled.withheld).toBe(0);

    // The general results page never shows a small office alone either.
    const small = await cx.fetch(`/api/surveys/${surveyId}/results?office=buy`);
    expect(small.status).toBe(403);
    expect(((await small.json()) as { error: string }).error).toBe('small-group');
    expect((await cx.fetch(`/api/surveys/${surveyId}/results?office=sharya`)).status).toBe(200);
  });

  it('bad requests change nothing: a survey not for staff, an unknown office, a client channel mixed in, a staff answer sent by an office or a device', async () => {
    const hub = await central();
    const cx = await staffSession(hub, 'cx', [{ role: 'cx' }]);
    const mixed = staffSurveyTemplate(year);
    mixed.meta.places = ['staff-link', 'kiosk-after'];
    const refusedDraft = await cx.fetch('/api/surveys', { method: 'POST', body: JSON.stringify({ definition: mixed }) });
    expect(refusedDraft.status).toBe(400);
    expect(await refusedDraft.text()).toContain('опрос сотрудников не предлагается клиентам');

    const surveyId = await publishedStaffSurvey(hub, cx);
    const wrongOffice = await cx.fetch(`/api/surveys/${surveyId}/staff-links`, { method: 'POST', body: JSON.stringify({ officeId: 'nowhere', count: 3 }) });
    expect(wrongOffice.status).toBe(400);
    const tooMany = await cx.fetch(`/api/surveys/${surveyId}/staff-links`, { method: 'POST', body: JSON.stringify({ officeId: 'sharya', count: 501 }) });
    expect(tooMany.status).toBe(400);
    const clerk = await staffSession(hub, 'clerk', [{ role: 'staff', officeId: 'sharya' }]);
    expect((await clerk.fetch(`/api/surveys/${surveyId}/staff-links`, { method: 'POST', body: JSON.stringify({ officeId: 'sharya', count: 3 }) })).status).toBe(403);
    expect(hub.ctx.db.prepare('SELECT count(*) FROM staff_survey_link').pluck().get()).toBe(0);

    const [link] = await print(cx, surveyId, 'sharya', 1);
    const outOfRange = form(4);
    outOfRange.set('growth', '9');
    expect((await post(link!, outOfRange)).status).toBe(400);
    expect(hub.ctx.db.prepare('SELECT spent FROM staff_survey_link').pluck().get()).toBe(0);
    expect(hub.ctx.db.prepare('SELECT count(*) FROM survey_answer').pluck().get()).toBe(0);

    // A staff answer is born on the central only: an office hub or a device sending one is refused.
    const record = { kind: 'survey-answer', id: newRecordId(), officeId: 'sharya', deviceId: 'kiosk-1', bornAt: new Date().toISOString(), surveyId, version: 1, channel: 'staff-link', answers: { equipment: 4 }, complete: false };
    const lookup = hub.ctx.surveyVersions.lookup;
    for (const sender of [{ kind: 'office-hub', officeId: 'sharya' }, { kind: 'device', deviceId: 'kiosk-1', officeId: 'sharya' }] as const) {
      const checked = validateIngestBatch({ records: [record] }, sender, lookup);
      expect(checked.ok).toBe(false);
      expect(JSON.stringify(checked)).toContain('только по одноразовой ссылке');
    }
  });
});
