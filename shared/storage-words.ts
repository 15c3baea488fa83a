import type { StorageReport, StorageState } from './storage.ts';

/**
 * The disk state in Russian words, for the board, the mail, the logs and the staff app. Apart from
 * shared/storage.ts so the staff app's bundle does not carry zod for a few words.
 */
/** «1,2 ГБ», «350 МБ»: for the board, mail and logs. */
export function formatBytes(bytes: number): string {
  const units = ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value >= 10 || unit === 0 ? String(Math.round(value)) : value.toFixed(1).replace('.', ',');
  return `${text} ${units[unit]}`;
}

export const STORAGE_STATE_LABEL: Record<StorageState, string> = {
  ok: 'места достаточно',
  warning: 'места мало',
  critical: 'диск заполнен',
};

/** One line: «диск заполнен: свободно 0 Б из 16 МБ, запись не удаётся». */
export function describeStorage(report: StorageReport): string {
  const free = report.freeBytes === null ? 'свободное место не измерено' : `свободно ${formatBytes(report.freeBytes)}${report.totalBytes ? ` из ${formatBytes(report.totalBytes)}` : ''}`;
  return `${STORAGE_STATE_LABEL[report.state]}: ${free}${report.writeFailedAt ? ', запись не удаётся' : ''}`;
}
