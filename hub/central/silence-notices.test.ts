import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailerTo, startClockedHub } from '../../test/support/clocked-hub.ts';
import { bodyText, startSmtpInbox, type SmtpInbox } from '../../test/support/smtp-inbox.ts';
import type { RunningHub } from '../server.ts';
import { issueOfficeKey } from './office-keys.ts';
import { createOfficeSyncStore } from './office-sync.ts';
import { startSilenceNotices } from './silence-notices.ts';

/**
 * A real central (SQLite file, migrations) and a real SMTP server on 127.0.0.1; the clock is set
 * by the test. Monday 2026-11-23, working hours 08:00–18:00 Moscow time, threshold 60 minutes.
 */
const MSK = (hhmm: string, day = 23) => Date.parse(`2026-11-${day}T${hhmm}:00.000+03:00`);

let inbox: SmtpInbox;
let hub: RunningHub;
let now = MSK('08:00');

beforeAll(async () => {
  inbox = await startSmtpInbox();
  const env = { ROLE: 'central', ALERT_RECIPIENTS: 'aho@czn.example,cx@czn.example', OFFICE_SILENCE_MINUTES: '60', PUBLIC_BASE_URL: 'https://feedback.example.ru' };
  hub = await startClockedHub(env, () => now, 'silence-notices-');
});
afterAll(async () => {
  await hub?.close();
  await inbox?.close();
});

describe('office silence e-mails on the central', () => {
  it('one alert per silence, none at night or after a restart, and one all-clear when the office delivers', async () => {
    const mailer = mailerTo(inbox.port);
    const key = await issueOfficeKey(hub.ctx.sql, hub.ctx.offices.find('sharya'), now);
    if (!key.ok) throw new Error(key.reason);
    let notices = startSilenceNotices(hub.ctx, { mailer, everyMs: 3_600_000 })!;

    now = MSK('08:30');
    expect(await notices.checkNow()).toEqual({ alerted: [], recovered: [] });
    now = MSK('10:00');
    expect(await notices.checkNow()).toEqual({ alerted: ['sharya'], recovered: [] });
    expect(inbox.received).toHaveLength(1);
    expect(inbox.received[0]?.to).toEqual(['aho@czn.example', 'cx@czn.example']);
    const alert = bodyText(inbox.received[0]!.raw);
    expect(alert).toContain('Хаб отдела «Шарьинское отделение» (sharya) не передаёт данные центральному сборщику 120 мин рабочего времени (порог 60 мин).');
    expect(alert).toContain('Последняя связь: ни разу.');
    expect(alert).toContain('https://feedback.example.ru/central');

    now = MSK('11:00');
    expect(await notices.checkNow()).toEqual({ alerted: [], recovered: [] });
    await notices.stop();
    notices = startSilenceNotices(hub.ctx, { mailer, everyMs: 3_600_000 })!;
    now = MSK('22:00');
    expect(await notices.checkNow()).toEqual({ alerted: [], recovered: [] });
    expect(inbox.received).toHaveLength(1);

    now = MSK('08:20', 24);
    createOfficeSyncStore(hub.ctx.db).record({ officeId: 'sharya', keyId: key.value.keyId, now, oldestReceivedAt: null, stored: 0, backlog: 1200, backlogOldestAt: null });
    expect(await notices.checkNow()).toEqual({ alerted: [], recovered: ['sharya'] });
    const back = bodyText(inbox.received[1]!.raw);
    expect(back).toContain('снова передаёт данные: последняя связь 24.11.2026 08:20:00 (МСК)');
    expect(back).toContain('ещё 1200 записей');
    expect(await notices.checkNow()).toEqual({ alerted: [], recovered: [] });
    await notices.stop();
    mailer.close();
  });

  it('a mail that cannot be sent is not recorded as sent, and goes out once the mail server answers', async () => {
    const closed = await startSmtpInbox();
    const deadPort = closed.port;
    await closed.close();
    const deadMailer = mailerTo(deadPort);
    const down = startSilenceNotices(hub.ctx, { mailer: deadMailer, everyMs: 3_600_000 })!;
    // sharya last delivered at 08:20 on the 24th; at 10:00 it has been silent 100 working minutes.
    now = MSK('10:00', 24);
    expect(await down.checkNow()).toEqual({ alerted: [], recovered: [] });
    await down.stop();
    deadMailer.close();
    const mailer = mailerTo(inbox.port);
    const up = startSilenceNotices(hub.ctx, { mailer, everyMs: 3_600_000 })!;
    const before = inbox.received.length;
    expect(await up.checkNow()).toEqual({ alerted: ['sharya'], recovered: [] });
    expect(inbox.received.length).toBe(before + 1);
    expect(bodyText(inbox.received.at(-1)!.raw)).toContain('Последняя связь: 24.11.2026 08:20:00 (МСК).');
    await up.stop();
    mailer.close();
  });
});
