import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DrillResponse } from '../../shared/api/figures.ts';
import { createLogger } from '../../shared/logger.ts';
import type { CallQueueResponse, CampaignListResponse, CampaignSummary, ImportResponse } from '../../shared/phone-survey.ts';
import { readHubConfig } from '../config.ts';
import { startHub, type RunningHub } from '../server.ts';
import { staffSession, type StaffSession } from '../../test/support/staff-session.ts';

/**
 * The phone survey through a real central over HTTP on a real SQLite file: a campaign, its call
 * list as a CSV file, operators working through it, answers counted in the office's figures under
 * «Телефонный опрос», and closing deleting every number.
 */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function central(): Promise<RunningHub> {
  const config = readHubConfig({ ROLE: 'central', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'phone-survey-')), PORT: '0', SCHEDULED_REPORTS: 'false' });
  if (!config.ok) throw new Error(config.message);
  const running = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  closers.push(() => running.close());
  return running;
}

const today = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
const LIST = `Телефон;Отдел;Дата услуги\n8 (903) 000-00-01;Шарьинское отделение;${today}\n8 (903) 000-00-02;sharya;${today}\n8 (903) 000-00-03;Буйское отделение;${today}\n`;

async function campaign(cx: StaffSession): Promise<CampaignSummary> {
  const res = await cx.fetch('/api/phone-survey/campaigns', { method: 'POST', body: JSON.stringify({ title: 'Обзвон декабря', script: 'Здравствуйте! Вас беспокоит центр занятости…' }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { campaign: CampaignSummary }).campaign;
}

const upload = (s: StaffSession, id: string, body: string) => s.fetch(`/api/phone-survey/campaigns/${id}/calls`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
const outcome = (s: StaffSession, id: string, callId: number, body: unknown) => s.fetch(`/api/phone-survey/campaigns/${id}/calls/${callId}`, { method: 'POST', body: JSON.stringify(body) });

describe('the phone survey', () => {
  it('campaign → call list → calls worked → answers in the figures → closed, numbers deleted', async () => {
    const hub = await central();
    const cx = await staffSession(hub, 'cx', [{ role: 'cx' }]);
    const c = await campaign(cx);

    const imported = await upload(cx, c.id, LIST);
    expect(((await imported.json()) as ImportResponse)).toMatchObject({ ok: true, added: 3, alreadyListed: 0, encoding: 'utf-8' });
    // The same list again adds nothing.
    expect(((await (await upload(cx, c.id, LIST)).json()) as ImportResponse)).toMatchObject({ added: 0, alreadyListed: 3 });

    // An office clerk sees only the office's own clients; every showing of numbers is audited.
    const clerk = await staffSession(hub, 'clerk', [{ role: 'staff', officeId: 'sharya' }]);
    const queue = (await (await clerk.fetch(`/api/phone-survey/campaigns/${c.id}/calls`)).json()) as CallQueueResponse;
    expect(queue.calls.map((call) => [call.phone, call.officeId, call.status])).toEqual([
      ['+79030000001', 'sharya', 'pending'],
      ['+79030000002', 'sharya', 'pending'],
    ]);
    expect(hub.ctx.db.prepare("SELECT actor FROM audit_log WHERE action = 'phone-survey.numbers-view'").pluck().all()).toEqual(['clerk']);

    const [first, second] = queue.calls;
    expect((await outcome(clerk, c.id, first!.id, { status: 'answered', answers: { csat1: 5, csat2: 4, csat3: 5, ces: 2, nps: 9 }, comment: 'Всё понятно объяснили' })).status).toBe(200);
    expect((await outcome(clerk, c.id, first!.id, { status: 'answered', answers: { csat1: 1 }, comment: null })).status).toBe(409);
    expect((await outcome(clerk, c.id, second!.id, { status: 'call-back', callBackAt: new Date(Date.now() + 3_600_000).toISOString() })).status).toBe(200);
    const buyCall = (await (await cx.fetch(`/api/phone-survey/campaigns/${c.id}/calls`)).json() as CallQueueResponse).calls.find((call) => call.officeId === 'buy')!;
    // Out of the clerk's office: as if it did not exist.
    expect((await outcome(clerk, c.id, buyCall.id, { status: 'refused' })).status).toBe(404);
    expect((await outcome(cx, c.id, buyCall.id, { status: 'refused' })).status).toBe(200);

    // The answer is a response of channel phone-call, counted in the office's figures.
    expect(hub.ctx.db.prepare("SELECT device_id, channel, comment FROM response").all()).toEqual([{ device_id: 'phone-operator', channel: 'phone-call', comment: 'Всё понятно объяснили' }]);
    const drill = (await (await cx.fetch('/api/figures/office/sharya')).json()) as DrillResponse;
    const phone = drill.byChannel.find((row) => row.key === 'phone-call')!;
    expect(phone.label).toBe('Телефонный опрос');
    expect(phone.figures.responses).toBe(1);

    const list = (await (await cx.fetch('/api/phone-survey/campaigns')).json()) as CampaignListResponse;
    expect(list.campaigns[0]!.counts).toEqual({ pending: 0, answered: 1, refused: 1, 'no-answer': 0, 'call-back': 1 });

    const closed = await cx.fetch(`/api/phone-survey/campaigns/${c.id}/close`, { method: 'POST' });
    expect(await closed.json()).toEqual({ ok: true, deletedNumbers: 3 });
    expect(hub.ctx.db.prepare('SELECT count(*) FROM phone_call WHERE phone IS NOT NULL').pluck().get()).toBe(0);
    expect(JSON.stringify(hub.ctx.db.prepare('SELECT * FROM response').all())).not.toMatch(/\+7903|9030000/);
    expect((await outcome(clerk, c.id, second!.id, { status: 'refused' })).status).toBe(409);
    expect((await upload(cx, c.id, LIST)).status).toBe(409);
  });

  it('bad input changes nothing: a broken list, a wrong outcome, a role that may not manage', async () => {
    const hub = await central();
    const cx = await staffSession(hub, 'cx', [{ role: 'cx' }]);
    const c = await campaign(cx);
    const broken = await upload(cx, c.id, `${LIST}8903;sharya;${today}\n`);
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { errors: string[] }).errors).toEqual(['строка 5, телефон: «8903» — ожидается российский номер: 10 цифр после +7 или 8']);
    expect(hub.ctx.db.prepare('SELECT count(*) FROM phone_call').pluck().get()).toBe(0);

    await upload(cx, c.id, LIST);
    const [call] = ((await (await cx.fetch(`/api/phone-survey/campaigns/${c.id}/calls`)).json()) as CallQueueResponse).calls;
    for (const bad of [{ status: 'answered', answers: {}, comment: null }, { status: 'answered', answers: { csat1: 7 }, comment: null }, { status: 'call-back' }, { status: 'lost' }]) {
      expect((await outcome(cx, c.id, call!.id, bad)).status).toBe(400);
    }
    expect(hub.ctx.db.prepare("SELECT count(*) FROM phone_call WHERE status != 'pending'").pluck().get()).toBe(0);
    expect(hub.ctx.db.prepare('SELECT count(*) FROM response').pluck().get()).toBe(0);

    const clerk = await staffSession(hub, 'clerk', [{ role: 'staff', officeId: 'sharya' }]);
    expect((await clerk.fetch('/api/phone-survey/campaigns', { method: 'POST', body: JSON.stringify({ title: 'x', script: '' }) })).status).toBe(403);
    expect((await upload(clerk, c.id, LIST)).status).toBe(403);
    expect((await clerk.fetch(`/api/phone-survey/campaigns/${c.id}/close`, { method: 'POST' })).status).toBe(403);
    const aho = await staffSession(hub, 'aho', [{ role: 'aho' }]);
    expect((await aho.fetch(`/api/phone-survey/campaigns/${c.id}/calls`)).status).toBe(403);
    // A phone-call answer cannot come in by any other door.
    const ingest = hub.ctx.ingest(
      { records: [{ kind: 'response', id: '01936f3e-0000-7000-8000-000000000001', officeId: 'sharya', deviceId: 'phone', bornAt: new Date().toISOString(), channel: 'phone-call', answers: { csat1: 5 }, comment: null, serviceId: null, desk: null, complete: true }] },
      { kind: 'public', officeId: 'sharya' },
    );
    expect(ingest.ok).toBe(false);
  });
});
