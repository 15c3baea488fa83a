import { fromInstant, toInstant, type Instant } from '../../shared/time.ts';
import type { BoardAlert, ConfigRow, DeviceHealth, ForwardingRow, HubStorage, PanelHealth } from '../../shared/protocol/board.ts';
import type { StorageReport } from '../../shared/storage.ts';
import { describeStorage } from '../../shared/storage-words.ts';
import { formatDuration, formatWhen, plural } from './labels.ts';
import { workingSilenceToday, type WorkingHours } from '../../shared/working-hours.ts';
import { COUNTED_REFUSALS } from '../regional-config/read-answer.ts';

/**
 * The board's alerts, as a pure function of the board's devices and "now" (injected).
 *
 * - device-offline (critical): a driver computer or kiosk not heard from for longer than the limit.
 * - panel-offline (critical): a panel its (on-line) driver reports offline for longer than the limit.
 * - panel-silent (warning): an on-line panel with no press for longer than the limit.
 * - clock-skew (warning): a device clock more than 2 min off; at any hour, because it moves answers
 *   into another day or week whether or not anyone is at work.
 * - forward-stalled (warning): records waiting for the central longer than the limit (when forwarding is configured).
 * - disk-low (warning) / disk-full (critical): the hub's data folder, or an on-line driver computer's
 *   as its last heartbeat says; at any hour, since a full disk refuses writes whoever is at work.
 * - config-refused (warning): the office hub refused the central's regional settings (a newer schema
 *   than this program reads, a bad signature …: the counted refusals of regional-config/read-answer.ts)
 *   and runs on the revision it held; until a pull succeeds. An unreachable central is not this alert.
 *
 * Silence counts only working time (see shared/working-hours.ts): outside working hours no silence alert.
 */
export interface AlertRules {
  workingHours: WorkingHours;
  silenceMinutes: number;
}

const ms = (instant: Instant | null): number | null => (instant === null ? null : fromInstant(instant));
const latest = (...values: (number | null)[]): number | null => values.reduce<number | null>((a, b) => (b === null ? a : a === null ? b : Math.max(a, b)), null);

export function boardAlerts(
  devices: readonly DeviceHealth[],
  forwarding: { officeId: string; row: ForwardingRow } | null,
  now: number,
  rules: AlertRules,
  hub: { officeId: string; storage: HubStorage } | null = null,
): BoardAlert[] {
  const limit = rules.silenceMinutes * 60_000;
  const alerts: BoardAlert[] = [];
  const silentTooLong = (lastSign: number | null) => workingSilenceToday(now, lastSign, rules.workingHours) > limit;

  for (const device of devices) {
    const base = { officeId: device.officeId, deviceId: device.deviceId };
    const what = device.kind === 'kiosk' ? `Киоск «${device.name}»` : `Компьютер пультов «${device.name}»`;
    if (device.status !== 'online') {
      const lastSign = ms(device.lastHeartbeatAt) ?? ms(device.registeredAt);
      if (silentTooLong(lastSign)) {
        const message = device.lastHeartbeatAt
          ? `${what}: нет связи ${formatDuration(now - (lastSign ?? now))} (последний сигнал ${formatWhen(lastSign ?? now, now)})`
          : `${what}: ни одного сигнала с момента регистрации`;
        alerts.push({ ...base, kind: 'device-offline', severity: 'critical', panelId: null, since: device.lastHeartbeatAt ?? device.registeredAt, message });
      }
    } else {
      for (const panel of device.panels) alerts.push(...panelAlerts(device, panel, now, silentTooLong));
      // Only an on-line device's report is current; an off-line one has its own alert above.
      if (device.storage) alerts.push(...storageAlerts(base, what, device.storage, device.kind === 'panel-driver' && device.panels.some((p) => p.protocol === 'bare')));
    }
    if (device.clockSkew?.flagged) {
      const direction = device.clockSkew.ms > 0 ? 'спешат' : 'отстают';
      alerts.push({
        ...base,
        kind: 'clock-skew',
        severity: 'warning',
        panelId: null,
        since: device.lastHeartbeatAt,
        message: `${what}: часы ${direction} на ${formatDuration(Math.abs(device.clockSkew.ms))}; оценки могут попасть не в тот день или неделю`,
      });
    }
  }

  // Not configured: records are kept on purpose, nothing is late.
  if (forwarding && forwarding.row.configured && forwarding.row.oldestAgeMs !== null && forwarding.row.oldestAgeMs > limit) {
    const { row } = forwarding;
    alerts.push({
      officeId: forwarding.officeId,
      deviceId: null,
      panelId: null,
      kind: 'forward-stalled',
      severity: 'warning',
      since: row.oldestQueuedAt,
      message: `Пересылка в центр: ${row.backlog} ${plural(row.backlog, 'запись ждёт', 'записи ждут', 'записей ждут')} отправки уже ${formatDuration(row.oldestAgeMs ?? 0)}${row.state === 'failing' && row.lastError ? ` (${row.lastError.message})` : ''}`,
    });
  }

  if (forwarding) {
    const refused = configRefusedAlert(forwarding.officeId, forwarding.row.config);
    if (refused) alerts.push(refused);
  }

  if (hub) alerts.push(...storageAlerts({ officeId: hub.officeId, deviceId: null }, hub.storage.role === 'central' ? 'Центральный сборщик' : 'Хаб отдела', hub.storage.report, false));

  const rank = (a: BoardAlert) => (a.severity === 'critical' ? 0 : 1);
  return alerts.sort((a, b) => rank(a) - rank(b) || (a.since ?? '').localeCompare(b.since ?? ''));
}

/** The regional settings refused by this office hub, in the words АХО reads on the board and in the mail; null when they are not. */
export function configRefusedAlert(officeId: string, config: ConfigRow | null): BoardAlert | null {
  if (!config?.failing || config.lastError === null || !(COUNTED_REFUSALS as readonly string[]).includes(config.lastError.code)) return null;
  const held = config.revision === null ? 'настроек области ещё нет, действуют настройки самого хаба' : `действуют прежние (ревизия ${config.revision})`;
  const message =
    config.lastError.code === 'newer-schema'
      ? `Настройки области не принимаются: центральный сборщик прислал их в более новом формате, чем знает программа этого хаба. Обновите программу хаба; ${held}`
      : `Настройки области не принимаются: ${config.lastError.message}; ${held}`;
  return { officeId, deviceId: null, panelId: null, kind: 'config-refused', severity: 'warning', since: null, message };
}

function storageAlerts(base: { officeId: string; deviceId: string | null }, what: string, report: StorageReport, losesBarePresses: boolean): BoardAlert[] {
  if (report.state === 'ok') return [];
  const since = report.writeFailedAt ?? report.checkedAt;
  const alert = { ...base, panelId: null, since };
  if (report.state === 'warning') return [{ ...alert, kind: 'disk-low', severity: 'warning', message: `${what}: ${describeStorage(report)}` }];
  const consequence =
    base.deviceId === null
      ? 'нажатия и анкеты не принимаются, устройства хранят их у себя'
      : `нажатия не сохраняются${losesBarePresses ? ', нажатия пультов без подтверждения теряются' : ', пульты хранят их и пришлют снова'}`;
  return [{ ...alert, kind: 'disk-full', severity: 'critical', message: `${what}: ${describeStorage(report)}; ${consequence}` }];
}

function panelAlerts(device: DeviceHealth, panel: PanelHealth, now: number, silentTooLong: (lastSign: number | null) => boolean): BoardAlert[] {
  const name = panel.desk ? `Пульт «${panel.desk}» (${panel.panelId})` : `Пульт ${panel.panelId}`;
  const base = { officeId: device.officeId, deviceId: device.deviceId, panelId: panel.panelId };
  const since = ms(panel.statusSince);
  if (panel.status === 'offline' && silentTooLong(since)) {
    return [{ ...base, kind: 'panel-offline', severity: 'critical', since: panel.statusSince, message: `${name}: не на связи ${formatDuration(now - (since ?? now))}` }];
  }
  if (panel.status === 'online') {
    // Silent since the last press, or since it came on line if that was later.
    const lastSign = latest(ms(panel.lastPressAt), since);
    if (silentTooLong(lastSign)) {
      const message = panel.lastPressAt
        ? `${name}: нет нажатий ${formatDuration(now - (lastSign ?? now))} (последнее ${formatWhen(fromInstant(panel.lastPressAt), now)})`
        : `${name}: ещё ни одного нажатия`;
      return [{ ...base, kind: 'panel-silent', severity: 'warning', since: lastSign === null ? null : toInstant(lastSign), message }];
    }
  }
  return [];
}
