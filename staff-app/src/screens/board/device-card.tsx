import type { DeviceHealth, LinkStatus, PanelHealth } from '../../../../shared/api/board.ts';
import { duration, plural, whenAgo } from '../../format.ts';
import { SUPPRESSED_REASON } from '../../suppressed-reason.ts';
import { KIND_LABEL, STATUS_LABEL, STORAGE_STATE, storageBadge, storageText } from './board-words.ts';

/** One device's card: its facts, its panels (for a panel computer) and its link history. */
const Badge = ({ status }: { status: LinkStatus }) => <span class={`badge badge-${status}`}>{STATUS_LABEL[status]}</span>;

function Errors({ errors }: { errors: DeviceHealth['errors'] }) {
  if (!errors.length) return <>нет</>;
  return (
    <ul class="errors">
      {errors.map((e) => (
        <li key={e.kind}>
          {e.label}: {e.count}
        </li>
      ))}
    </ul>
  );
}

function Today({ today, kind }: { today: DeviceHealth['today']; kind: DeviceHealth['kind'] }) {
  if (kind === 'kiosk') return <>{`${today.counted} ${plural(today.counted, 'ответ', 'ответа', 'ответов')}`}</>;
  if (!today.suppressed) return <>{String(today.counted)}</>;
  return (
    <>
      {today.counted}{' '}
      <span class="explained" title={SUPPRESSED_REASON}>
        (ещё {today.suppressed} не засчитано)
      </span>
    </>
  );
}

function skewText(skew: DeviceHealth['clockSkew']) {
  if (!skew) return 'нет данных';
  const seconds = Math.round(Math.abs(skew.ms) / 1000);
  const amount = seconds < 120 ? `${seconds} с` : duration(Math.abs(skew.ms));
  if (!skew.flagged) return `в порядке (расхождение ${amount})`;
  return <span class="flag">{`${skew.ms > 0 ? 'спешат' : 'отстают'} на ${amount}`}</span>;
}

const HEAD = ['Пульт', 'Место', 'Связь', 'Последнее нажатие', 'Последний сигнал', 'Нажатий сегодня', 'Ошибки', 'Обрывов'] as const;

function PanelTable({ device, now }: { device: DeviceHealth; now: number }) {
  if (!device.panels.length) return <p class="muted">Пульты не сообщались.</p>;
  // One wrapper per cell: on a phone each cell is a two-column grid (label, content).
  const cell = (label: string, content: preact.ComponentChildren) => (
    <td data-label={label}>
      <div>{content}</div>
    </td>
  );
  return (
    <div class="table-wrap">
      <table class="panels">
        <caption class="visually-hidden">Пульты устройства «{device.name}»</caption>
        <thead>
          <tr>
            {HEAD.map((t) => (
              <th key={t} scope="col">
                {t}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {device.panels.map((p: PanelHealth) => (
            <tr key={p.panelId} data-panel={p.panelId}>
              {cell(HEAD[0], p.panelId)}
              {cell(HEAD[1], p.desk ?? '—')}
              {cell(
                HEAD[2],
                <>
                  <Badge status={p.status} />
                  {p.offlineCause === 'driver' ? ' (компьютер пультов не на связи)' : ''}
                  {p.statusSince && <div class="muted">с {whenAgo(p.statusSince, now)}</div>}
                </>,
              )}
              {cell(HEAD[3], whenAgo(p.lastPressAt, now))}
              {cell(HEAD[4], whenAgo(p.lastHeartbeatAt, now))}
              {cell(HEAD[5], <Today today={p.pressesToday} kind="panel-driver" />)}
              {cell(HEAD[6], <Errors errors={p.errors} />)}
              {cell(HEAD[7], p.disconnects ?? '—')}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DeviceCard({ device, now, officeName, openHistory }: { device: DeviceHealth; now: number; officeName: string | null; openHistory: Set<string> }) {
  const key = `${device.officeId}/${device.deviceId}`;
  const kiosk = device.kind === 'kiosk';
  const facts: [string, preact.ComponentChildren][] = [
    ['Последний сигнал', whenAgo(device.lastHeartbeatAt, now)],
    ['Версия программы', device.version ?? '—'],
    ['Ждут отправки на хаб', device.backlog === null ? '—' : String(device.backlog)],
    ['Последняя отправка', whenAgo(device.lastSyncAt, now)],
    ['Часы устройства', skewText(device.clockSkew)],
    [kiosk ? 'Ответов сегодня' : 'Нажатий сегодня', <Today today={device.today} kind={device.kind} />],
    [kiosk ? 'Последний ответ' : 'Последнее нажатие', whenAgo(device.lastRecordAt, now)],
    ['Ошибки', <Errors errors={device.errors} />],
  ];
  if (device.storage) facts.push(['Диск', <span class={device.storage.state === 'ok' ? undefined : 'flag'}>{`${STORAGE_STATE[device.storage.state]}: ${storageText(device.storage)}`}</span>]);
  if (officeName) facts.unshift(['Отдел', officeName]);
  return (
    <article class={`device device-${device.status} device-${device.kind}`} data-device={device.deviceId}>
      <div class="device-head">
        <h3>{`${KIND_LABEL[device.kind]} «${device.name}»`}</h3>
        <span>
          <Badge status={device.status} />
          {device.storage && device.storage.state !== 'ok' && (
            <>
              {' '}
              <span class={`badge badge-${storageBadge(device.storage.state)}`}>{STORAGE_STATE[device.storage.state]}</span>
            </>
          )}
          {device.clockSkew?.flagged && (
            <>
              {' '}
              <span class="badge badge-skew">часы сбиты</span>
            </>
          )}
        </span>
      </div>
      <div class="device-id">
        Код устройства: {device.deviceId}
        {device.registered ? '' : ' · не зарегистрировано на этом хабе'}
      </div>
      <dl class="facts">
        {facts.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      {!kiosk && <PanelTable device={device} now={now} />}
      <details
        class="history"
        open={openHistory.has(key)}
        onToggle={(e) => ((e.currentTarget as HTMLDetailsElement).open ? openHistory.add(key) : openHistory.delete(key))}
      >
        <summary>История связи ({device.history.length})</summary>
        {device.history.length ? (
          <ol>
            {device.history.map((e, i) => (
              <li key={i}>
                {whenAgo(e.at, now)} — {e.label}
              </li>
            ))}
          </ol>
        ) : (
          <p class="muted">Событий нет.</p>
        )}
      </details>
    </article>
  );
}
