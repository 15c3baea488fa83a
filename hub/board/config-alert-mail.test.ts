import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devicesResponseSchema } from '../../shared/api/board.ts';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import { signResponse } from '../../shared/protocol/forward-signature.ts';
import { REGIONAL_CONFIG_SCHEMA_VERSION } from '../../shared/protocol/regional-config.ts';
import { HUB_HEADER } from '../../shared/protocol/wire.ts';
import { mailerTo, startClockedHub } from '../../test/support/clocked-hub.ts';
import { waitFor } from '../../test/support/forward-stack.ts';
import { bodyText, startSmtpInbox, type SmtpInbox } from '../../test/support/smtp-inbox.ts';
import { staffSession } from '../../test/support/staff-session.ts';
import type { OutageNotices } from '../mail/outage-notices.ts';
import { readConfigState } from '../db/regional-config-state.ts';
import { startRegionalConfigPuller, type RegionalConfigPuller } from '../regional-config/puller.ts';
import type { RunningHub } from '../server.ts';
import { createBoardReader } from './board-reader.ts';
import { startConfigAlertMail } from './config-alert-mail.ts';

/**
 * An office hub that refuses the central's regional settings (here: a snapshot in a newer format
 * than it reads) raises the АХО board's config-refused alert and mails АХО once per episode, not at
 * every refused pull nor after a restart; only a pull that succeeds is the all-clear, mailed once.
 * The central is a fake on 127.0.0.1 holding the office's key; the hub's clock is the test's.
 */
const SECRET = `czn_hub_${'k'.repeat(43)}`;
let fake: Server;
let inbox: SmtpInbox;
let hub: RunningHub;
let puller: RegionalConfigPuller;
let now = Date.parse('2026-11-23T09:00:00.000+03:00');
let configRequests = 0;
let next: () => { status?: number; body: string } = () => ({ body: answer(snapshot(5), 5) });

function snapshot(revision: number, schemaVersion = REGIONAL_CONFIG_SCHEMA_VERSION): Record<string, unknown> {
  return {
    schemaVersion,
    officeId: 'sharya',
    revision,
    changedAt: new Date(now).toISOString(),
    offices: DEFAULT_OFFICES.map((o) => ({ ...o, closedAt: null })),
    services: [{ id: 'other', name: `Другое, ревизия ${revision}`, active: true }],
    alertRules: [],
    workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] },
    users: [],
    surveys: [],
    ...(schemaVersion > REGIONAL_CONFIG_SCHEMA_VERSION ? { quizzes: [] } : {}),
  };
}
const answer = (snap: unknown, revision: number): string => JSON.stringify({ ok: true, revision, snapshot: snap });

beforeAll(async () => {
  fake = createServer((req, res) => {
    if (!req.url?.startsWith('/api/forward/config')) return void res.writeHead(503).end();
    configRequests++;
    const a = next();
    const status = a.status ?? 200;
    const signature = signResponse(SECRET, String(req.headers[HUB_HEADER.signature] ?? ''), status, a.body);
    res.writeHead(status, { 'content-type': 'application/json', [HUB_HEADER.signature]: signature }).end(a.body);
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  inbox = await startSmtpInbox();
  hub = await startClockedHub(
    {
      ROLE: 'office',
      OFFICE_ID: 'sharya',
      CENTRAL_URL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
      CENTRAL_KEY_ID: 'sharya.test',
      CENTRAL_KEY: SECRET,
      // The pull at start, the one after applying, then only the test's.
      CONFIG_PULL_SECONDS: '86400',
      DEVICE_ALERT_RECIPIENTS: 'aho-sharya@czn.example',
      PUBLIC_BASE_URL: 'http://hub-sharya.local:8080',
      SCHEDULED_REPORTS: 'false',
    },
    () => now,
    'config-alert-mail-',
  );
  await waitFor('revision 5 applied and reported', async () => (await readConfigState(hub.ctx.sql)).revision === 5 && configRequests >= 2, 10_000);
  // The hub's own puller retries a failed pull on a jittered real-time timer, which could take the
  // test's next answer before the test does; the test pulls with a puller that waits an hour instead.
  await hub.regional!.stop();
  puller = startRegionalConfigPuller(hub.ctx, { centralUrl: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, key: { keyId: 'sharya.test', secret: SECRET }, intervalMs: 3_600_000, retryBaseMs: 3_600_000, requestTimeoutMs: 10_000, random: () => 1 });
  await waitFor('the test puller has made its first pull', () => configRequests >= 3, 10_000);
});
afterAll(async () => {
  await puller?.stop();
  await hub?.close();
  await inbox?.close();
  await new Promise((resolve) => fake?.close(resolve));
});

/** One pull by the test, a second later on the hub's clock (a failure is judged against the last good pull). */
async function pull(make: typeof next) {
  next = make;
  now += 1000;
  return puller.pullNow();
}
const configAlerts = async () => (await createBoardReader(hub.ctx).board('sharya')).alerts.filter((a) => a.kind === 'config-refused');

describe('regional settings refused: the board alert and its mail', () => {
  let mail: OutageNotices;

  it('a newer format: one board alert saying to update the program, one mail to АХО, not repeated', async () => {
    mail = startConfigAlertMail(hub.ctx, { mailer: mailerTo(inbox.port), everyMs: 3_600_000 })!;
    expect(await mail.checkNow()).toEqual({ alerted: [], recovered: [] });
    expect(await configAlerts()).toEqual([]);

    expect(await pull(() => ({ body: answer(snapshot(6, REGIONAL_CONFIG_SCHEMA_VERSION + 1), 6) }))).toMatchObject({ kind: 'failed', reason: 'newer-schema' });
    expect(await configAlerts()).toEqual([
      expect.objectContaining({ severity: 'warning', officeId: 'sharya', message: expect.stringMatching(/^Настройки области не принимаются: .*более новом формате.*Обновите программу хаба; действуют прежние \(ревизия 5\)$/) }),
    ]);
    // The board's API says the same, in the shape the staff app reads.
    const aho = await staffSession(hub, 'aho-config', [{ role: 'aho' }]);
    const board = devicesResponseSchema.parse(await (await aho.fetch('/api/devices')).json());
    expect(board.alerts.map((a) => a.kind)).toContain('config-refused');
    expect(board.forwarding?.config).toMatchObject({ revision: 5, failing: true, lastError: { code: 'newer-schema' } });

    expect(await mail.checkNow()).toEqual({ alerted: ['config-refused'], recovered: [] });
    expect(inbox.received).toHaveLength(1);
    expect(inbox.received[0]?.to).toEqual(['aho-sharya@czn.example']);
    const text = bodyText(inbox.received[0]!.raw);
    expect(text).toContain('Обновите программу хаба отдела до версии центрального сборщика.');
    expect(text).toContain('http://hub-sharya.local:8080/board');

    // Refused again, checked again, the mail service restarted: still one mail.
    await pull(() => ({ body: answer(snapshot(6, REGIONAL_CONFIG_SCHEMA_VERSION + 1), 6) }));
    expect(await mail.checkNow()).toEqual({ alerted: [], recovered: [] });
    await mail.stop();
    mail = startConfigAlertMail(hub.ctx, { mailer: mailerTo(inbox.port), everyMs: 3_600_000 })!;
    expect(await mail.checkNow()).toEqual({ alerted: [], recovered: [] });
    expect(inbox.received).toHaveLength(1);
  });

  it('a central that turns the hub away (401) is not the all-clear: nothing is fixed yet', async () => {
    expect(await pull(() => ({ status: 401, body: '{"ok":false}' }))).toMatchObject({ kind: 'failed', reason: 'refused' });
    expect(await configAlerts()).toEqual([]);
    expect(await mail.checkNow()).toEqual({ alerted: [], recovered: [] });
  });

  it('a good pull is the all-clear, mailed once; another kind of refusal later is a new episode', async () => {
    expect(await pull(() => ({ body: answer(snapshot(6), 6) }))).toEqual({ kind: 'applied', revision: 6 });
    expect(await configAlerts()).toEqual([]);
    expect(await mail.checkNow()).toEqual({ alerted: [], recovered: ['config-refused'] });
    expect(bodyText(inbox.received[1]!.raw)).toContain('настройки области снова получены с центрального сборщика, действует ревизия 6');
    expect(await mail.checkNow()).toEqual({ alerted: [], recovered: [] });

    expect(await pull(() => ({ body: answer({ ...snapshot(7), officeId: 'kostroma' }, 7) }))).toMatchObject({ kind: 'failed', reason: 'wrong-office' });
    expect((await configAlerts())[0]?.message).toMatch(/^Настройки области не принимаются: настройки собраны для отдела kostroma, а этот хаб — sharya; действуют прежние \(ревизия 6\)$/);
    expect(await mail.checkNow()).toEqual({ alerted: ['config-refused'], recovered: [] });
    expect(bodyText(inbox.received[2]!.raw)).toContain('ответ центрального сборщика не прошёл проверку');
    await mail.stop();
  });
});
