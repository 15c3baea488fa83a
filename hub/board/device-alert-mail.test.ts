import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailerTo, startClockedHub } from '../../test/support/clocked-hub.ts';
import { bodyText, startSmtpInbox, type SmtpInbox } from '../../test/support/smtp-inbox.ts';
import type { RunningHub } from '../server.ts';
import { registerDeviceNow } from '../devices/credentials.ts';
import { startDeviceAlertMail } from './device-alert-mail.ts';
import { heartbeat, panelStatus } from '../../test/support/test-records.ts';

/**
 * A real office hub and a real SMTP server on 127.0.0.1, the clock set by the test: Monday
 * 2026-11-23, working hours 08:00–18:00 Moscow time, devices silent for 30 working minutes alert.
 */
const MSK = (hhmm: string, day = 23) => Date.parse(`2026-11-${day}T${hhmm}:00.000+03:00`);

let inbox: SmtpInbox;
let hub: RunningHub;
let now = MSK('09:00');

beforeAll(async () => {
  inbox = await startSmtpInbox();
  hub = await startClockedHub({ OFFICE_ID: 'sharya', DEVICE_ALERT_RECIPIENTS: 'aho-sharya@czn.example', PUBLIC_BASE_URL: 'http://hub-sharya.local:8080' }, () => now, 'device-alert-mail-');
});
afterAll(async () => {
  await hub?.close();
  await inbox?.close();
});

let token = '';
/** The driver's heartbeat over HTTP, as it sends it: the hub's link tracking sees it as it sees any. */
const beat = async (panelOnline: boolean) => {
  const record = heartbeat('drv-1', now, { panels: [panelStatus('p1', { desk: 'Окно 1', online: panelOnline })] });
  const res = await fetch(`${hub.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ records: [record] }) });
  if (res.status !== 200) throw new Error(`ingest ${res.status}: ${await res.text()}`);
};

describe('device alerts by e-mail on an office hub', () => {
  it('mails АХО once when a panel and then its computer lose link, and once when they are back; the evening is not a recovery', async () => {
    token = await registerDeviceNow(hub.ctx, { id: 'drv-1', officeId: 'sharya', kind: 'panel-driver', name: 'ПК пультов' }, now);
    const mailer = mailerTo(inbox.port);
    let mail = startDeviceAlertMail(hub.ctx, { mailer, everyMs: 3_600_000 })!;

    // The driver reports its panel unplugged every 30 s from 09:00 to 09:40.
    for (; now <= MSK('09:40'); now += 30_000) await beat(false);
    now = MSK('09:40');
    expect(await mail.checkNow()).toEqual({ alerted: ['panel-offline:drv-1:p1'], recovered: [] });
    expect(inbox.received).toHaveLength(1);
    expect(inbox.received[0]?.to).toEqual(['aho-sharya@czn.example']);
    const first = bodyText(inbox.received[0]!.raw);
    expect(first).toContain('Пульт «Окно 1» (p1): не на связи');
    expect(first).toContain('http://hub-sharya.local:8080/board');
    expect(await mail.checkNow()).toEqual({ alerted: [], recovered: [] });

    // Then the computer itself goes quiet; by 10:20 that is 40 working minutes. A restart in between changes nothing.
    await mail.stop();
    mail = startDeviceAlertMail(hub.ctx, { mailer, everyMs: 3_600_000 })!;
    now = MSK('10:20');
    expect(await mail.checkNow()).toEqual({ alerted: ['device-offline:drv-1:'], recovered: [] });
    expect(bodyText(inbox.received[1]!.raw)).toContain('Компьютер пультов «ПК пультов»: нет связи');

    // 19:00: the board stops alerting (working hours are over), which is no reason to say all is well.
    now = MSK('19:00');
    expect(await mail.checkNow()).toEqual({ alerted: [], recovered: [] });

    // Next morning the computer is back, its panel plugged in again: one all-clear for both.
    now = MSK('08:05', 24);
    await beat(true);
    expect(await mail.checkNow()).toEqual({ alerted: [], recovered: ['panel-offline:drv-1:p1', 'device-offline:drv-1:'] });
    expect(inbox.received).toHaveLength(3);
    const back = bodyText(inbox.received[2]!.raw);
    expect(back).toContain('снова на связи');
    expect(back).toContain('- Пульт «Окно 1» (p1)');
    expect(back).toContain('- Компьютер пультов «ПК пультов»');
    expect(await mail.checkNow()).toEqual({ alerted: [], recovered: [] });
    await mail.stop();
    mailer.close();
  });
});
