import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from './mailer.ts';

let server: SMTPServer;
let port = 0;
const received: { to: string[]; raw: string }[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

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
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/почта не отправлена/) });
  });
});
