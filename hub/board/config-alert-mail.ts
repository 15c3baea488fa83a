import { formatMoscowDateTime } from '../../shared/moscow-time.ts';
import type { HubContext } from '../context.ts';
import { getForwardStatus } from '../forward/forward-status.ts';
import type { Mailer } from '../mail/mailer.ts';
import { noticeTable, startOutageNotices, type NoticeMail, type OutageNotices } from '../mail/outage-notices.ts';
import { configRefusedAlert } from './board-alerts.ts';
import { forwardingRow } from './forwarding-row.ts';

/**
 * Office hub with a central: e-mails DEVICE_ALERT_RECIPIENTS (АХО, who read the board) once when
 * the board's config-refused alert appears — the hub refuses the central's regional settings (most
 * often a newer format: the program needs updating) and runs on the revision it held — and once
 * when a pull succeeds again. A central merely out of reach is not a refusal and mails nothing here
 * (forwarding has its own alert). What was mailed is kept in config_alert_notice, so the restart that
 * comes with an update still sends the all-clear.
 */
const KEY = 'config-refused';

export function startConfigAlertMail(ctx: HubContext, options: { everyMs?: number; mailer?: Mailer } = {}): OutageNotices | null {
  const { config } = ctx;
  if (config.role !== 'office' || config.centralUrl === null) return null;
  const store = noticeTable(ctx.sql, 'config_alert_notice');
  const boardUrl = config.publicBaseUrl ? `${config.publicBaseUrl.replace(/\/+$/, '')}/board` : 'страница /board хаба отдела';

  async function plan(): Promise<NoticeMail[]> {
    const held = (await store.all()).get(KEY);
    const now = ctx.clock();
    const row = forwardingRow(await getForwardStatus(ctx.db, ctx.sql, config, now), now, Number.POSITIVE_INFINITY)?.config ?? null;
    const office = ctx.offices.find(config.officeId)?.name ?? config.officeId;
    const alert = configRefusedAlert(config.officeId, row);
    if (alert && !held) {
      return [
        {
          kind: 'alert',
          keys: [KEY],
          subject: `Настройки области не принимаются: ${office}`,
          text: [
            `${office}, ${formatMoscowDateTime(now)} (МСК):`,
            `- ${alert.message}`,
            '',
            'Киоски, пульты и вход сотрудников работают на прежних настройках; изменения, сделанные на центральном сборщике (услуги, правила сигналов, сотрудники, отделы), сюда не приходят, пока это не исправлено.',
            row?.lastError?.code === 'newer-schema' ? 'Обновите программу хаба отдела до версии центрального сборщика.' : 'Сообщите администратору: ответ центрального сборщика не прошёл проверку.',
            `Табло АХО: ${boardUrl}`,
            'Когда настройки снова примутся, придёт письмо.',
          ].join('\n'),
          sent: () => store.alerted({ alert_key: KEY, message: alert.message, alerted_at: now }),
        },
      ];
    }
    // Only a good pull is the all-clear: a central out of reach after a refusal has fixed nothing yet.
    if (held && row !== null && !row.failing) {
      return [
        {
          kind: 'all-clear',
          keys: [KEY],
          subject: `Настройки области снова принимаются: ${office}`,
          text: [
            `${office}, ${formatMoscowDateTime(now)} (МСК): настройки области снова получены с центрального сборщика${row.revision === null ? '' : `, действует ревизия ${row.revision}`}.`,
            `(Письмо о том, что они не принимались: ${formatMoscowDateTime(held.alerted_at)}.)`,
            `Табло АХО: ${boardUrl}`,
          ].join('\n'),
          sent: () => store.clear(KEY),
        },
      ];
    }
    return [];
  }

  return startOutageNotices({ what: 'regional config alert', recipients: config.deviceAlertRecipients, smtp: config.smtp, logger: ctx.logger, plan, ...options });
}
