import { formatMoscowDate, formatMoscowTime, isSameMoscowDay } from '../../shared/moscow-time.ts';
import type { ErrorCount, LinkEventKind } from '../../shared/protocol/board.ts';

/**
 * Russian words for the board: error kinds as drivers and kiosks report them, link events, and
 * durations. An error kind the hub does not know is shown by its key, never hidden.
 */
const ERROR_LABEL: Record<string, string> = {
  // Panel line (terminal-driver/protocols, panel.ts)
  'bad-checksum': 'ошибка контрольной суммы',
  garbage: 'мусор в линии пульта',
  'malformed-line': 'искажённая строка от пульта',
  'overlong-line': 'слишком длинная строка от пульта',
  'partial-line': 'оборванная строка от пульта',
  'wrong-panel': 'кадр от другого пульта',
  'unknown-button': 'неизвестная кнопка',
  'seq-reset': 'сброс счётчика нажатий пульта',
  // Driver's outbox and link to the hub (terminal-driver/forward.ts)
  'outbox-read-failed': 'ошибка чтения очереди',
  'outbox-write-failed': 'ошибка записи в очередь',
  'press-lost-disk-full': 'нажатие потеряно: диск заполнен',
  'hub-rejected': 'хаб отклонил записи',
  'hub-unauthorized': 'хаб не принял ключ устройства',
  'hub-unreachable': 'хаб недоступен',
  'hub-bad-answer': 'непонятный ответ хаба',
  // Kiosk (kiosk/src/store)
  start: 'ошибка запуска анкеты',
  storage: 'ошибка хранилища браузера',
  'service-worker': 'ошибка офлайн-режима',
  'invalid-response': 'анкета не прошла проверку',
  conflict: 'конфликт записей',
  refused: 'хаб отказал',
  unreachable: 'хаб недоступен',
  unauthorized: 'хаб не принял ключ устройства',
  rejected: 'хаб отклонил записи',
  'too-large': 'слишком большой пакет',
  'hub-error': 'ошибка на хабе',
  'bad-answer': 'непонятный ответ хаба',
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

/** Moscow time: HH:MM when on the same day as `now`, DD.MM HH:MM otherwise. */
export function formatWhen(ms: number, now: number): string {
  const clock = formatMoscowTime(ms, { seconds: false });
  return isSameMoscowDay(ms, now) ? clock : `${formatMoscowDate(ms, { year: false })} ${clock}`;
}
