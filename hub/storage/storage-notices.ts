import type { HubContext } from '../context.ts';
import type { Mailer } from '../mail/mailer.ts';
import { startOutageNotices, type NoticeMail, type OutageNotices } from '../mail/outage-notices.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';
import { describeStorage } from '../../shared/storage-words.ts';
import { hubStorageAdvice } from './storage-advice.ts';

/**
 * The hub's own disk by e-mail: one message when its data folder turns critical, one when it has
 * room again. An office hub mails DEVICE_ALERT_RECIPIENTS (АХО, who get the board's other alerts);
 * the central mails ALERT_RECIPIENTS. What was mailed is kept in memory, not in the database: a
 * full disk cannot record it, and a notice table that fails to write would send the alert again at
 * every check. A restart during an episode mails once more, which is the lesser evil.
 * The loop is hub/mail/outage-notices.ts; a change of state runs it at once rather than at the minute.
 */
export function startStorageNotices(ctx: HubContext, options: { everyMs?: number; mailer?: Mailer } = {}): (OutageNotices & { stop(): Promise<void> }) | null {
  const { config } = ctx;
  const recipients = config.role === 'office' ? config.deviceAlertRecipients : config.alertRecipients;
  let alertedAt: number | null = null;

  function who(): string {
    if (config.role === 'central') return 'Центральный сборщик';
    let name: string | null = null;
    try {
      name = ctx.offices.find(config.officeId)?.name ?? null;
    } catch {
      name = null; // a sick database must not keep the mail from going out
    }
    return `Хаб отдела «${name ?? config.officeId}»`;
  }

  function plan(): NoticeMail[] {
    const now = ctx.clock();
    const report = ctx.storage.report();
    const where = config.publicBaseUrl ? `${config.publicBaseUrl.replace(/\/+$/, '')}/health` : '/health на самом хабе';
    if (report.state === 'critical' && alertedAt === null) {
      return [
        {
          kind: 'alert',
          keys: ['hub-disk'],
          subject: `Диск заполнен: ${who()}`,
          text: [
            `${who()}, ${formatMoscowDateTime(now)} (МСК): ${describeStorage(report)}.`,
            '',
            'Пока места нет, хаб не принимает нажатия и анкеты: устройства и офисные хабы хранят их у себя и пришлют снова, когда место освободится.',
            hubStorageAdvice(config),
            `Состояние: ${where}`,
            'Когда место освободится, придёт письмо.',
          ].join('\n'),
          sent: () => {
            alertedAt = now;
          },
        },
      ];
    }
    if (report.state !== 'critical' && alertedAt !== null) {
      const since = alertedAt;
      return [
        {
          kind: 'all-clear',
          keys: ['hub-disk'],
          subject: `Место на диске освободилось: ${who()}`,
          text: [`${who()}, ${formatMoscowDateTime(now)} (МСК): ${describeStorage(report)}; запись снова идёт.`, `(Письмо о заполненном диске: ${formatMoscowDateTime(since)}.)`].join('\n'),
          sent: () => {
            alertedAt = null;
          },
        },
      ];
    }
    return [];
  }

  const notices = startOutageNotices({ what: 'hub disk', recipients, smtp: config.smtp, logger: ctx.logger, plan, ...options });
  if (!notices) return null;
  const unlisten = ctx.storage.onChange(() => void notices.checkNow());
  return {
    checkNow: notices.checkNow,
    async stop() {
      unlisten();
      await notices.stop();
    },
  };
}
