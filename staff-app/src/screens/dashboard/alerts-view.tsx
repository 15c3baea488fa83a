import type { AlertsResponse } from '../../../../shared/api/figures.ts';
import { getJson } from '../../api/client.ts';
import { Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime, plural } from '../../format.ts';
import { liveTick, periodKey } from './store.ts';
import { InWork } from './comments-view.tsx';

/** Low-score alerts of the period: which office, when, how many low presses, and the rules in force. */
const MAIL: Record<string, string> = { 'not-configured': '', sent: ' · отправлено по почте', failed: ' · письмо не отправлено' };

const ruleText = (r: AlertsResponse['rules'][number]) =>
  `не менее ${Math.round(r.share * 100)} % оценок не выше ${r.maxScore} за последние ${r.windowMinutes} ${plural(r.windowMinutes, 'минуту', 'минуты', 'минут')} (от ${r.minPresses} нажатий)`;

export function AlertsView({ mayTakeIntoWork }: { mayTakeIntoWork: boolean }) {
  const alerts = useLoad(() => getJson<AlertsResponse>('/api/alerts', { period: periodKey.value }), [periodKey.value, liveTick.value]);
  if (!alerts.data) return alerts.error ? <Failed message={`Сигналы недоступны: ${alerts.error}`} retry={alerts.reload} /> : <Loading what="сигналы" />;
  const { rules, alerts: list } = alerts.data;
  return (
    <div id="alerts" aria-live="polite">
      <p class="legend">{rules.length ? `Правила: ${rules.map(ruleText).join('; ')}.` : 'Правила сигналов не заданы.'}</p>
      {list.length === 0 ? (
        <p class="state state-empty">За период сигналов нет.</p>
      ) : (
        <ul class="alerts">
          {list.map((a) => (
            <li key={a.id} data-office={a.officeId}>
              <strong>{a.officeName}</strong>: {a.lowPresses} из {a.presses} нажатий с низкой оценкой, {moscowDateTime(a.windowStart)} — {moscowDateTime(a.windowEnd)}
              {MAIL[a.mailStatus] ?? ''}
              <InWork inWork={a.inWork} takeUrl={`/api/alerts/${a.id}/in-work`} may={mayTakeIntoWork} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
