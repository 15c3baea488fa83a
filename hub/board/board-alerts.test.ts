import { describe, expect, it } from 'vitest';
import { moscowMidnight } from '../../shared/periods.ts';
import { toInstant } from '../../shared/time.ts';
import { boardAlerts, type AlertRules } from './board-alerts.ts';
import type { DeviceHealth, ForwardingRow, PanelHealth } from '../../shared/protocol/board.ts';
import { isWorkingTime, workingSilenceToday } from '../../shared/working-hours.ts';

/** Moscow wall time → instant. 27 Nov 2026 is a Friday. */
const msk = (day: number, hh: number, mm: number) => moscowMidnight(2026, 11, day) + (hh * 60 + mm) * 60_000;
const FRI = 27;
const SAT = 28;
const MON = 30;
const rules: AlertRules = { workingHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }, silenceMinutes: 30 };

const panel = (over: Partial<PanelHealth> = {}): PanelHealth => ({
  panelId: 'p1',
  desk: 'окно 1',
  port: '/dev/ttyUSB0',
  protocol: 'ascii',
  status: 'online',
  offlineCause: null,
  statusSince: toInstant(msk(FRI, 8, 0)),
  lastPressAt: null,
  lastHeartbeatAt: null,
  pressesToday: { counted: 0, suppressed: 0 },
  disconnects: 0,
  errors: [],
  ...over,
});

const device = (over: Partial<DeviceHealth> = {}): DeviceHealth => ({
  storage: null,
  officeId: 'sharya',
  deviceId: 'drv-1',
  kind: 'panel-driver',
  name: 'Зал приёма',
  registered: true,
  registeredAt: toInstant(msk(FRI - 7, 9, 0)),
  status: 'online',
  statusSince: toInstant(msk(FRI, 7, 0)),
  lastHeartbeatAt: null,
  lastHeartbeatBornAt: null,
  heartbeatIntervalMs: 30_000,
  offlineAfterMs: 75_000,
  version: '1.0.0',
  backlog: 0,
  lastSyncAt: null,
  clockSkew: { ms: 40, flagged: false },
  errors: [],
  panels: [],
  today: { counted: 0, suppressed: 0 },
  lastRecordAt: null,
  history: [],
  ...over,
});

const kinds = (devices: DeviceHealth[], now: number) => boardAlerts(devices, null, now, rules).map((a) => `${a.kind}:${a.panelId ?? a.deviceId}`);

describe('working hours (Moscow time)', () => {
  it('start inclusive, end exclusive, working days only', () => {
    expect(isWorkingTime(msk(FRI, 7, 59), rules.workingHours)).toBe(false);
    expect(isWorkingTime(msk(FRI, 8, 0), rules.workingHours)).toBe(true);
    expect(isWorkingTime(msk(FRI, 17, 59), rules.workingHours)).toBe(true);
    expect(isWorkingTime(msk(FRI, 18, 0), rules.workingHours)).toBe(false);
    expect(isWorkingTime(msk(SAT, 12, 0), rules.workingHours)).toBe(false);
    expect(isWorkingTime(msk(SAT, 12, 0), { ...rules.workingHours, days: [1, 2, 3, 4, 5, 6] })).toBe(true);
  });
  it('silence counts only from the start of today’s working period', () => {
    expect(workingSilenceToday(msk(MON, 8, 10), msk(FRI, 17, 0), rules.workingHours)).toBe(10 * 60_000);
    expect(workingSilenceToday(msk(MON, 9, 0), msk(MON, 8, 45), rules.workingHours)).toBe(15 * 60_000);
    expect(workingSilenceToday(msk(SAT, 9, 0), msk(FRI, 17, 0), rules.workingHours)).toBe(0);
  });
});

describe('board alerts', () => {
  const silentPanel = device({ panels: [panel({ lastPressAt: toInstant(msk(FRI, 17, 0)) })] });

  it('a panel silent for an hour: alert at Friday 17:59, none at 18:01 nor on Saturday', () => {
    expect(kinds([silentPanel], msk(FRI, 17, 59))).toEqual(['panel-silent:p1']);
    expect(kinds([silentPanel], msk(FRI, 18, 1))).toEqual([]);
    expect(kinds([silentPanel], msk(SAT, 11, 0))).toEqual([]);
  });

  it('Monday morning: silence since Friday counts from 08:00, so the alert comes at 08:31, not 08:00', () => {
    expect(kinds([silentPanel], msk(MON, 8, 5))).toEqual([]);
    expect(kinds([silentPanel], msk(MON, 8, 30))).toEqual([]);
    expect(kinds([silentPanel], msk(MON, 8, 31))).toEqual(['panel-silent:p1']);
  });

  it('a recent press or a panel just back on line is not silent', () => {
    const pressed = device({ panels: [panel({ lastPressAt: toInstant(msk(FRI, 15, 40)) })] });
    expect(kinds([pressed], msk(FRI, 16, 0))).toEqual([]);
    const back = device({ panels: [panel({ lastPressAt: toInstant(msk(FRI, 9, 0)), statusSince: toInstant(msk(FRI, 15, 50)) })] });
    expect(kinds([back], msk(FRI, 16, 0))).toEqual([]);
  });

  it('a panel its driver reports offline: critical after the limit', () => {
    const off = device({ panels: [panel({ status: 'offline', offlineCause: 'panel', statusSince: toInstant(msk(FRI, 10, 0)) })] });
    expect(kinds([off], msk(FRI, 10, 29))).toEqual([]);
    const alerts = boardAlerts([off], null, msk(FRI, 10, 31), rules);
    expect(alerts).toMatchObject([{ kind: 'panel-offline', severity: 'critical', panelId: 'p1', message: 'Пульт «окно 1» (p1): не на связи 31 мин' }]);
  });

  it('an offline driver raises one device alert, not one per panel', () => {
    const gone = device({
      status: 'offline',
      lastHeartbeatAt: toInstant(msk(FRI, 9, 0)),
      panels: [panel({ status: 'offline', offlineCause: 'driver' }), panel({ panelId: 'p2', status: 'offline', offlineCause: 'driver' })],
    });
    const alerts = boardAlerts([gone], null, msk(FRI, 9, 45), rules);
    expect(alerts.map((a) => a.kind)).toEqual(['device-offline']);
    expect(alerts[0]?.message).toBe('Компьютер пультов «Зал приёма»: нет связи 45 мин (последний сигнал 09:00)');
    expect(kinds([gone], msk(SAT, 9, 45))).toEqual([]);
  });

  it('a registered kiosk never heard from is reported after the limit of working time', () => {
    const silent = device({ kind: 'kiosk', deviceId: 'kiosk-1', name: 'Киоск у входа', status: 'unknown', statusSince: null });
    expect(boardAlerts([silent], null, msk(FRI, 8, 40), rules)[0]?.message).toBe('Киоск «Киоск у входа»: ни одного сигнала с момента регистрации');
  });

  it('clock skew is flagged at any hour, naming the direction', () => {
    const skewed = device({ kind: 'kiosk', name: 'Киоск', clockSkew: { ms: -5 * 60_000, flagged: true } });
    const alerts = boardAlerts([skewed], null, msk(SAT, 3, 0), rules);
    expect(alerts).toMatchObject([{ kind: 'clock-skew', severity: 'warning', message: expect.stringContaining('часы отстают на 5 мин') }]);
  });

  it('forwarding: records waiting longer than the limit', () => {
    const row: ForwardingRow = {
      config: null,
      configured: true,
      centralUrl: 'https://central.example',
      backlog: 12,
      oldestQueuedAt: toInstant(msk(FRI, 9, 0)),
      oldestAgeMs: 60 * 60_000,
      lastSyncAt: null,
      lastError: { code: 'unreachable', message: 'центр не отвечает', at: toInstant(msk(FRI, 9, 59)) },
      state: 'failing',
    };
    const alerts = boardAlerts([], { officeId: 'sharya', row }, msk(FRI, 10, 0), rules);
    expect(alerts).toMatchObject([{ kind: 'forward-stalled', message: 'Пересылка в центр: 12 записей ждут отправки уже 1 ч (центр не отвечает)' }]);
    expect(boardAlerts([], { officeId: 'sharya', row: { ...row, oldestAgeMs: 60_000 } }, msk(FRI, 10, 0), rules)).toEqual([]);
    expect(boardAlerts([], { officeId: 'sharya', row: { ...row, configured: false, centralUrl: null, state: 'off' } }, msk(FRI, 10, 0), rules)).toEqual([]);
  });

  it('critical alerts come first', () => {
    const skewed = device({ deviceId: 'k', kind: 'kiosk', clockSkew: { ms: 500_000, flagged: true } });
    const gone = device({ deviceId: 'd', status: 'offline', lastHeartbeatAt: toInstant(msk(FRI, 9, 0)) });
    expect(kinds([skewed, gone], msk(FRI, 12, 0))).toEqual(['device-offline:d', 'clock-skew:k']);
  });

  it('a full or nearly full disk, the hub’s or an on-line driver computer’s, at any hour; an off-line device’s old report says nothing', () => {
    const MB = 1024 * 1024;
    const report = (state: 'ok' | 'warning' | 'critical', freeBytes: number) => ({
      state,
      freeBytes,
      totalBytes: 16 * MB,
      warnBelowBytes: 4 * MB,
      criticalBelowBytes: MB,
      checkedAt: toInstant(msk(SAT, 3, 0)),
      writeFailedAt: state === 'critical' ? toInstant(msk(SAT, 3, 0)) : null,
    });
    const full = device({ storage: report('critical', 0), panels: [panel({ protocol: 'bare' })] });
    const hub = { officeId: 'sharya', storage: { role: 'office' as const, report: report('warning', 3 * MB), advice: 'удалите старое' } };
    const alerts = boardAlerts([full], null, msk(SAT, 3, 0), rules, hub);
    expect(alerts.map((a) => [a.kind, a.severity, a.deviceId])).toEqual([
      ['disk-full', 'critical', 'drv-1'],
      ['disk-low', 'warning', null],
    ]);
    expect(alerts[0]?.message).toBe('Компьютер пультов «Зал приёма»: диск заполнен: свободно 0 Б из 16 МБ, запись не удаётся; нажатия не сохраняются, нажатия пультов без подтверждения теряются');
    expect(alerts[1]?.message).toBe('Хаб отдела: места мало: свободно 3,0 МБ из 16 МБ');
    const offline = device({ status: 'offline', storage: report('critical', 0), lastHeartbeatAt: toInstant(msk(SAT, 2, 0)) });
    expect(kinds([offline], msk(SAT, 3, 0))).toEqual([]);
  });
});
