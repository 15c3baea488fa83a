import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpInbox, type SmtpInbox } from '../../test/support/smtp-inbox.ts';
import { createMailer, sendFailureText } from './mailer.ts';

let inbox: SmtpInbox;
let port = 0;
let received: SmtpInbox['received'] = [];

beforeAll(async () => {
  inbox = await startSmtpInbox();
  ({ port, received } = inbox);
});
afterAll(() => inbox.close());

describe('mailer against a local SMTP server', () => {
  it('sends a report with its attachment to every recipient', async () => {
    const mailer = createMailer({ host: '127.0.0.1', port, secure: false, user: null, pass: null, from: 'reports@czn.test' });
    const result = await mailer.send({ to: ['cx@czn.test', 'aho@czn.test'], subject: 'Отчёт', text: 'Во вложении', attachments: [{ filename: 'a.csv', content: Buffer.from('x;y'), contentType: 'text/csv' }] });
    mailer.close();
    expect(result.ok).toBe(true);
    expect(received.at(-1)?.to).toEqual(['cx@czn.test', 'aho@czn.test']);
    expect(received.at(-1)?.raw).toContain('filename=a.csv');
  });

  it('an unreachable server is a typed failure, not a throw', async () => {
    const mailer = createMailer({ host: '127.0.0.1', port: 1, secure: false, user: null, pass: null, from: 'reports@czn.test' });
    const result = await mailer.send({ to: ['cx@czn.test'], subject: 's', text: 't' });
    mailer.close();
    expect(result).toMatchObject({ ok: false, reason: 'not-sent' });
    expect(!result.ok && sendFailureText(result)).toMatch(/почта не отправлена/);
  });
});
