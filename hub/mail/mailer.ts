import nodemailer from 'nodemailer';

/**
 * E-mail of reports and alerts. Only built when SMTP is configured; without it the hub archives
 * reports and shows alerts, and nothing breaks. A failed send is a typed result, logged and kept
 * in the archive, never a crash: the files are already written when mail is attempted.
 */
export interface SmtpSettings {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465); false: plain, upgraded by STARTTLS when offered. */
  secure: boolean;
  user: string | null;
  pass: string | null;
  from: string;
}

export interface OutgoingMail {
  to: readonly string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** A failed send: nobody to send to, or the mail server did not take it (`detail`: its words). */
export type SendFailure = { reason: 'no-recipients' } | { reason: 'not-sent'; detail: string };
export type SendResult = { ok: true; messageId: string } | ({ ok: false } & SendFailure);

/** A failed send in Russian, as the report archive and the alert list show it to staff. */
export function sendFailureText(failure: SendFailure): string {
  return failure.reason === 'no-recipients' ? 'не заданы получатели' : `почта не отправлена: ${failure.detail}`;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

export function createMailer(smtp: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user !== null ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      if (mail.to.length === 0) return { ok: false, reason: 'no-recipients' };
      try {
        const info = await transport.sendMail({ from: smtp.from, to: [...mail.to], subject: mail.subject, text: mail.text, attachments: mail.attachments ?? [] });
        return { ok: true, messageId: String(info.messageId) };
      } catch (error) {
        return { ok: false, reason: 'not-sent', detail: (error as Error).message };
      }
    },
    close() {
      transport.close();
    },
  };
}
