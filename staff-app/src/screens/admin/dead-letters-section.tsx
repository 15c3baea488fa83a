import type { ForwardDeadLettersResponse, ReceivedDeadLettersResponse } from '../../../../shared/api/admin.ts';
import { getJson, sendJson } from '../../api/client.ts';
import { Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime } from '../../format.ts';

/**
 * Records refused as conflicts: received by this hub with a known id and another body, and (on an
 * office hub) those the central refused, with a way to send one again. A body may hold a client's
 * comment, so it is shown only on request.
 */
const REASON: Record<string, string> = { conflict: 'тот же номер записи с другим содержимым', invalid: 'не прошла проверку центра', missing: 'записи нет в базе хаба' };
const KIND: Record<string, string> = { press: 'нажатие', response: 'анкета', heartbeat: 'отчёт устройства' };

function sourceInWords(source: string): string {
  const [kind, id] = source.split(':');
  return kind === 'device' ? `устройство ${id}` : kind === 'office' ? `хаб отдела ${id}` : kind === 'public' ? 'телефон клиента' : source;
}

const Body = ({ body }: { body: string }) =>
  body ? (
    <details class="more">
      <summary>показать</summary>
      <pre class="raw">{body}</pre>
    </details>
  ) : (
    <>—</>
  );

export function DeadLettersSection({ version, changed, officeHub }: { version: number; changed: () => void; officeHub: boolean }) {
  const received = useLoad(() => getJson<ReceivedDeadLettersResponse>('/api/admin/dead-letters'), [version]);
  const forwarded = useLoad(() => (officeHub ? getJson<ForwardDeadLettersResponse>('/api/forward/dead-letters') : Promise.resolve(null)), [version]);
  return (
    <section class="card" aria-labelledby="dead-h">
      <h2 id="dead-h">Непринятые записи</h2>
      {!received.data ? (
        received.error ? <Failed message={received.error} retry={received.reload} /> : <Loading />
      ) : (
        <>
          <h3>Полученные этим хабом и не сохранённые: {received.data.total}</h3>
          {received.data.deadLetters.length === 0 ? (
            <p>Нет.</p>
          ) : (
            <>
              <p>Устройство (или отдел) прислало запись с уже известным номером, но с другим содержимым. Остальные записи приняты; сохранена первая версия. Сверьте с владельцем устройства.</p>
              <div class="table-wrap">
                <table class="grid">
                  <caption class="visually-hidden">Непринятые этим хабом записи</caption>
                  <thead>
                    <tr>
                      {['Когда', 'Откуда', 'Вид', 'Номер записи', 'Причина', 'Содержимое'].map((t) => (
                        <th key={t} scope="col">
                          {t}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {received.data.deadLetters.map((d) => (
                      <tr key={d.seq}>
                        <td>{moscowDateTime(d.receivedAt)}</td>
                        <td>{sourceInWords(d.source)}</td>
                        <td>{KIND[d.kind] ?? d.kind}</td>
                        <td>
                          <code>{d.recordId}</code>
                        </td>
                        <td>{REASON[d.reason] ?? d.reason}</td>
                        <td>
                          <Body body={d.body} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
      {officeHub && forwarded.data && (
        <>
          <h3>Не принятые центральным сборщиком: {forwarded.data.deadLetters.length}</h3>
          {forwarded.data.deadLetters.length === 0 ? (
            <p>Нет.</p>
          ) : (
            <div class="table-wrap">
              <table class="grid">
                <caption class="visually-hidden">Не принятые центральным сборщиком записи</caption>
                <thead>
                  <tr>
                    {['Когда', 'Вид', 'Номер записи', 'Причина', 'Содержимое', 'Действие'].map((t) => (
                      <th key={t} scope="col">
                        {t}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {forwarded.data.deadLetters.map((d) => (
                    <tr key={d.seq}>
                      <td>{moscowDateTime(d.movedAt)}</td>
                      <td>{KIND[d.kind] ?? d.kind}</td>
                      <td>
                        <code>{d.recordId}</code>
                      </td>
                      <td>
                        {REASON[d.reason] ?? d.reason}
                        {d.detail && (
                          <details class="more">
                            <summary>подробности</summary>
                            <pre class="raw">{d.detail}</pre>
                          </details>
                        )}
                      </td>
                      <td>
                        <Body body={d.body} />
                      </td>
                      <td>
                        {d.requeuedAt ? (
                          `отправлена снова ${moscowDateTime(d.requeuedAt)}`
                        ) : d.reason === 'missing' ? (
                          ''
                        ) : (
                          <button type="button" class="secondary" onClick={() => void sendJson('POST', `/api/forward/dead-letters/${d.seq}/requeue`).then(changed, changed)}>
                            Отправить ещё раз
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
