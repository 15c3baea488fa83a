import type { ForwardingRow } from '../../../../shared/api/board.ts';
import { whenAgo } from '../../format.ts';
import { backlogText, configFaultText, FORWARD_STATE, forwardBadge, forwardErrorFact, waitText } from './board-words.ts';

/** The office hub → central row: the state and the last error always tell the same story. */
export function ForwardingBox({ row, now }: { row: ForwardingRow; now: number }) {
  const error = forwardErrorFact(row, now);
  return (
    <section class="forwarding" aria-labelledby="forwarding-title">
      <h2 id="forwarding-title">
        Передача данных в центр: <span class={`badge badge-${forwardBadge(row.state)}`}>{FORWARD_STATE[row.state]}</span>
      </h2>
      <dl class="facts">
        <dt>Ждут отправки</dt>
        <dd>{backlogText(row.backlog)}</dd>
        <dt>Самая старая</dt>
        <dd>{waitText(row.oldestAgeMs)}</dd>
        <dt>Последняя успешная отправка</dt>
        <dd>{whenAgo(row.lastSyncAt, now)}</dd>
        {row.config && (
          <>
            <dt>Настройки области</dt>
            <dd class="config-revision">
              {row.config.revision === null ? 'ещё не получены с центрального сборщика' : `ревизия ${row.config.revision}, сохранена в центре ${whenAgo(row.config.changedAt, now)}`}
              {row.config.failing && row.config.lastError && (
                <>
                  {' '}
                  <span class="badge badge-warning">{row.config.revision === null ? 'не получаются' : 'не обновляются'}</span> {configFaultText({ revision: row.config.revision, lastError: row.config.lastError }, now)}
                  <details class="more">
                    <summary>Подробности для администратора</summary>
                    <pre class="raw">
                      {row.config.lastError.code}: {row.config.lastError.message}
                    </pre>
                  </details>
                </>
              )}
            </dd>
          </>
        )}
        {error && (
          <>
            <dt>{error.label}</dt>
            <dd>
              {error.text}
              {row.lastError && (
                <details class="more">
                  <summary>Подробности для администратора</summary>
                  <pre class="raw">
                    {row.lastError.code}: {row.lastError.message}
                  </pre>
                </details>
              )}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
