import type { HubContext } from '../context.ts';
import type { Mailer } from '../mail/mailer.ts';
import { noticeTable, startOutageNotices, type NoticeMail, type NoticeRow as NoticeRowOf, type OutageNotices } from '../mail/outage-notices.ts';
import { officeLinks, type OfficeLink } from './office-overview.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';

/**
 * Central: e-mails ALERT_RECIPIENTS when an office hub has been silent past OFFICE_SILENCE_MINUTES
 * of working time (the same verdict `/central` shows), once per silence, and again when the
 * office delivers anew, through the alert-then-all-clear loop of hub/mail/outage-notices.ts.
 */
export type SilenceNotices = OutageNotices;

type NoticeRow = NoticeRowOf<'office_silence_notice'>;

export function startSilenceNotices(ctx: HubContext, options: { everyMs?: number; mailer?: Mailer } = {}): SilenceNotices | null {
  const { config } = ctx;
  if (config.role !== 'central') return null;
  const store = noticeTable(ctx.sql, 'office_silence_notice');

  /** Per office, in directory order: an alert for a new silence, an all-clear when it delivers anew. */
  async function plan(): Promise<NoticeMail[]> {
    const notices = await store.all();
    const now = ctx.clock();
    const mails: NoticeMail[] = [];
    for (const link of await officeLinks(ctx.sql, config, now)) {
      const notice = notices.get(link.officeId);
      if (!notice) {
        if (!link.alert) continue;
        const lastSyncAt = link.lastSyncAt === null ? null : Date.parse(link.lastSyncAt);
        mails.push({ kind: 'alert', keys: [link.officeId], ...silenceMail(link, config.officeSilenceMinutes, config.publicBaseUrl), sent: () => store.alerted({ office_id: link.officeId, last_sync_at: lastSyncAt, alerted_at: now }) });
      } else if (link.state === 'closed' || link.state === 'no-key') {
        // Closed, or its key revoked: nothing to wait for any more.
        await store.clear(link.officeId);
      } else if (link.lastSyncAt !== null && Date.parse(link.lastSyncAt) > (notice.last_sync_at ?? Number.NEGATIVE_INFINITY)) {
        mails.push({ kind: 'all-clear', keys: [link.officeId], ...backMail(link, notice), sent: () => store.clear(link.officeId) });
      }
    }
    return mails;
  }

  return startOutageNotices({ what: 'office silence', recipients: config.alertRecipients, smtp: config.smtp, logger: ctx.logger, plan, ...options });
}


const when = (instant: string | null): string => (instant === null ? 'ни разу' : `${formatMoscowDateTime(Date.parse(instant))} (МСК)`);

function silenceMail(link: OfficeLink, thresholdMinutes: number, baseUrl: string | null): { subject: string; text: string } {
  return {
    subject: `Нет связи с отделом: ${link.name}`,
    text: [
      `Хаб отдела «${link.name}» (${link.officeId}) не передаёт данные центральному сборщику ${link.silentWorkingMinutes ?? '?'} мин рабочего времени (порог ${thresholdMinutes} мин).`,
      `Последняя связь: ${when(link.lastSyncAt)}.`,
      '',
      'Оценки при этом не теряются: хаб отдела хранит их и передаст, когда связь вернётся. Проверьте, включён ли компьютер хаба, работает ли служба czn-hub и есть ли в отделе сеть.',
      baseUrl ? `Связь всех отделов: ${baseUrl.replace(/\/+$/, '')}/central` : 'Связь всех отделов: страница /central центрального сборщика.',
      '',
      'Когда отдел снова передаст данные, придёт письмо о восстановлении связи.',
    ].join('\n'),
  };
}

function backMail(link: OfficeLink, notice: NoticeRow): { subject: string; text: string } {
  return {
    subject: `Связь с отделом восстановлена: ${link.name}`,
    text: [
      `Хаб отдела «${link.name}» (${link.officeId}) снова передаёт данные: последняя связь ${when(link.lastSyncAt)}.`,
      `Оповещение о пропаже связи было отправлено ${formatMoscowDateTime(notice.alerted_at)} (МСК).`,
      link.backlogReported !== null && link.backlogReported > 0 ? `В очереди на хабе отдела ещё ${link.backlogReported} записей; они передаются.` : 'Очередь на хабе отдела пуста.',
    ].join('\n'),
  };
}
