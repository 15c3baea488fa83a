// The CX sector's editor of the survey's service list (the optional last question on the kiosk and
// on phones). Edits the whole list in the page and saves it with one PUT /api/services.
import { api, el, notice } from '/staff-assets/dom.js';

const root = document.getElementById('services');
let rows = JSON.parse(root.dataset.services);

const say = (text, isError) => notice(root, text, isError);

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
  if (services.some((s) => s.name.length < 2)) return say('У каждой услуги должно быть название (не короче 2 букв).', true);
  let body;
  try {
    body = await api('PUT', '/api/services', { services });
  } catch (e) {
    return say(`Не сохранено: ${e.message}`, true);
  }
  rows = body.services.map((s) => ({ id: s.id, name: s.name, active: s.active }));
  draw();
  say(`Сохранено: ${rows.filter((s) => s.active).length} услуг в анкете. Киоски получат список при следующем обращении к хабу.`);
}

draw();
