import { useEffect, useRef } from 'preact/hooks';
import { context, errorCounts, syncView } from '../../state/app-state.ts';
import { leaveStaff, refreshConfigFromStaff, staffMessage, syncNow, unbind } from '../../state/staff-actions.ts';
import { formatTime } from './format-time.ts';


/** The staff menu behind the PIN: the kiosk's state for the АХО technician, and its few levers. */
export function StaffScreen() {
  const c = context.value;
  const s = syncView.value;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const errors = Object.entries(errorCounts.value);
  return (
    <main class="screen staff">
      <h1 tabIndex={-1} ref={heading}>
        Служебное меню киоска
      </h1>
      <dl class="facts">
        <dt>Отдел</dt>
        <dd>{c?.officeName ?? c?.officeId}</dd>
        <dt>Устройство</dt>
        <dd>{c?.deviceId}</dd>
        <dt>Версия</dt>
        <dd>{__APP_VERSION__}</dd>
        <dt>Ждут отправки</dt>
        <dd>{s.pending}</dd>
        <dt>Отклонены хабом</dt>
        <dd>{s.refused}</dd>
        <dt>Последняя отправка</dt>
        <dd>{s.lastSyncAt ? formatTime(s.lastSyncAt) : 'ещё не было'}</dd>
        <dt>Связь с хабом</dt>
        <dd>{s.lastError ? `ошибка (${s.lastError}), попыток подряд: ${s.failures}` : 'в порядке'}</dd>
        <dt>Ошибки с запуска</dt>
        <dd>{errors.length ? errors.map(([k, n]) => `${k}: ${n}`).join(', ') : 'нет'}</dd>
      </dl>
      <p class="message" role="status">
        {staffMessage.value}
      </p>
      <div class="staff-actions">
        <button type="button" class="button primary" onClick={leaveStaff}>
          Вернуться к опросу
        </button>
        <button type="button" class="button secondary" onClick={syncNow}>
          Отправить сейчас
        </button>
        <button type="button" class="button secondary" onClick={() => void refreshConfigFromStaff()}>
          Обновить список услуг
        </button>
        <button type="button" class="button secondary" onClick={() => location.reload()}>
          Перезапустить приложение
        </button>
        <button type="button" class="button danger" onClick={() => void unbind()}>
          Сменить привязку киоска
        </button>
      </div>
    </main>
  );
}
