import type { OfficeLink, OfficeLinkState } from '../../../../shared/api/central.ts';
import { duration, moscowDateTime } from '../../format.ts';
import { formatBytes } from '../../../../shared/storage-words.ts';

/** The words and order of the central's office rows: silent offices first, each state in plain Russian. */
const STATE_LABEL: Record<OfficeLinkState, string> = {
  ok: 'на связи',
  silent: 'нет связи',
  never: 'ещё не подключался',
  'no-key': 'ключ не выдан',
  closed: 'закрыт',
};

export interface OfficeRow {
  officeId: string;
  name: string;
  alert: boolean;
  state: string;
  lastSync: string;
  lag: string;
  received: number;
  backlog: number | null;
  /** The regional configuration revision the office holds, in words. */
  config: string;
  /** Behind the newest revision for more than a day. */
  configAlert: boolean;
  /** The office hub's disk in words; diskFull: it reports writes refused or space below the critical line. */
  disk: string;
  diskFull: boolean;
}

function diskWords(storage: OfficeLink['storage']): string {
  if (!storage) return '—';
  const free = storage.freeBytes === null ? '' : `, свободно ${formatBytes(storage.freeBytes)}`;
  if (storage.state === 'critical') return `заполнен${free}`;
  if (storage.state === 'warning') return `мало места${free}`;
  return `в порядке${free}`;
}

export function officeRows(links: readonly OfficeLink[], now: number): OfficeRow[] {
  const urgent = (l: OfficeLink) => l.alert || l.storage?.state === 'critical';
  const ordered = [...links.filter(urgent), ...links.filter((l) => !urgent(l))];
  return ordered.map((l) => ({
    officeId: l.officeId,
    name: l.name,
    alert: l.alert,
    state: l.state === 'silent' && l.silentWorkingMinutes !== null ? `${STATE_LABEL.silent} ${duration(l.silentWorkingMinutes * 60_000)}` : STATE_LABEL[l.state],
    lastSync: l.lastSyncAt ? `${moscowDateTime(l.lastSyncAt)} (${duration(now - Date.parse(l.lastSyncAt))} назад)` : '—',
    lag: l.lagSeconds === null ? '—' : l.lagSeconds < 60 ? `${l.lagSeconds} с` : duration(l.lagSeconds * 1000),
    received: l.recordsReceived,
    backlog: l.backlogReported,
    config: configText(l, now),
    configAlert: l.configAlert,
    disk: diskWords(l.storage),
    diskFull: l.storage?.state === 'critical',
  }));
}

function configText(l: OfficeLink, now: number): string {
  if (l.configRevision === null) return l.state === 'no-key' || l.state === 'closed' ? '—' : 'ещё не получал';
  if (l.configBehindSince === null) return `ревизия ${l.configRevision}, новейшая`;
  return `ревизия ${l.configRevision}, отстаёт ${duration(now - Date.parse(l.configBehindSince))}`;
}

/** The line above the table: which offices are silent past the limit, or that all are fine. */
export function silenceBanner(links: readonly OfficeLink[], silenceMinutes: number): { alert: boolean; text: string } {
  const silent = links.filter((l) => l.alert);
  return silent.length > 0
    ? { alert: true, text: `Нет связи дольше ${silenceMinutes} мин рабочего времени: ${silent.map((l) => l.name).join(', ')}.` }
    : { alert: false, text: 'Все подключённые отделы на связи.' };
}

/** The line for offices whose hub reports a full disk (it refuses presses and answers until tidied); null when none does. */
export function diskBanner(links: readonly OfficeLink[]): string | null {
  const full = links.filter((l) => l.storage?.state === 'critical');
  return full.length > 0 ? `Диск хаба заполнен, записи не принимаются: ${full.map((l) => l.name).join(', ')}.` : null;
}
