import { formatMoscowLongDate } from '../../shared/moscow-time.ts';
import { createMailer, type SendResult, type SmtpSettings } from '../mail/mailer.ts';

/**
 * The e-mailed invitation, in Russian. The address is used for this one send and kept nowhere:
 * not in the database, not in the log.
 */
export function invitationMailText(officeName: string, url: string, expiresAt: number): { subject: string; text: string } {
  const until = formatMoscowLongDate(expiresAt);
  return {
    subject: 'Оцените, пожалуйста, качество обслуживания в центре занятости',
    text: [
      'Здравствуйте!',
      '',
      `Вы обращались в ${officeName}. Пожалуйста, ответьте на несколько вопросов о том, как вас обслужили, — это займёт около минуты:`,
      '',
      url,
      '',
      `Ссылка действует до ${until} включительно, ответить по ней можно один раз. Опрос анонимный.`,
      'Если вы не обращались в центр занятости, просто удалите это письмо.',
      '',
      'ОГКУ «Центр занятости населения Костромской области»',
    ].join('\n'),
  };
}

export async function sendInvitationMail(smtp: SmtpSettings, to: string, officeName: string, url: string, expiresAt: number): Promise<SendResult> {
  const mailer = createMailer(smtp);
  try {
    return await mailer.send({ to: [to], ...invitationMailText(officeName, url, expiresAt) });
  } finally {
    mailer.close();
  }
}
