import type { HubContext } from '../context.ts';
import { startPeriodic } from '../live/periodic.ts';
import type { Db } from '../db/open.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { officeLinks, type OfficeLink } from './office-overview.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';

/**
 * Central: e-mails ALERT_RECIPIENTS when an office hub has been silent past OFFICE_SILENCE_MINUTES
 * of working time (the same verdict `/central` shows), once per silence, and again when the
 * office delivers anew. Nobody watches a page all day; an e-mail is what gets a technician sent.
 * A mail that fails is tried again at the next check; nothing is recorded as sent until it is.
 */
export interface SilenceNotices {
  /** One check now: which offices got an alert and which an all-clear. */
  checkNow(): Promise<{ alerted: string[]; recovered: string[] }>;
  stop(): Promise<void>;
}

const EVERY_MS = 60_000;

interface NoticeRow {
  office_id: string;
  last_sync_at: number | null;
  alerted_at: number;
}

export function startSilenceNotices(ctx: HubContext, options: { everyMs?: number; mailer?: Mailer } = {}): SilenceNotices | null {
  const { config } = ctx;
  if (config.role !== 'central' || config.alertRecipients.length === 0 || (!config.smtp && !options.mailer)) return null;
  const mailer = options.mailer ?? createMailer(config.smtp!);
  const store = noticeStore(ctx.db);

  async function check(): Promise<{ alerted: string[]; recovered: string[] }> {
    const now = ctx.clock();
    const notices = store.all();
    const alerted: string[] = [];
    const recovered: string[] = [];
    for (const link of officeLinks(ctx.db, config, now)) {
      const notice = notices.get(link.officeId);
      if (!notice) {
        if (!link.alert) continue;
        const sent = await mailer.send({ to: config.alertRecipients, ...silenceMail(link, config.officeSilenceMinutes, config.publicBaseUrl) });
        if (!sent.ok) {
          ctx.logger.warn({ office: link.officeId, reason: sent.reason }, 'office silence alert not mailed; will retry');
          continue;
        }
        store.alerted(link.officeId, link.lastSyncAt === null ? null : Date.parse(link.lastSyncAt), now);
        alerted.push(link.officeId);
      } else if (link.state === 'closed' || link.state === 'no-key') {
        // Closed, or its key revoked: nothing to wait for any more.
        store.clear(link.officeId);
      } else if (link.lastSyncAt !== null && Date.parse(link.lastSyncAt) > (notice.last_sync_at ?? Number.NEGATIVE_INFINITY)) {
        const sent = await mailer.send({ to: config.alertRecipients, ...backMail(link, notice) });
        if (!sent.ok) {
          ctx.logger.warn({ office: link.officeId, reason: sent.reason }, 'office back online: mail not sent; will retry');
          continue;
        }
        store.clear(link.officeId);
        recovered.push(link.officeId);
      }
    }
    if (alerted.length > 0 || recovered.length > 0) ctx.logger.info({ alerted, recovered }, 'office silence notices mailed');
    return { alerted, recovered };
  }

  const periodic = startPeriodic(check, {
    everyMs: options.everyMs ?? EVERY_MS,
    onError: (error) => {
      ctx.logger.error({ err: error }, 'office silence check failed');
      return { alerted: [], recovered: [] };
    },
  });
  return {
    checkNow: periodic.runNow,
    async stop() {
      await periodic.stop();
      if (!options.mailer) mailer.close();
    },
  };
}

function noticeStore(db: Db) {
  const all = db.prepare('SELECT office_id, last_sync_at, alerted_at FROM office_silence_notice');
  const insert = db.prepare('INSERT OR REPLACE INTO office_silence_notice (office_id, last_sync_at, alerted_at) VALUES (?, ?, ?)');
  const remove = db.prepare('DELETE FROM office_silence_notice WHERE office_id = ?');
  return {
    all: () => new Map((all.all() as NoticeRow[]).map((r) => [r.office_id, r])),
    alerted: (officeId: string, lastSyncAt: number | null, now: number) => void insert.run(officeId, lastSyncAt, now),
    clear: (officeId: string) => void remove.run(officeId),
  };
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
