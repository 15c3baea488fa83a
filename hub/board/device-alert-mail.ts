import type { HubContext } from '../context.ts';
import type { Mailer } from '../mail/mailer.ts';
import { noticeTable, startOutageNotices, type NoticeMail, type NoticeRow as NoticeRowOf, type OutageNotices } from '../mail/outage-notices.ts';
import type { BoardAlert, DeviceBoard } from '../../shared/protocol/board.ts';
import type { FeedbackRecord } from '../../shared/records.ts';
import { createBoardReader } from './board-reader.ts';
import { formatMoscowDateTime } from '../../shared/moscow-time.ts';

/**
 * Office hub: e-mails DEVICE_ALERT_RECIPIENTS (АХО) when the board raises a critical alert (a
 * driver computer or kiosk, or a panel, without link beyond DEVICE_SILENCE_MINUTES of working time),
 * once per outage, and again when the device or panel is back on line. The evening end of working
 * hours silences the board's alert but is not a recovery: only the device's own status is. A
 * driver computer whose disk is full (its heartbeat says so) is mailed the same way, once, and once
 * when it has room again; the hub's own disk is hub/storage/storage-notices.ts (kept in memory,
 * since a full disk cannot record what was mailed). The alert-then-all-clear loop itself is
 * hub/mail/outage-notices.ts.
 */
export type DeviceAlertMail = OutageNotices;

type MailedKind = 'device-offline' | 'panel-offline' | 'disk-full';
const MAILED: readonly string[] = ['device-offline', 'panel-offline', 'disk-full'] satisfies MailedKind[];
type NoticeRow = NoticeRowOf<'device_alert_notice'>;

const keyOf = (a: Pick<BoardAlert, 'kind' | 'deviceId' | 'panelId'>): string => `${a.kind}:${a.deviceId ?? ''}:${a.panelId ?? ''}`;

export function startDeviceAlertMail(ctx: HubContext, options: { everyMs?: number; mailer?: Mailer } = {}): DeviceAlertMail | null {
  const { config } = ctx;
  if (config.role !== 'office') return null;
  const reader = createBoardReader(ctx);
  const store = noticeTable(ctx.sql, 'device_alert_notice');
  const boardUrl = config.publicBaseUrl ? `${config.publicBaseUrl.replace(/\/+$/, '')}/board` : 'страница /board хаба отдела';

  /** One mail for every new outage, one for everything back on line; what left the board is forgotten. */
  async function plan(): Promise<NoticeMail[]> {
    const board = await reader.board(config.officeId);
    const now = ctx.clock();
    const office = board.scope.officeName ?? config.officeId;
    const held = await store.all();
    const fresh = board.alerts.filter((a) => MAILED.includes(a.kind) && a.deviceId !== null && !held.has(keyOf(a)));
    const back = [...held.values()].filter((n) => linkState(board, n) !== 'down');
    for (const n of back.filter((n) => linkState(board, n) === 'gone')) await store.clear(n.alert_key);
    const restored = back.filter((n) => linkState(board, n) === 'up');

    const mails: NoticeMail[] = [];
    const freshLinks = fresh.filter((a) => a.kind !== 'disk-full');
    const freshDisks = fresh.filter((a) => a.kind === 'disk-full');
    const record = (alerts: readonly BoardAlert[]) => async () => {
      for (const a of alerts) await store.alerted({ alert_key: keyOf(a), kind: a.kind as MailedKind, device_id: a.deviceId!, panel_id: a.panelId, message: a.message, alerted_at: now });
    };
    if (freshDisks.length > 0) {
      mails.push({
        kind: 'alert',
        keys: freshDisks.map(keyOf),
        subject: `Диск заполнен на компьютере пультов: ${office}`,
        text: [
          `${office}, ${formatMoscowDateTime(now)} (МСК):`,
          ...freshDisks.map((a) => `- ${a.message}`),
          '',
          'Пульты с подтверждением хранят нажатия и пришлют их снова, когда место освободится; нажатия пультов без подтверждения теряются, пока диск заполнен.',
          'Освободите место на диске компьютера пультов (журналы системы, посторонние файлы); нажатия, ещё не сданные хабу, не удаляйте.',
          `Табло АХО: ${boardUrl}`,
          'Когда место освободится, придёт письмо.',
        ].join('\n'),
        sent: record(freshDisks),
      });
    }
    if (freshLinks.length > 0) {
      mails.push({
        kind: 'alert',
        keys: freshLinks.map(keyOf),
        subject: `Нет связи с устройствами: ${office}`,
        text: [
          `${office}, ${formatMoscowDateTime(now)} (МСК):`,
          ...freshLinks.map((a) => `- ${a.message}`),
          '',
          'Оценки с пультов не теряются, пока компьютер пультов и пульты хранят их; проверьте питание, кабели и сеть.',
          `Табло АХО: ${boardUrl}`,
          'Когда связь вернётся, придёт письмо.',
        ].join('\n'),
        sent: record(freshLinks),
      });
    }
    const restoredDisks = restored.filter((n) => n.kind === 'disk-full');
    if (restoredDisks.length > 0) {
      mails.push({
        kind: 'all-clear',
        keys: restoredDisks.map((n) => n.alert_key),
        subject: `Место на диске компьютера пультов освободилось: ${office}`,
        text: [
          `${office}, ${formatMoscowDateTime(now)} (МСК), нажатия снова сохраняются:`,
          ...restoredDisks.map((n) => `- ${whoOf(n.message)} (письмо о заполненном диске: ${formatMoscowDateTime(n.alerted_at)})`),
          '',
          `Табло АХО: ${boardUrl}`,
        ].join('\n'),
        sent: async () => {
          for (const n of restoredDisks) await store.clear(n.alert_key);
        },
      });
    }
    const restoredLinks = restored.filter((n) => n.kind !== 'disk-full');
    if (restoredLinks.length > 0) {
      mails.push({
        kind: 'all-clear',
        keys: restoredLinks.map((n) => n.alert_key),
        subject: `Связь с устройствами восстановлена: ${office}`,
        text: [
          `${office}, ${formatMoscowDateTime(now)} (МСК), снова на связи:`,
          ...restoredLinks.map((n) => `- ${whoOf(n.message)} (письмо о пропаже связи: ${formatMoscowDateTime(n.alerted_at)})`),
          '',
          `Табло АХО: ${boardUrl}`,
        ].join('\n'),
        sent: async () => {
          for (const n of restoredLinks) await store.clear(n.alert_key);
        },
      });
    }
    return mails;
  }

  const notices = startOutageNotices({ what: 'device alert', recipients: config.deviceAlertRecipients, smtp: config.smtp, logger: ctx.logger, plan, ...options });
  if (!notices) return null;
  // A driver computer's disk turning full (or back) is news at once, not at the next minute's check.
  const diskStates = new Map<string, string>();
  const onStored = (records: FeedbackRecord[]) => {
    let changed = false;
    for (const r of records) {
      if (r.kind !== 'heartbeat' || !r.storage) continue;
      const key = `${r.officeId}/${r.deviceId}`;
      const critical = r.storage.state === 'critical' ? 'critical' : 'fine';
      if (diskStates.get(key) !== critical && (critical === 'critical' || diskStates.has(key))) changed = true;
      diskStates.set(key, critical);
    }
    if (changed) void notices.checkNow();
  };
  ctx.events.on('stored', onStored);
  return {
    checkNow: notices.checkNow,
    async stop() {
      ctx.events.off('stored', onStored);
      await notices.stop();
    },
  };
}

/** Where a mailed device or panel stands now: still down, back on line, or no longer on the board (revoked, removed). */
function linkState(board: DeviceBoard, notice: NoticeRow): 'down' | 'up' | 'gone' {
  const device = board.devices.find((d) => d.deviceId === notice.device_id);
  if (!device) return 'gone';
  // Off line, its last report is old: not yet known to be back.
  if (notice.kind === 'disk-full') return device.status === 'online' && device.storage?.state !== 'critical' ? 'up' : 'down';
  if (notice.kind === 'device-offline') return device.status === 'online' ? 'up' : 'down';
  if (device.status !== 'online') return 'down';
  const panel = device.panels.find((p) => p.panelId === notice.panel_id);
  if (!panel) return 'gone';
  return panel.status === 'online' ? 'up' : 'down';
}

/** The board's alert messages start with who it is about, then ": " and what is wrong. */
const whoOf = (message: string): string => (message.includes(': ') ? message.slice(0, message.indexOf(': ')) : message);

