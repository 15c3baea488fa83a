// The CX sector's low-score alert rules: edited in the page, saved with one PUT /api/alert-rules.
// A rule reads as a sentence; the share is shown in per cent and sent as a fraction.
import { api, el, notice } from '/staff-assets/dom.js';

const root = document.getElementById('alert-rules');
let rules = JSON.parse(root.dataset.rules);
const newRule = JSON.parse(root.dataset.newRule);
const maxRules = Number(root.dataset.max);

const say = (text, isError) => notice(root, text, isError);

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
      rules.length >= maxRules ? '' : el('button', { type: 'button', class: 'secondary', onclick: () => { rules.push({ ...newRule }); draw(); } }, 'Добавить правило'), ' ',
      el('button', { type: 'button', onclick: save }, 'Сохранить правила'),
    ),
  );
}

async function save() {
  let body;
  try {
    body = await api('PUT', '/api/alert-rules', { rules });
  } catch (e) {
    return say(`Не сохранено: ${e.message}`, true);
  }
  rules = body.rules;
  draw();
  say(`Сохранено: ${rules.length} ${rules.length === 1 ? 'правило' : rules.length >= 2 && rules.length <= 4 ? 'правила' : 'правил'}. Действуют со следующего нажатия.`);
}

draw();
