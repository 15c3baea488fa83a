import { formatMoscowDateTime } from '../../shared/moscow-time.ts';
import type { OfficeLink, OfficeLinkState } from './office-overview.ts';

/**
 * The central's page «Связь с отделами»: one row per office, silent ones first and marked, for an
 * admin or an АХО technician who wants to know which office to call. Plain server-rendered HTML
 * that refreshes itself; the CX dashboards are a separate, later page.
 */
const STATE_LABEL: Record<OfficeLinkState, string> = {
  ok: 'на связи',
  silent: 'нет связи',
  never: 'ещё не подключался',
  'no-key': 'ключ не выдан',
  closed: 'закрыт',
};

export function renderOfficesPage(links: readonly OfficeLink[], options: { now: number; silenceMinutes: number }): string {
  const alerts = links.filter((l) => l.alert);
  const ordered = [...alerts, ...links.filter((l) => !l.alert)];
  const rows = ordered.map((l) => row(l, options.now)).join('\n');
  const banner =
    alerts.length > 0
      ? `<p class="alert" role="alert">Нет связи дольше ${options.silenceMinutes} мин рабочего времени: ${alerts.map((a) => escapeHtml(a.name)).join(', ')}.</p>`
      : '<p class="fine">Все подключённые отделы на связи.</p>';
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="30">
<title>Центральный сборщик: связь с отделами</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  tr.silent td { background: #fde8e8; }
  .alert { background: #b3261e; color: #fff; padding: .6rem .8rem; border-radius: 4px; }
  .fine { color: #1b5e20; }
  .muted { color: #666; }
</style>
</head>
<body>
<h1>Связь с отделами</h1>
${banner}
<p class="muted">Обновлено ${formatMoscowDateTime(options.now, { seconds: false })} (время московское). Страница обновляется каждые 30 секунд.</p>
<table>
<thead><tr><th>Отдел</th><th>Состояние</th><th>Последняя синхронизация</th><th>Отставание</th><th>Получено записей</th><th>В очереди отдела</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>`;
}

function row(l: OfficeLink, now: number): string {
  const state =
    l.state === 'silent' && l.silentWorkingMinutes !== null ? `${STATE_LABEL.silent} ${formatMinutes(l.silentWorkingMinutes)}` : STATE_LABEL[l.state];
  const lastSync = l.lastSyncAt ? `${formatMoscowDateTime(Date.parse(l.lastSyncAt), { seconds: false })} <span class="muted">(${formatMinutes(Math.floor((now - Date.parse(l.lastSyncAt)) / 60_000))} назад)</span>` : '—';
  const lag = l.lagSeconds === null ? '—' : formatSeconds(l.lagSeconds);
  const backlog = l.backlogReported === null ? '—' : l.backlogReported.toLocaleString('ru-RU');
  return `<tr class="${l.alert ? 'silent' : ''}" data-office="${escapeHtml(l.officeId)}"><td>${escapeHtml(l.name)}</td><td>${state}</td><td>${lastSync}</td><td class="num">${lag}</td><td class="num">${l.recordsReceived.toLocaleString('ru-RU')}</td><td class="num">${backlog}</td></tr>`;
}

function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${Math.max(0, minutes)} мин`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} ч ${minutes % 60} мин`;
  return `${Math.floor(minutes / (24 * 60))} дн ${Math.floor((minutes % (24 * 60)) / 60)} ч`;
}

function formatSeconds(seconds: number): string {
  return seconds < 60 ? `${seconds} с` : formatMinutes(Math.floor(seconds / 60));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
