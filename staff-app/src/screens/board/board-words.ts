import type { DeviceHealth, ForwardingRow, StorageReport } from '../../../../shared/api/board.ts';
import type { PullRefusal } from '../../../../shared/protocol/regional-config.ts';
import { formatBytes } from '../../../../shared/storage-words.ts';
import { duration, moscowTime, plural, whenAgo } from '../../format.ts';

/** The board's words: device kinds, link states, forwarding faults in plain Russian. */
export const KIND_LABEL: Record<DeviceHealth['kind'], string> = { 'panel-driver': 'Компьютер пультов', kiosk: 'Киоск' };
export const STATUS_LABEL = { online: 'в сети', offline: 'нет связи', unknown: 'нет данных' } as const;
export const WEEKDAYS = ['', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];

/** The forwarder's fault codes (hub/forward/forward-status.ts) as a technician would say them. */
const FORWARD_FAULT: Record<string, string> = {
  unreachable: 'центральный сборщик недоступен: нет соединения с ним',
  timeout: 'центральный сборщик не ответил вовремя',
  refused: 'центральный сборщик отказал: ключ отдела не принят',
  busy: 'центральный сборщик перегружен, отправка отложена',
  'server-error': 'ошибка на стороне центрального сборщика',
  'unexpected-status': 'непонятный ответ центрального сборщика',
  'not-an-ack': 'центральный сборщик ответил не подтверждением',
  'unsigned-answer': 'ответ центрального сборщика без верной подписи',
  'invalid-batch': 'центральный сборщик не принял пакет записей',
  database: 'ошибка базы данных хаба отдела',
};
export const forwardFault = (code: string): string => FORWARD_FAULT[code] ?? 'сбой отправки';

/**
 * Why the regional settings were not taken (PullRefusal, hub/regional-config/read-answer.ts), said so that
 * АХО knows whom to call; the technical message stays under «Подробности для администратора».
 */
const CONFIG_FAULT: Record<PullRefusal, string> = {
  unreachable: 'нет связи с центральным сборщиком',
  timeout: 'центральный сборщик не ответил вовремя',
  refused: 'центральный сборщик не принял ключ отдела',
  'http-error': 'центральный сборщик ответил ошибкой',
  'unsigned-answer': 'ответ пришёл не от центрального сборщика',
  'bad-signature': 'ответ центрального сборщика не прошёл проверку подписи',
  'not-an-answer': 'непонятный ответ центрального сборщика',
  'newer-schema': 'настройки в новом формате: программу хаба отдела нужно обновить',
  'invalid-snapshot': 'центральный сборщик прислал настройки с ошибкой',
  'wrong-office': 'пришли настройки другого отдела',
  'older-revision': 'пришли настройки старее действующих',
  storage: 'настройки не удалось сохранить в базе хаба отдела',
};
const isPullRefusal = (code: string): code is PullRefusal => Object.hasOwn(CONFIG_FAULT, code);
export const configFault = (code: string): string => (isPullRefusal(code) ? CONFIG_FAULT[code] : 'сбой получения настроек');

/** «нет связи с центральным сборщиком; последняя попытка в 10:50 (1 мин назад); действуют полученные ранее». */
export function configFaultText(config: { revision: number | null; lastError: { code: string; at: string } }, now: number): string {
  const kept = config.revision === null ? '' : '; действуют полученные ранее';
  return `${configFault(config.lastError.code)}; последняя попытка в ${whenAgo(config.lastError.at, now)}${kept}`;
}

export const FORWARD_STATE = { off: 'не настроена', ok: 'в порядке', lagging: 'отстаёт', failing: 'ошибка' } as const;
export const forwardBadge = (state: ForwardingRow['state']): 'online' | 'offline' | 'unknown' | 'warning' =>
  state === 'ok' ? 'online' : state === 'off' ? 'unknown' : state === 'lagging' ? 'warning' : 'offline';

/**
 * The last error in words that agree with the state above it: while failing it is the current
 * fault; after a later successful send it is a past one, said to be over.
 */
export function forwardErrorFact(row: ForwardingRow, now: number): { label: string; text: string } | null {
  if (!row.lastError) return null;
  const fault = forwardFault(row.lastError.code);
  if (row.state === 'failing') return { label: 'Ошибка сейчас', text: `${fault}; началось в ${whenAgo(row.lastError.at, now)}` };
  const after = row.lastSyncAt && Date.parse(row.lastSyncAt) > Date.parse(row.lastError.at) ? `; после него данные снова уходят (последняя отправка в ${moscowTime(row.lastSyncAt)})` : '';
  return { label: 'Последний сбой, устранён', text: `${fault}, ${whenAgo(row.lastError.at, now)}${after}` };
}

export const backlogText = (n: number): string => `${n} ${plural(n, 'запись', 'записи', 'записей')}`;
export const waitText = (ms: number | null): string => (ms === null ? '—' : `ждёт ${duration(ms)}`);

/** A data folder's state: the badge and the words (hub/storage, a driver's heartbeat). */
export const STORAGE_STATE = { ok: 'места достаточно', warning: 'места мало', critical: 'диск заполнен' } as const;
export const storageBadge = (state: StorageReport['state']): 'online' | 'warning' | 'offline' => (state === 'ok' ? 'online' : state === 'warning' ? 'warning' : 'offline');

/** «свободно 3,0 МБ из 16 МБ (предупреждение ниже 4,0 МБ)», and that writes fail when they do. */
export function storageText(report: StorageReport): string {
  if (report.freeBytes === null) return 'свободное место не измерено';
  const of = report.totalBytes ? ` из ${formatBytes(report.totalBytes)}` : '';
  const line = report.state === 'ok' ? '' : ` (${report.state === 'warning' ? 'предупреждение ниже' : 'критично ниже'} ${formatBytes(report.state === 'warning' ? report.warnBelowBytes : report.criticalBelowBytes)})`;
  return `свободно ${formatBytes(report.freeBytes)}${of}${line}${report.writeFailedAt ? '; запись не удаётся' : ''}`;
}
