import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailerTo, startClockedHub } from '../../test/support/clocked-hub.ts';
import { bodyText, startSmtpInbox, type SmtpInbox } from '../../test/support/smtp-inbox.ts';
import { eventually } from '../../test/support/eventually.ts';
import type { RunningHub } from '../server.ts';
import { startStorageNotices } from './storage-notices.ts';

/**
 * The central's own disk: ALERT_RECIPIENTS get one mail when a write fails for lack of space and
 * one when writes go again. (The office hub's mail to DEVICE_ALERT_RECIPIENTS on a real full
 * file system: test/disk-full-hub.test.ts.) The failure is reported to the watch as the ingest
 * route would; the data folder itself has room, so the next successful write clears it.
 */
let inbox: SmtpInbox;
let hub: RunningHub;

beforeAll(async () => {
  inbox = await startSmtpInbox();
  hub = await startClockedHub({ ROLE: 'central', ALERT_RECIPIENTS: 'cx@czn.example', DEVICE_ALERT_RECIPIENTS: 'aho@czn.example' }, () => Date.now(), 'storage-notices-');
});
afterAll(async () => {
  await hub?.close();
  await inbox?.close();
});

describe('the hub’s own disk by e-mail', () => {
  it('central: one alert to ALERT_RECIPIENTS, none while it stays full, one all-clear', async () => {
    const notices = startStorageNotices(hub.ctx, { mailer: mailerTo(inbox.port), everyMs: 3_600_000 })!;
    try {
      const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      expect(hub.ctx.storage.noteWriteFailure(full)).toBe(true);
      await eventually(() => inbox.received.length === 1, { what: 'the alert' });
      expect(inbox.received[0]!.to).toEqual(['cx@czn.example']);
      expect(bodyText(inbox.received[0]!.raw)).toMatch(/Центральный сборщик, .*: диск заполнен.*запись не удаётся/);
      hub.ctx.storage.noteWriteFailure(full);
      // The inbox can have the mail before the round that sent it has finished: a check asked for
      // then joins that round (and reports its alert). The round after it must mail nothing.
      await notices.checkNow();
      expect(await notices.checkNow()).toEqual({ alerted: [], recovered: [] });

      hub.ctx.storage.noteWriteOk();
      await eventually(() => inbox.received.length === 2, { what: 'the all-clear' });
      expect(bodyText(inbox.received[1]!.raw)).toMatch(/места достаточно.*запись снова идёт/);
      await notices.checkNow();
      expect(await notices.checkNow()).toEqual({ alerted: [], recovered: [] });
      expect(inbox.received).toHaveLength(2);
    } finally {
      await notices.stop();
    }
  });
});
