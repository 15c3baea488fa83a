import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisterSavedResponse } from '../../shared/api/register.ts';
import { mailerTo, startClockedHub } from '../../test/support/clocked-hub.ts';
import { bodyText, startSmtpInbox, type SmtpInbox } from '../../test/support/smtp-inbox.ts';
import { staffSession, type StaffSession } from '../../test/support/staff-session.ts';
import type { RunningHub } from '../server.ts';
import { recipientsFor, startRegisterReminders } from './register-reminders.ts';

/**
 * The register's reminders on a real central and a real SMTP server on 127.0.0.1, the clock in
 * the test's hand: a written appeal received on Monday 2 March 2026 is due for registration on
 * Thursday 5 March; the reminder goes on Tuesday 3 (two working days before), the «просрочено»
 * mail on Friday 6; each once, across checks and a restart.
 */
const MSK = (day: string, hhmm = '10:00') => Date.parse(`${day}T${hhmm}:00.000+03:00`);
let inbox: SmtpInbox;
let hub: RunningHub;
let cx: StaffSession;
let now = MSK('2026-03-02');

beforeAll(async () => {
  inbox = await startSmtpInbox();
  hub = await startClockedHub(
    { ROLE: 'central', REGISTER_REMINDER_RECIPIENTS: 'cx@czn.example,sharya:head-sharya@czn.example', PUBLIC_BASE_URL: 'http://central.local:8080' },
    () => now,
    'register-reminders-',
  );
  cx = await staffSession(hub, 'cx', [{ role: 'cx' }]);
});
afterAll(async () => {
  await hub?.close();
  await inbox?.close();
});

/** A step typed now: logged in anew, since the session has expired while the test's clock jumped days. */
const step = async (entryId: string, body: unknown): Promise<number> => {
  cx = await staffSession(hub, 'cx', [{ role: 'cx' }]);
  return (await cx.fetch(`/api/register/${entryId}/steps`, { method: 'POST', body: JSON.stringify(body) })).status;
};

const open = async (body: unknown): Promise<string> => {
  const res = await cx.fetch('/api/register', { method: 'POST', body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
  return ((await res.json()) as RegisterSavedResponse).id;
};

describe('59-ФЗ reminders by e-mail', () => {
  it('splits the recipients: everyone\'s for every office, an office\'s for its own', () => {
    expect(recipientsFor(['cx@a.ru', 'sharya:h@a.ru', 'buy:b@a.ru'], 'sharya')).toEqual(['cx@a.ru', 'h@a.ru']);
    expect(recipientsFor(['sharya:h@a.ru'], 'buy')).toEqual([]);
  });

  it('mails two working days before a due date and on the day it is missed, each once', async () => {
    const appeal = await open({ officeId: 'sharya', receivedOn: '2026-03-02', details: { channel: 'written-appeal', incomingNumber: 'вх-5' }, summary: 'Прошу пересчитать пособие', tone: 'neutral', author: { name: 'Петров П. П.', address: 'г. Шарья', contacts: null }, answerOwed: true });
    const book = await open({ officeId: 'buy', receivedOn: '2026-03-02', details: { channel: 'book-of-reviews' }, summary: 'Прошу ответить письменно', tone: 'negative', author: { name: null, address: 'г. Буй', contacts: null }, answerOwed: true });
    const failing = mailerTo(1);
    const mailer = mailerTo(inbox.port);
    let reminders = startRegisterReminders(hub.ctx, { mailer, everyMs: 3_600_000 })!;

    expect(await reminders.checkNow()).toEqual([]);
    // Tuesday 3 March: the appeal's registration (due Thu 5) is two working days away.
    now = MSK('2026-03-03');
    const down = startRegisterReminders(hub.ctx, { mailer: failing, everyMs: 3_600_000 })!;
    expect(await down.checkNow()).toEqual([]);
    await down.stop();
    expect(await reminders.checkNow()).toEqual([`${appeal}:register:2026-03-05:before`]);
    expect(await reminders.checkNow()).toEqual([]);
    expect(inbox.received).toHaveLength(1);
    expect(inbox.received[0]!.to.sort()).toEqual(['cx@czn.example', 'head-sharya@czn.example']);
    const first = bodyText(inbox.received[0]!.raw);
    expect(first).toContain('истекает 05.03.2026: осталось два рабочих дня');
    expect(first).toContain(`http://central.local:8080/register/${appeal}`);
    expect(first).not.toContain('Петров');

    // Thursday 5: the book's answer (5 days from 2 March: Sat 7, then Mon 9, the day off for 8 March
    // falling on a Sunday, so Tue 10) is two working days away (Fri 6, Tue 10).
    now = MSK('2026-03-05');
    expect(await reminders.checkNow()).toEqual([`${book}:book-answer:2026-03-10:before`]);
    expect(inbox.received[1]!.to).toEqual(['cx@czn.example']);

    // Friday 6: the registration is missed. A restart in between repeats nothing.
    await reminders.stop();
    reminders = startRegisterReminders(hub.ctx, { mailer, everyMs: 3_600_000 })!;
    now = MSK('2026-03-06', '08:00');
    expect(await reminders.checkNow()).toEqual([`${appeal}:register:2026-03-05:missed`]);
    expect(bodyText(inbox.received[2]!.raw)).toContain('истёк 05.03.2026');
    expect(await reminders.checkNow()).toEqual([]);

    // Registered late on the 6th: the answer is due 30 days later (Sun 5 April → Mon 6), reminded on Thu 2 April.
    expect(await step(appeal, { step: 'registered', registeredOn: '2026-03-06', number: '5-о' })).toBe(201);
    expect(await reminders.checkNow()).toEqual([]);
    // The book's answer was given in time: no «missed» mail for it.
    now = MSK('2026-03-10');
    expect(await step(book, { step: 'answered', on: '2026-03-10', summary: 'Ответ отправлен почтой' })).toBe(201);
    now = MSK('2026-04-02');
    expect(await reminders.checkNow()).toEqual([`${appeal}:answer:2026-04-06:before`]);
    now = MSK('2026-04-07');
    expect(await reminders.checkNow()).toEqual([`${appeal}:answer:2026-04-06:missed`]);
    expect(await reminders.checkNow()).toEqual([]);
    expect(inbox.received).toHaveLength(5);
    await reminders.stop();
  });
});
