import type { OfficeLink, OfficeLinkState } from '../../../../shared/api/central.ts';
import { duration, moscowDateTime } from '../../format.ts';

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
}

export function officeRows(links: readonly OfficeLink[], now: number): OfficeRow[] {
  const ordered = [...links.filter((l) => l.alert), ...links.filter((l) => !l.alert)];
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
