import { getJson } from './api.js';
import { h, replaceChildren } from './dom.js';
import { moscowDateTime } from './format.js';

// Low-score alerts of the period: which office, when, how many low presses, by which rule.
const MAIL = { 'not-configured': '', sent: ' · отправлено по почте', failed: ' · письмо не отправлено' };

export async function loadAlerts(period, container) {
  const result = await getJson('/api/alerts', { period });
  const rules = result.rules.length ? `Правила: ${result.rules.map((r) => `не менее ${Math.round(r.share * 100)} % оценок ≤ ${r.maxScore} за ${r.windowMinutes} мин (от ${r.minPresses} нажатий)`).join('; ')}.` : 'Правила сигналов не заданы.';
  replaceChildren(
    container,
    h('p', { class: 'legend' }, rules),
    result.alerts.length === 0
      ? h('p', { class: 'no-alerts' }, 'За период сигналов нет.')
      : h(
          'ul',
          { class: 'alerts' },
          result.alerts.map((a) =>
            h(
              'li',
              { 'data-office': a.officeId },
              h('strong', {}, a.officeName),
              `: ${a.lowPresses} из ${a.presses} нажатий с низкой оценкой, ${moscowDateTime(a.windowStart)} — ${moscowDateTime(a.windowEnd)}`,
              MAIL[a.mailStatus] ?? '',
            ),
          ),
        ),
  );
}
