// The admin page: users, devices, audit log. Talks to /api/admin/* with the session's CSRF token.
// Plain DOM on purpose: a handful of tables and forms need no framework or build step.
import { api, currentUser, el, notice } from '/staff-assets/dom.js';

const root = document.getElementById('admin');
const offices = JSON.parse(root.dataset.offices);
const ROLE = { admin: 'Администратор', aho: 'АХО', cx: 'Сектор клиентского опыта', 'office-head': 'Начальник отдела', director: 'Директор', staff: 'Сотрудник отдела' };
const OFFICE_BOUND = ['office-head', 'staff'];

const when = (ms) => (ms ? new Date(ms).toLocaleString('ru-RU', { timeZone: 'Europe/Moscow' }) : '—');
const officeName = (id) => offices.find((o) => o.id === id)?.name ?? id;
const officeSelect = (name) => el('select', { name, id: name }, offices.map((o) => el('option', { value: o.id }, o.name)));


async function renderUsers() {
  const section = el('section', { class: 'card', 'aria-labelledby': 'users-h' }, el('h2', { id: 'users-h' }, 'Сотрудники'));
  const { users } = await api('GET', '/api/admin/users');
  section.append(
    el('table', {},
      el('tr', {}, el('th', {}, 'Логин'), el('th', {}, 'Имя'), el('th', {}, 'Роли'), el('th', {}, 'Состояние'), el('th', {}, 'Действия')),
      users.map((u) =>
        el('tr', {},
          el('td', {}, u.login),
          el('td', {}, u.displayName),
          el('td', {}, u.roles.map((g) => `${ROLE[g.role]}${g.officeId ? ` — ${officeName(g.officeId)}` : ''}`).join('; ')),
          el('td', {}, u.disabledAt ? `отключён ${when(u.disabledAt)}` : u.hasPassword ? 'действует' : 'ждёт пароль'),
          el('td', {},
            el('button', { class: 'secondary', type: 'button', onclick: async () => {
              try { const r = await api('POST', `/api/admin/users/${u.id}/setup-link`); notice(section, `Ссылка для ${u.login} (действует 72 ч, один раз): ${r.setupUrl}`); } catch (e) { notice(section, e.message, true); }
            } }, 'Ссылка для пароля'),
            ' ',
            u.disabledAt ? '' : el('button', { class: 'secondary', type: 'button', onclick: async () => {
              if (!confirm(`Отключить ${u.login}?`)) return;
              try { await api('POST', `/api/admin/users/${u.id}/disable`); await refresh(); } catch (e) { notice(section, e.message, true); }
            } }, 'Отключить'),
          ),
        ),
      ),
    ),
  );
  const form = el('form', {},
    el('h3', {}, 'Новый сотрудник'),
    el('label', { for: 'nu-login' }, 'Логин'), el('input', { id: 'nu-login', name: 'login', required: '', pattern: '[A-Za-z0-9._-]{2,40}' }),
    el('label', { for: 'nu-name' }, 'Имя и должность'), el('input', { id: 'nu-name', name: 'displayName', required: '' }),
    el('label', { for: 'nu-role' }, 'Роль'), el('select', { id: 'nu-role', name: 'role' }, Object.entries(ROLE).map(([v, t]) => el('option', { value: v }, t))),
    el('label', { for: 'nu-office' }, 'Отдел (для начальника и сотрудника отдела)'), officeSelect('nu-office'),
    el('p', {}, el('button', { type: 'submit' }, 'Создать и получить ссылку')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const role = data.get('role');
    try {
      const r = await api('POST', '/api/admin/users', { login: data.get('login'), displayName: data.get('displayName'), roles: [{ role, officeId: OFFICE_BOUND.includes(role) ? data.get('nu-office') : null }] });
      await refresh();
      notice(document.querySelector('[aria-labelledby=users-h]'), `Создан ${r.user.login}. Передайте ссылку лично (72 ч, один раз): ${r.setupUrl}`);
    } catch (e) { notice(section, e.message, true); }
  });
  section.append(form);
  return section;
}

async function renderDevices() {
  const section = el('section', { class: 'card', 'aria-labelledby': 'dev-h' }, el('h2', { id: 'dev-h' }, 'Устройства'));
  const { devices } = await api('GET', '/api/admin/devices');
  section.append(
    el('table', {},
      el('tr', {}, el('th', {}, 'Устройство'), el('th', {}, 'Тип'), el('th', {}, 'Отдел'), el('th', {}, 'Состояние'), el('th', {}, '')),
      devices.map((d) => el('tr', {},
        el('td', {}, `${d.name} (${d.id})`), el('td', {}, d.kind === 'kiosk' ? 'Киоск' : 'Драйвер пультов'), el('td', {}, officeName(d.officeId)),
        el('td', {}, d.revokedAt ? `отозван ${when(d.revokedAt)}` : 'действует'),
        el('td', {}, d.revokedAt ? '' : el('button', { class: 'secondary', type: 'button', onclick: async () => {
          if (!confirm(`Отозвать ключ ${d.id}? Его данные останутся на устройстве до новой привязки.`)) return;
          try { await api('POST', `/api/admin/devices/${encodeURIComponent(d.id)}/revoke`); await refresh(); } catch (e) { notice(section, e.message, true); }
        } }, 'Отозвать')),
      )),
    ),
  );
  const form = el('form', {},
    el('h3', {}, 'Привязать устройство'),
    el('label', { for: 'pd-id' }, 'Идентификатор (латиница), например sharya-kiosk-1'), el('input', { id: 'pd-id', name: 'deviceId', required: '', pattern: '[A-Za-z0-9._:-]{1,64}' }),
    el('label', { for: 'pd-name' }, 'Название'), el('input', { id: 'pd-name', name: 'name', required: '' }),
    el('label', { for: 'pd-kind' }, 'Тип'), el('select', { id: 'pd-kind', name: 'kind' }, el('option', { value: 'kiosk' }, 'Киоск'), el('option', { value: 'panel-driver' }, 'Драйвер пультов')),
    el('label', { for: 'pd-office' }, 'Отдел'), officeSelect('pd-office'),
    el('p', {}, el('button', { type: 'submit' }, 'Получить код привязки')),
  );
  form.querySelector('#pd-office').value = root.dataset.defaultOffice;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const r = await api('POST', '/api/admin/devices/pairing-codes', { deviceId: data.get('deviceId'), name: data.get('name'), kind: data.get('kind'), officeId: data.get('pd-office') });
      notice(section, `Код привязки: ${r.code}. Введите его на устройстве в течение 10 минут.`);
    } catch (e) { notice(section, e.message, true); }
  });
  section.append(form);
  return section;
}

async function renderAudit() {
  const section = el('section', { class: 'card', 'aria-labelledby': 'audit-h' }, el('h2', { id: 'audit-h' }, 'Журнал аудита (последние 200)'));
  const { entries } = await api('GET', '/api/admin/audit');
  section.append(el('table', {},
    el('tr', {}, el('th', {}, 'Когда'), el('th', {}, 'Кто'), el('th', {}, 'Действие'), el('th', {}, 'Объект'), el('th', {}, 'Подробности'), el('th', {}, 'Адрес')),
    entries.map((e) => el('tr', {}, el('td', {}, when(e.at)), el('td', {}, e.actor), el('td', {}, e.action), el('td', {}, e.target ?? ''), el('td', {}, e.detail ?? ''), el('td', {}, e.ip ?? ''))),
  ));
  return section;
}

const DEAD_REASON = { conflict: 'тот же id с другим содержимым', invalid: 'не прошла проверку центра', missing: 'записи нет в базе хаба' };

/** A refused record's body, folded: it may hold a client's comment, so it is shown only on request. */
const bodyCell = (body) => el('td', {}, body ? el('details', {}, el('summary', {}, 'показать'), el('pre', {}, body)) : '—');

async function renderDeadLetters() {
  const section = el('section', { class: 'card', 'aria-labelledby': 'dead-h' }, el('h2', { id: 'dead-h' }, 'Непринятые записи'));
  const received = await api('GET', '/api/admin/dead-letters');
  section.append(el('h3', {}, `Полученные этим хабом и не сохранённые: ${received.total}`));
  if (received.deadLetters.length === 0) section.append(el('p', {}, 'Нет.'));
  else section.append(
    el('p', {}, 'Устройство (или отдел) прислало запись с уже известным номером, но с другим содержимым. Остальные записи приняты; сохранена первая версия. Сверьте с владельцем устройства.'),
    el('table', {},
      el('tr', {}, el('th', {}, 'Когда'), el('th', {}, 'Откуда'), el('th', {}, 'Вид'), el('th', {}, 'Номер записи'), el('th', {}, 'Причина'), el('th', {}, 'Содержимое')),
      received.deadLetters.map((d) => el('tr', {}, el('td', {}, when(Date.parse(d.receivedAt))), el('td', {}, d.source), el('td', {}, d.kind), el('td', {}, d.recordId), el('td', {}, DEAD_REASON[d.reason] ?? d.reason), bodyCell(d.body))),
    ),
  );
  if (root.dataset.role !== 'office') return section;
  const { deadLetters } = await api('GET', '/api/forward/dead-letters');
  section.append(
    el('h3', {}, `Не принятые центральным сборщиком: ${deadLetters.length}`),
    deadLetters.length === 0 ? el('p', {}, 'Нет.') : el('table', {},
      el('tr', {}, el('th', {}, 'Когда'), el('th', {}, 'Вид'), el('th', {}, 'Номер записи'), el('th', {}, 'Причина'), el('th', {}, 'Содержимое'), el('th', {}, '')),
      deadLetters.map((d) => el('tr', {}, el('td', {}, when(Date.parse(d.movedAt))), el('td', {}, d.kind), el('td', {}, d.recordId), el('td', {}, `${DEAD_REASON[d.reason] ?? d.reason}${d.detail ? `: ${d.detail}` : ''}`), bodyCell(d.body),
        el('td', {}, d.requeuedAt ? `отправлена снова ${when(Date.parse(d.requeuedAt))}` : d.reason === 'missing' ? '' : el('button', { class: 'secondary', type: 'button', onclick: async () => {
          try { await api('POST', `/api/forward/dead-letters/${d.seq}/requeue`); await refresh(); } catch (e) { notice(section, e.message, true); }
        } }, 'Отправить ещё раз')),
      )),
    ),
  );
  return section;
}

async function refresh() {
  const isAdmin = me.roles.some((g) => g.role === 'admin');
  const parts = [];
  try {
    if (isAdmin) parts.push(await renderUsers());
    parts.push(await renderDevices());
    if (isAdmin) parts.push(await renderDeadLetters());
    if (isAdmin) parts.push(await renderAudit());
  } catch (e) {
    parts.push(el('p', { class: 'error', role: 'alert' }, `Не удалось загрузить: ${e.message}`));
  }
  root.replaceChildren(...parts);
}

const me = await currentUser();
await refresh();
