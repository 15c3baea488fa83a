import { io } from '/dashboard/socket.io.esm.min.js';
import { getJson, url } from './api.js';
import { loadAlerts } from './alerts-view.js';
import { loadArchive } from './archive-view.js';
import { createCommentsView } from './comments-view.js';
import { byId, h, replaceChildren } from './dom.js';
import { renderDrill } from './drill-view.js';
import { renderFiguresTable } from './figures-table.js';
import { moscowTime } from './format.js';
import { loadTrend } from './trend-view.js';

// The CX dashboard: wires the period picker, the offices table, the drill, the trend, the
// comments and the archive to the JSON API, and refetches when the hub says figures changed.
const state = { period: new URLSearchParams(location.search).get('period'), drillOffice: null, offices: [] };

const el = {
  form: byId('period-form'),
  kind: byId('period-kind'),
  week: byId('period-week'),
  month: byId('period-month'),
  year: byId('period-year'),
  quarter: byId('period-quarter'),
  from: byId('period-from'),
  to: byId('period-to'),
  error: byId('period-error'),
  label: byId('period-label'),
  downloads: byId('downloads'),
  table: byId('figures'),
  drill: byId('drill'),
  drillTitle: byId('drill-title'),
  drillBody: byId('drill-body'),
  live: byId('live-status'),
  scope: byId('scope-line'),
  trendForm: byId('trend-form'),
  trendMetric: byId('trend-metric'),
  trendBucket: byId('trend-bucket'),
  trendOffice: byId('trend-office'),
  trendChart: byId('trend-chart'),
  commentsForm: byId('comments-form'),
  commentsOffice: byId('comments-office'),
  commentsTone: byId('comments-tone'),
  commentsSearch: byId('comments-search'),
  archive: byId('archive'),
  alerts: byId('alerts'),
};

const comments = createCommentsView({ list: byId('comments-list'), count: byId('comments-count'), more: byId('comments-more'), exportLink: byId('comments-export') });

function showKindInputs() {
  for (const node of el.form.querySelectorAll('[data-kind]')) node.hidden = node.dataset.kind !== el.kind.value;
}

/** The period key from the picker, in the API's format (2026-W48, 2026-11, 2026-Q4, 2026-11-01_2026-11-15). */
function pickedPeriod() {
  switch (el.kind.value) {
    case 'week':
      return el.week.value || null;
    case 'month':
      return el.month.value || null;
    case 'quarter':
      return el.year.value ? `${el.year.value}-Q${el.quarter.value}` : null;
    default:
      return el.from.value && el.to.value ? `${el.from.value}_${el.to.value}` : null;
  }
}

function fillPicker(period) {
  el.kind.value = period.kind;
  if (period.kind === 'week') el.week.value = period.key;
  if (period.kind === 'month') el.month.value = period.key;
  if (period.kind === 'quarter') [el.year.value, el.quarter.value] = period.key.split('-Q');
  if (period.kind === 'custom') [el.from.value, el.to.value] = period.key.split('_');
  showKindInputs();
}

function renderDownloads(period) {
  const links = [];
  if (period.kind === 'week') {
    links.push('Таблица пультов за неделю: ', h('a', { href: `/api/reports/weekly-panel/${period.key}.xlsx`, download: '' }, 'XLSX'), ' · ', h('a', { href: `/api/reports/weekly-panel/${period.key}.csv`, download: '' }, 'CSV'));
  } else if (period.kind === 'month') {
    links.push('CSAT / NPS / CES за месяц: ', h('a', { href: `/api/reports/monthly/${period.key}.xlsx`, download: '' }, 'XLSX'), ' · ', h('a', { href: `/api/reports/monthly/${period.key}.csv`, download: '' }, 'CSV'));
  } else {
    links.push('Выгрузка в XLSX и CSV: выберите неделю (таблица пультов) или месяц (CSAT / NPS / CES).');
  }
  replaceChildren(el.downloads, h('p', {}, links));
}

function fillOfficeSelects(offices) {
  const key = offices.map((o) => o.id).join();
  if (key === state.offices.map((o) => o.id).join()) return;
  state.offices = offices;
  for (const select of [el.trendOffice, el.commentsOffice]) {
    const chosen = select.value;
    replaceChildren(select, select.options[0], offices.map((o) => h('option', { value: o.id }, o.name)));
    select.value = chosen;
  }
}

async function loadFigures() {
  const table = await getJson('/api/figures', { period: state.period });
  state.period = table.period.key;
  fillPicker(table.period);
  el.label.textContent = table.period.label;
  el.scope.textContent = table.regionWide ? 'ЦЗН Костромской области: все отделы и отделения' : table.offices.map((r) => r.office.name).join(', ');
  renderDownloads(table.period);
  renderFiguresTable(table, el.table.tBodies[0], el.table.tFoot, (officeId) => void openDrill(officeId));
  fillOfficeSelects(table.offices.map((r) => r.office));
  el.table.dataset.period = table.period.key;
}

// An open drill follows live notices too, but at most every DRILL_LIVE_MS: it reads raw presses.
const DRILL_LIVE_MS = 10_000;
let drillAt = 0;
const drillLive = () => (state.drillOffice && Date.now() - drillAt >= DRILL_LIVE_MS ? openDrill(state.drillOffice, false) : null);

async function openDrill(officeId, scroll = true) {
  drillAt = Date.now();
  state.drillOffice = officeId;
  const drill = await getJson(`/api/figures/office/${encodeURIComponent(officeId)}`, { period: state.period });
  el.drillTitle.textContent = drill.office.name;
  renderDrill(drill, el.drillBody);
  el.drill.hidden = false;
  el.drill.dataset.office = officeId;
  if (scroll) el.drill.scrollIntoView({ block: 'start' });
}

// The trend ends with the week or month that holds the end of the chosen period. It is the
// dearest query on the page (one offices table per point), so live notices redraw it at most
// every TREND_LIVE_MS; the table, drill, comments and alerts follow every notice.
const TREND_LIVE_MS = 30_000;
let trendAt = 0;
const loadTrendNow = () => {
  trendAt = Date.now();
  return loadTrend({ bucket: el.trendBucket.value, end: state.period, office: el.trendOffice.value, metric: el.trendMetric.value }, el.trendChart);
};
const loadTrendLive = () => (Date.now() - trendAt >= TREND_LIVE_MS ? loadTrendNow() : null);
const commentFilter = () => ({ period: state.period, office: el.commentsOffice.value, tone: el.commentsTone.value, q: el.commentsSearch.value.trim() });

function report(error) {
  el.error.textContent = error.message;
  el.error.hidden = false;
}

// What this user may see beyond the figures (set by the server on <body>); a section the API would
// refuse is removed rather than shown as an error.
const mayComments = document.body.dataset.comments === 'true';
const mayAlerts = document.body.dataset.alerts === 'true';
if (!mayComments) byId('comments-title').closest('section').remove();
if (!mayAlerts) byId('alerts-title').closest('section').remove();
const showComments = () => (mayComments ? comments.show(commentFilter()) : null);
const refreshComments = () => (mayComments ? comments.refresh() : null);
const showAlerts = () => (mayAlerts ? loadAlerts(state.period, el.alerts) : null);

async function showAll() {
  el.error.hidden = true;
  await loadFigures();
  history.replaceState(null, '', url(location.pathname, { period: state.period }));
  await Promise.all([
    state.drillOffice ? openDrill(state.drillOffice, false) : null,
    loadTrendNow(),
    showComments(),
    showAlerts()?.catch(() => replaceChildren(el.alerts, h('p', {}, 'Сигналы недоступны.'))),
    loadArchive(el.archive).catch(() => replaceChildren(el.archive, h('p', {}, 'Архив недоступен.'))),
  ]);
}

el.kind.addEventListener('change', showKindInputs);
el.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const picked = pickedPeriod();
  if (!picked) return report(new Error('Укажите период полностью.'));
  state.period = picked;
  void showAll().catch(report);
});
byId('drill-close').addEventListener('click', () => {
  state.drillOffice = null;
  el.drill.hidden = true;
});
el.trendForm.addEventListener('change', () => void loadTrendNow().catch(report));
el.commentsForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void comments.show(commentFilter()).catch(report);
});

// Live: the hub says "figures changed" at most about once a second; one refetch at a time, and a
// notice that arrives during a refetch leads to one more afterwards.
let refreshing = null;
let again = false;
async function refreshLive() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = (async () => {
    do {
      again = false;
      await loadFigures();
      await Promise.all([drillLive(), loadTrendLive(), refreshComments(), showAlerts()]);
    } while (again);
  })();
  try {
    await refreshing;
    el.live.textContent = `Обновлено в ${moscowTime(new Date())} — данные приходят вживую`;
    el.live.dataset.updates = String(Number(el.live.dataset.updates ?? 0) + 1);
  } catch (error) {
    report(error);
  } finally {
    refreshing = null;
  }
}

const socket = io('/dashboard', { transports: ['websocket', 'polling'] });
socket.on('connect', () => {
  socket.emit('watch', { officeId: null }, (reply) => {
    el.live.textContent = reply.ok ? 'Данные обновляются вживую' : `Живое обновление недоступно: ${reply.message}`;
    el.live.dataset.state = reply.ok ? 'live' : 'off';
  });
});
socket.on('disconnect', () => {
  el.live.textContent = 'Нет связи с хабом: цифры могут устареть';
  el.live.dataset.state = 'off';
});
socket.on('figures-changed', () => void refreshLive());

void showAll()
  .then(() => (document.body.dataset.ready = 'true'))
  .catch(report);
