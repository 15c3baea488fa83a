import { MOSCOW_OFFSET_MS } from '../../shared/periods.ts';
import type { ErrorCount, LinkEventKind } from './board-model.ts';

/**
 * Russian words for the board: error kinds as drivers and kiosks report them, link events, and
 * durations. An error kind the hub does not know is shown by its key, never hidden.
 */
const ERROR_LABEL: Record<string, string> = {
  'bad-checksum': 'ошибка контрольной суммы',
  'bad-frame': 'искажённый кадр',
  framing: 'ошибка кадра',
  'unknown-button': 'неизвестная кнопка',
  'unknown-panel': 'неизвестный пульт',
  'bad-sequence': 'сбой нумерации нажатий',
  'seq-gap': 'пропуск в нумерации нажатий',
  overflow: 'переполнение буфера',
  'buffer-overflow': 'переполнение буфера',
  timeout: 'пульт не отвечает',
  'port-closed': 'порт закрылся',
  'port-lost': 'пульт отсоединён',
  disconnected: 'пульт отсоединён',
  'open-failed': 'порт не открывается',
  'write-failed': 'ошибка записи в порт',
  'read-failed': 'ошибка чтения порта',
  'hub-unreachable': 'хаб недоступен',
  'send-failed': 'не удалось отправить на хаб',
  'ingest-failed': 'не удалось отправить на хаб',
  'ingest-rejected': 'хаб отклонил пакет',
  rejected: 'хаб отклонил пакет',
  conflict: 'конфликт записей',
  unauthorized: 'ключ устройства не принят',
  'storage-failed': 'ошибка локального хранилища',
  storage: 'ошибка локального хранилища',
  quota: 'нет места в хранилище',
  'idb-error': 'ошибка хранилища браузера',
  'render-error': 'ошибка экрана анкеты',
};

export const errorLabel = (kind: string): string => ERROR_LABEL[kind] ?? kind;

/** Non-zero counters, largest first, labelled. */
export function errorCounts(errors: Record<string, number> | null | undefined): ErrorCount[] {
  return Object.entries(errors ?? {})
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([kind, count]) => ({ kind, label: errorLabel(kind), count }));
}

export function linkEventLabel(panelId: string | null, kind: LinkEventKind, cause: string): string {
  const who = panelId === null ? 'устройство' : `пульт ${panelId}`;
  switch (kind) {
    case 'online':
      return cause === 'first' ? `${who}: впервые на связи` : `${who}: связь восстановлена`;
    case 'offline':
      return cause === 'first' ? `${who}: нет связи с первого отчёта` : cause === 'silence' || cause === 'gap' ? `${who}: пропал сигнал` : `${who}: связь потеряна`;
    case 'reconnect': {
      const n = Number(cause.split(':')[1] ?? '1');
      return `${who}: кратковременный обрыв${n > 1 ? ` (${n} ${plural(n, 'раз', 'раза', 'раз')})` : ''}`;
    }
  }
}

/** Russian plural: plural(3, 'запись', 'записи', 'записей') → 'записи'. */
export function plural(n: number, one: string, few: string, many: string): string {
  const d10 = n % 10;
  const d100 = n % 100;
  if (d10 === 1 && d100 !== 11) return one;
  if (d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14)) return few;
  return many;
}

export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} мин`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} ч ${minutes % 60} мин` : `${hours} ч`;
  return `${Math.floor(hours / 24)} дн`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Moscow time: HH:MM when on the same day as `now`, DD.MM HH:MM otherwise. */
export function formatWhen(ms: number, now: number): string {
  const d = new Date(ms + MOSCOW_OFFSET_MS);
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const today = new Date(now + MOSCOW_OFFSET_MS);
  const sameDay = d.getUTCFullYear() === today.getUTCFullYear() && d.getUTCMonth() === today.getUTCMonth() && d.getUTCDate() === today.getUTCDate();
  return sameDay ? clock : `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)} ${clock}`;
}
