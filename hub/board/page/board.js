// The АХО board page: draws the hub's DeviceBoard (hub/devices/board-model.ts) and redraws it on
// every `board` message of the /devices socket. Text reaches the page only through textContent,
// never as HTML, so a device name or a desk label cannot inject markup.
import { io } from '/board/socket.io.esm.min.js';

const params = new URLSearchParams(location.search);
const requestedOffice = params.get('office') || null;
const openHistory = new Set();
let lastBoard = null;

const KIND = { 'panel-driver': 'Компьютер пультов', kiosk: 'Киоск' };
const STATUS = { online: 'в сети', offline: 'нет связи', unknown: 'нет данных' };
const WEEKDAYS = ['', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];
const FORWARD_STATE = { off: 'не настроена', ok: 'в порядке', lagging: 'отстаёт', failing: 'ошибка' };

const clock = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', hour: '2-digit', minute: '2-digit' });
const clockSeconds = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayMonth = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit' });

/** Builds an element: h('td', { class: 'x', 'data-label': 'Пульт' }, 'text', child, …). */
function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Russian plural: plural(3, 'запись', 'записи', 'записей') → 'записи'. */
function plural(n, one, few, many) {
  const d10 = n % 10;
  const d100 = n % 100;
  if (d10 === 1 && d100 !== 11) return one;
  if (d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14)) return few;
  return many;
}

function duration(ms) {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  if (minutes < 1) return 'меньше минуты';
  if (minutes < 60) return `${minutes} мин`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} ч ${minutes % 60} мин` : `${hours} ч`;
  return `${Math.floor(hours / 24)} дн`;
}

/** "10:32 (5 мин назад)", with the date when not today; relative to the hub's clock. */
function when(instant, now) {
  if (!instant) return 'никогда';
  const t = Date.parse(instant);
  const sameDay = dayMonth.format(t) === dayMonth.format(now);
  const at = sameDay ? clock.format(t) : `${dayMonth.format(t)} ${clock.format(t)}`;
  const ago = now - t;
  return ago >= 0 ? `${at} (${duration(ago)} назад)` : at;
}

function badge(status) {
  return h('span', { class: `badge badge-${status}` }, STATUS[status] ?? status);
}

function errorList(errors) {
  if (!errors.length) return 'нет';
  return h('ul', { class: 'errors' }, errors.map((e) => h('li', {}, `${e.label}: ${e.count}`)));
}

function skewText(skew) {
  if (!skew) return 'нет данных';
  const seconds = Math.round(Math.abs(skew.ms) / 1000);
  const amount = seconds < 120 ? `${seconds} с` : duration(Math.abs(skew.ms));
  if (!skew.flagged) return `в порядке (расхождение ${amount})`;
  return h('span', { class: 'flag' }, `${skew.ms > 0 ? 'спешат' : 'отстают'} на ${amount}`);
}

function today(t, kind) {
  if (kind === 'kiosk') return `${t.counted} ${plural(t.counted, 'ответ', 'ответа', 'ответов')}`;
  return t.suppressed ? `${t.counted} (ещё ${t.suppressed} не засчитано)` : String(t.counted);
}

function facts(rows) {
  return h('dl', { class: 'facts' }, rows.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

function panelTable(device, now) {
  const head = ['Пульт', 'Место', 'Связь', 'Последнее нажатие', 'Последний сигнал', 'Нажатий сегодня', 'Ошибки', 'Обрывов'];
  // One wrapper per cell: on a phone each cell is a two-column grid (label, content).
  const cell = (label, ...content) => h('td', { 'data-label': label }, h('div', {}, ...content));
  const rows = device.panels.map((p) => {
    const why = p.offlineCause === 'driver' ? ' (компьютер пультов не на связи)' : '';
    return h(
      'tr',
      { 'data-panel': p.panelId },
      cell(head[0], p.panelId),
      cell(head[1], p.desk ?? '—'),
      cell(head[2], badge(p.status), why, p.statusSince ? h('div', { class: 'muted' }, `с ${when(p.statusSince, now)}`) : null),
      cell(head[3], when(p.lastPressAt, now)),
      cell(head[4], when(p.lastHeartbeatAt, now)),
      cell(head[5], today(p.pressesToday, 'panel')),
      cell(head[6], errorList(p.errors)),
      cell(head[7], p.disconnects ?? '—'),
    );
  });
  if (!rows.length) return h('p', { class: 'muted' }, 'Пульты не сообщались.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'panels' }, h('thead', {}, h('tr', {}, head.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows)));
}

function history(device, now) {
  const key = `${device.officeId}/${device.deviceId}`;
  const details = h(
    'details',
    { class: 'history', open: openHistory.has(key) },
    h('summary', {}, `История связи (${device.history.length})`),
    device.history.length ? h('ol', {}, device.history.map((e) => h('li', {}, `${when(e.at, now)} — ${e.label}`))) : h('p', { class: 'muted' }, 'Событий нет.'),
  );
  details.addEventListener('toggle', () => (details.open ? openHistory.add(key) : openHistory.delete(key)));
  return details;
}

function deviceCard(device, now, showOffice) {
  const rows = [
    ['Последний сигнал', when(device.lastHeartbeatAt, now)],
    ['Версия', device.version ?? '—'],
    ['Очередь отправки', device.backlog === null ? '—' : String(device.backlog)],
    ['Последняя отправка', when(device.lastSyncAt, now)],
    ['Часы устройства', skewText(device.clockSkew)],
    [device.kind === 'kiosk' ? 'Ответов сегодня' : 'Нажатий сегодня', today(device.today, device.kind)],
    [device.kind === 'kiosk' ? 'Последний ответ' : 'Последнее нажатие', when(device.lastRecordAt, now)],
    ['Ошибки', errorList(device.errors)],
  ];
  if (showOffice) rows.unshift(['Отдел', device.officeId]);
  return h(
    'article',
    { class: `device device-${device.status} device-${device.kind}`, 'data-device': device.deviceId },
    h(
      'div',
      { class: 'device-head' },
      h('h3', {}, `${KIND[device.kind] ?? device.kind} «${device.name}»`),
      h('span', {}, badge(device.status), device.clockSkew?.flagged ? [' ', h('span', { class: 'badge badge-skew' }, 'часы сбиты')] : null),
    ),
    h('div', { class: 'device-id' }, `${device.deviceId}${device.registered ? '' : ' · не зарегистрировано на этом хабе'}`),
    facts(rows),
    device.kind === 'kiosk' ? null : panelTable(device, now),
    history(device, now),
  );
}

function renderForwarding(row, now) {
  const box = document.getElementById('forwarding');
  box.hidden = !row;
  if (!row) return;
  const error = row.lastError ? `${row.lastError.message} (${when(row.lastError.at, now)})` : 'нет';
  box.replaceChildren(
    h('div', { class: 'forwarding' }, h('h2', {}, 'Хаб отдела → центр: ', h('span', { class: `badge badge-${row.state === 'ok' ? 'online' : row.state === 'off' ? 'unknown' : 'offline'}` }, FORWARD_STATE[row.state] ?? row.state)),
      facts([
        ['Очередь', `${row.backlog} ${plural(row.backlog, 'запись', 'записи', 'записей')}`],
        ['Самая старая', row.oldestAgeMs === null ? '—' : `ждёт ${duration(row.oldestAgeMs)}`],
        ['Последняя успешная отправка', when(row.lastSyncAt, now)],
        ['Последняя ошибка', error],
      ])),
  );
}

function render(board) {
  lastBoard = board;
  const now = Date.parse(board.generatedAt);
  const showOffice = board.scope.officeId === null;
  document.getElementById('scope').textContent = `${board.scope.officeName ?? (showOffice ? 'Все отделы' : board.scope.officeId)} · обновлено ${clockSeconds.format(now)}`;
  const wh = board.workingHours;
  const days = wh.days.map((d) => WEEKDAYS[d]).join(', ');
  document.getElementById('hours').textContent = `Рабочее время: ${days}, ${wh.start}–${wh.end} (сейчас ${wh.now ? 'рабочее' : 'нерабочее'}). Тревога — если пульт или киоск молчит дольше ${board.silenceMinutes} мин в рабочее время.`;

  const alerts = document.getElementById('alerts');
  alerts.replaceChildren(
    board.alerts.length
      ? h('ul', { class: 'alerts' }, board.alerts.map((a) => h('li', { class: `alert alert-${a.severity}` }, a.message)))
      : h('p', { class: 'no-alerts' }, 'Тревог нет.'),
  );
  renderForwarding(board.forwarding, now);
  const devices = document.getElementById('devices');
  devices.replaceChildren(...(board.devices.length ? board.devices.map((d) => deviceCard(d, now, showOffice)) : [h('p', { class: 'muted' }, 'Устройства не зарегистрированы.')]));
}

function setLink(state, text) {
  const link = document.getElementById('link');
  link.className = `link link-${state}`;
  link.textContent = text;
}

async function firstPaint() {
  try {
    const res = await fetch(`/api/devices${requestedOffice ? `?office=${encodeURIComponent(requestedOffice)}` : ''}`, { headers: { accept: 'application/json' } });
    const body = await res.json();
    if (body.ok && !lastBoard) render(body);
    else if (!body.ok) setLink('lost', body.reason ?? 'табло недоступно');
  } catch {
    // The socket below retries on its own; its state is what the technician sees.
  }
}

const socket = io('/devices');
socket.on('connect', () => {
  socket.emit('join', { officeId: requestedOffice }, (reply) => {
    if (reply.ok) {
      render(reply.value);
      setLink('live', 'Обновляется вживую');
    } else {
      setLink('lost', reply.message);
    }
  });
});
socket.on('board', (board) => render(board));
socket.on('disconnect', () => setLink('lost', 'Нет связи с хабом, переподключение…'));
socket.on('connect_error', () => setLink('lost', 'Нет связи с хабом, переподключение…'));
void firstPaint();

// The weekly panel table: the week picker's value ("2026-W48") is the report's period key.
const weekPicker = document.getElementById('weekly-week');
weekPicker.addEventListener('change', () => {
  const key = /^\d{4}-W\d{2}$/.test(weekPicker.value) ? weekPicker.value : 'last';
  document.getElementById('weekly-xlsx').href = `/api/reports/weekly-panel/${key}.xlsx`;
  document.getElementById('weekly-csv').href = `/api/reports/weekly-panel/${key}.csv`;
});
