import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertsResponse, CommentsResponse } from '../../shared/api/figures.ts';
import { newRecordId } from '../../shared/ids.ts';
import { createLogger } from '../../shared/logger.ts';
import type { SurveyResponse } from '../../shared/records.ts';
import { readHubConfig } from '../config.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { startHub, type RunningHub } from '../server.ts';
import { staffSession } from '../../test/support/staff-session.ts';

/**
 * «Взять в работу» on a real office hub over HTTP: a client's comment becomes a register entry of
 * its office, once; the feed shows it in work and then closed; the entry is queued for the central.
 */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function officeHub(): Promise<RunningHub> {
  const config = readHubConfig({ ROLE: 'office', OFFICE_ID: 'sharya', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'in-work-')), PORT: '0', SCHEDULED_REPORTS: 'false' });
  if (!config.ok) throw new Error(config.message);
  const running = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  closers.push(() => running.close());
  return running;
}

function answer(hub: RunningHub, comment: string | null, officeId = 'sharya'): string {
  const response: SurveyResponse = { kind: 'response', id: newRecordId(), officeId, deviceId: 'kiosk-1', bornAt: new Date(Date.now() - 60_000).toISOString(), channel: 'kiosk', answers: { csat1: 2, csat2: 3, csat3: 2, nps: 4 }, comment, serviceId: null, desk: null, complete: true };
  createRecordStore(hub.ctx.db).insert(response, Date.now());
  return response.id;
}

describe('a comment taken into work', () => {
  it('becomes one register entry of its office, shown in the feed until it is closed', async () => {
    const hub = await officeHub();
    const id = answer(hub, 'Полчаса ждала, окно 2 было закрыто');
    const clerk = await staffSession(hub, 'clerk', [{ role: 'staff', officeId: 'sharya' }]);
    const head = await staffSession(hub, 'head', [{ role: 'office-head', officeId: 'sharya' }]);

    const taken = await clerk.fetch(`/api/comments/${id}/in-work`, { method: 'POST' });
    expect(taken.status).toBe(201);
    const { entryId } = (await taken.json()) as { entryId: string };
    const again = await head.fetch(`/api/comments/${id}/in-work`, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, entryId, created: false });
    expect(hub.ctx.db.prepare('SELECT count(*) FROM register_entry').pluck().get()).toBe(1);

    const entry = (await (await head.fetch(`/api/register/${entryId}`)).json()) as { entry: { channel: string; summary: string; tone: string; details: { responseId: string } } };
    expect(entry.entry).toMatchObject({ channel: 'comment-in-work', summary: 'Полчаса ждала, окно 2 было закрыто', tone: 'negative', details: { responseId: id } });
    // Typed on an office hub: the entry travels to the central like presses.
    expect(hub.ctx.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'register-event'").pluck().get()).toBe(1);

    const day = (ms: number) => new Date(ms + 3 * 3_600_000).toISOString().slice(0, 10);
    const around = `from=${day(Date.now() - 86_400_000)}&to=${day(Date.now())}`;
    const feed = async () => ((await (await head.fetch(`/api/comments?${around}`)).json()) as CommentsResponse).entries.find((e) => e.id === id)?.inWork;
    expect(await feed()).toEqual({ entryId, status: 'new' });
    expect((await head.fetch(`/api/register/${entryId}/steps`, { method: 'POST', body: JSON.stringify({ step: 'measures', text: 'Окно 2 открыто с 9:00, график на двери' }) })).status).toBe(201);
    expect((await head.fetch(`/api/register/${entryId}/steps`, { method: 'POST', body: JSON.stringify({ step: 'closed' }) })).status).toBe(201);
    expect(await feed()).toEqual({ entryId, status: 'closed' });
  });

  it('a low-score alert of the panels becomes an entry too, once, and the alerts list shows it', async () => {
    const hub = await officeHub();
    const head = await staffSession(hub, 'head', [{ role: 'office-head', officeId: 'sharya' }]);
    const end = Date.now() - 120_000;
    const alertId = Number(
      hub.ctx.db
        .prepare("INSERT INTO low_score_alert (office_id, rule_key, rule_text, window_start, window_end, presses, low_presses, raised_at, mail_status) VALUES ('sharya', 'r1', 'не менее 60 % оценок не выше 2 за 15 минут', ?, ?, 5, 4, ?, 'not-configured')")
        .run(end - 15 * 60_000, end, end).lastInsertRowid,
    );
    const taken = await head.fetch(`/api/alerts/${alertId}/in-work`, { method: 'POST' });
    expect(taken.status).toBe(201);
    const { entryId } = (await taken.json()) as { entryId: string };
    expect((await head.fetch(`/api/alerts/${alertId}/in-work`, { method: 'POST' })).status).toBe(200);
    const entry = (await (await head.fetch(`/api/register/${entryId}`)).json()) as { entry: { summary: string; tone: string; details: { alertId: number } } };
    expect(entry.entry).toMatchObject({ tone: 'negative', details: { alertId } });
    expect(entry.entry.summary).toContain('4 из 5 нажатий с низкой оценкой');
    const day = (ms: number) => new Date(ms + 3 * 3_600_000).toISOString().slice(0, 10);
    const alerts = (await (await head.fetch(`/api/alerts?from=${day(end - 86_400_000)}&to=${day(Date.now())}`)).json()) as AlertsResponse;
    expect(alerts.alerts.find((a) => a.id === alertId)?.inWork).toEqual({ entryId, status: 'new' });
    expect((await head.fetch('/api/alerts/999/in-work', { method: 'POST' })).status).toBe(404);
  });

  it('refuses what cannot be taken, and changes nothing', async () => {
    const hub = await officeHub();
    const clerk = await staffSession(hub, 'clerk', [{ role: 'staff', officeId: 'sharya' }]);
    const silent = answer(hub, null);
    expect((await clerk.fetch(`/api/comments/${silent}/in-work`, { method: 'POST' })).status).toBe(409);
    const elsewhere = answer(hub, 'Другой отдел', 'buy');
    expect((await clerk.fetch(`/api/comments/${elsewhere}/in-work`, { method: 'POST' })).status).toBe(404);
    expect((await clerk.fetch('/api/comments/not-an-id/in-work', { method: 'POST' })).status).toBe(404);
    const aho = await staffSession(hub, 'aho', [{ role: 'aho' }]);
    expect((await aho.fetch(`/api/comments/${answer(hub, 'Текст')}/in-work`, { method: 'POST' })).status).toBe(403);
    expect(hub.ctx.db.prepare('SELECT count(*) FROM register_entry').pluck().get()).toBe(0);
  });
});
