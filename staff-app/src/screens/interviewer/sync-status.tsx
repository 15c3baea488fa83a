import { link } from './interviewer-sync.ts';
import type { QueuedItem } from './interviewer-db.ts';

/**
 * The line on top of the exit poll's page: whether what was taken has reached the office hub, and
 * if not, that it is safe on this device and will go by itself. Answers the hub refused (a survey
 * withdrawn, say) are listed with the hub's reason; they stay on the device.
 */
export function SyncStatus({ onSendNow, refused, offline }: { onSendNow: () => void; refused: QueuedItem[]; offline: 'kept' | 'not-kept' | null }) {
  const s = link.value;
  const waiting = s.pending > 0;
  const text = s.signedOut
    ? `Сеанс закончился. Сохранено на этом устройстве: ${s.pending}. Войдите снова и вернитесь на эту страницу — ответы уйдут сами.`
    : waiting && s.reachable === false
      ? `Нет связи с хабом. Сохранено на этом устройстве и ждёт отправки: ${s.pending}. Отправится само, когда связь появится.`
      : waiting
        ? `Отправляется на хаб: ${s.pending}…`
        : 'Все ответы переданы на хаб отдела.';
  return (
    <div class={`interviewer-status ${waiting ? 'status-waiting' : 'status-ok'}`}>
      <p role="status" id="interviewer-link">
        {text}
      </p>
      {s.signedOut && <a href={`/login?next=${encodeURIComponent('/interviewer')}`}>Войти снова</a>}
      {waiting && !s.signedOut && (
        <button type="button" class="secondary" onClick={onSendNow}>
          Отправить сейчас
        </button>
      )}
      {refused.length > 0 && (
        <details class="more">
          <summary>Хаб не принял: {refused.length} (хранятся на этом устройстве)</summary>
          <ul>
            {refused.map((r) => (
              <li key={r.id}>
                {r.item.kind === 'survey-answer' ? 'Ответ' : 'Отказ'} от {new Date(r.queuedAt).toLocaleString('ru-RU')}: {r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {offline === 'not-kept' && <p class="hint">Этот браузер не сохраняет страницу для работы без связи: не закрывайте и не обновляйте её, пока нет сети. Ответы сохраняются на устройстве в любом случае.</p>}
    </div>
  );
}
