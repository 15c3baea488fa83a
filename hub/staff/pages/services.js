// The CX sector's editor of the survey's service list (the optional last question on the kiosk and
// on phones). Edits the whole list in the page and saves it with one PUT /api/services.
const root = document.getElementById('services');
let rows = JSON.parse(root.dataset.services);
let me;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v);
  }
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
  return node;
}

function notice(text, isError) {
  root.querySelector('.notice')?.remove();
  root.prepend(el('p', { class: `notice ${isError ? 'error' : 'ok'}`, role: 'status' }, text));
}

/** A new service's id: stable once saved, never shown to clients. */
const newId = () => `s-${Date.now().toString(36)}-${Math.floor(Math.random() * 1296).toString(36)}`;

function move(i, by) {
  const j = i + by;
  if (j < 0 || j >= rows.length) return;
  [rows[i], rows[j]] = [rows[j], rows[i]];
  draw();
}

function draw() {
  const table = el('table', {},
    el('tr', {}, el('th', { scope: 'col' }, '№'), el('th', { scope: 'col' }, 'Услуга (как её увидит клиент)'), el('th', { scope: 'col' }, 'В анкете'), el('th', { scope: 'col' }, 'Порядок')),
    rows.map((s, i) => el('tr', {},
      el('td', {}, String(i + 1)),
      el('td', {}, el('input', { value: s.name, 'aria-label': `Название услуги ${i + 1}`, maxlength: '120', required: true, oninput: (e) => (s.name = e.target.value) })),
      el('td', {}, el('input', { type: 'checkbox', checked: s.active, 'aria-label': `Показывать услугу ${i + 1} в анкете`, onchange: (e) => (s.active = e.target.checked) })),
      el('td', {},
        el('button', { type: 'button', class: 'secondary', 'aria-label': `Поднять услугу ${i + 1}`, disabled: i === 0, onclick: () => move(i, -1) }, '↑'), ' ',
        el('button', { type: 'button', class: 'secondary', 'aria-label': `Опустить услугу ${i + 1}`, disabled: i === rows.length - 1, onclick: () => move(i, 1) }, '↓'),
      ),
    )),
  );
  root.replaceChildren(
    el('p', {}, 'Клиент выбирает услугу последним, необязательным вопросом анкеты. Услугу, которая больше не оказывается, выключите: ответы о ней сохранятся в отчётах.'),
    table,
    el('p', {},
      el('button', { type: 'button', class: 'secondary', onclick: () => { rows.push({ id: newId(), name: '', active: true }); draw(); root.querySelector('tr:last-child input')?.focus(); } }, 'Добавить услугу'), ' ',
      el('button', { type: 'button', id: 'save', onclick: save }, 'Сохранить список'),
    ),
  );
}

async function save() {
  const services = rows.map((s) => ({ id: s.id, name: s.name.trim(), active: s.active }));
  if (services.some((s) => s.name.length < 2)) return notice('У каждой услуги должно быть название (не короче 2 букв).', true);
  const res = await fetch('/api/services', { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ services }) });
  const body = await res.json().catch(() => ({ ok: false, reason: `ответ ${res.status}` }));
  if (!res.ok) return notice(`Не сохранено: ${body.reason ?? res.status}`, true);
  rows = body.services.map((s) => ({ id: s.id, name: s.name, active: s.active }));
  draw();
  notice(`Сохранено: ${rows.filter((s) => s.active).length} услуг в анкете. Киоски получат список при следующем обращении к хабу.`);
}

me = await (await fetch('/api/me')).json();
draw();
