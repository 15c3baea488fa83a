// The CX sector's low-score alert rules: edited in the page, saved with one PUT /api/alert-rules.
// A rule reads as a sentence; the share is shown in per cent and sent as a fraction.
const root = document.getElementById('alert-rules');
let rules = JSON.parse(root.dataset.rules);
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

const number = (label, value, min, max, set) =>
  el('input', { type: 'number', inputmode: 'numeric', min: String(min), max: String(max), step: '1', value: String(value), 'aria-label': label, required: true, oninput: (e) => set(Number(e.target.value)) });

function ruleRow(rule, i) {
  const n = i + 1;
  return el('li', { class: 'rule' },
    el('span', {}, 'Сигнал, если за '), number(`Правило ${n}: окно, минут`, rule.windowMinutes, 1, 1440, (v) => (rule.windowMinutes = v)),
    el('span', {}, ' мин пришло не менее '), number(`Правило ${n}: нажатий не менее`, rule.minPresses, 1, 10000, (v) => (rule.minPresses = v)),
    el('span', {}, ' нажатий, и из них не менее '), number(`Правило ${n}: доля низких оценок, %`, Math.round(rule.share * 100), 1, 100, (v) => (rule.share = v / 100)),
    el('span', {}, ' % с оценкой не выше '),
    el('select', { 'aria-label': `Правило ${n}: оценка не выше`, onchange: (e) => (rule.maxScore = Number(e.target.value)) }, [1, 2, 3, 4].map((s) => el('option', { value: String(s), selected: s === rule.maxScore }, String(s)))),
    el('span', {}, '. '),
    el('button', { type: 'button', class: 'secondary', onclick: () => { rules.splice(i, 1); draw(); } }, `Удалить правило ${n}`),
  );
}

function draw() {
  root.replaceChildren(
    el('p', {}, 'Правило проверяется при каждом нажатии на пульте отдела. Сигнал виден начальнику отдела и сектору на панели показателей и, если настроена почта, приходит письмом. Одно окно — один сигнал.'),
    rules.length === 0 ? el('p', {}, 'Правил нет: сигналы не подаются.') : el('ol', { class: 'rules' }, rules.map(ruleRow)),
    el('p', {},
      rules.length >= 10 ? '' : el('button', { type: 'button', class: 'secondary', onclick: () => { rules.push({ windowMinutes: 30, minPresses: 4, share: 0.5, maxScore: 1 }); draw(); } }, 'Добавить правило'), ' ',
      el('button', { type: 'button', onclick: save }, 'Сохранить правила'),
    ),
  );
}

async function save() {
  const res = await fetch('/api/alert-rules', { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ rules }) });
  const body = await res.json().catch(() => ({ ok: false, reason: `ответ ${res.status}` }));
  if (!res.ok) return notice(`Не сохранено: ${body.reason ?? res.status}`, true);
  rules = body.rules;
  draw();
  notice(`Сохранено: ${rules.length} ${rules.length === 1 ? 'правило' : rules.length >= 2 && rules.length <= 4 ? 'правила' : 'правил'}. Действуют со следующего нажатия.`);
}

me = await (await fetch('/api/me')).json();
draw();
