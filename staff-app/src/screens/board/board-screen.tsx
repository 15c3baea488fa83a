import { useEffect, useRef, useState } from 'preact/hooks';
import { io } from 'socket.io-client';
import type { DeviceBoard, DevicesResponse } from '../../../../shared/api/board.ts';
import type { JoinReply } from '../../../../shared/protocol/board-socket.ts';
import { BOARD_NAMESPACE } from '../../../../shared/protocol/wire.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { getJson, url } from '../../api/client.ts';
import { Empty, Failed, Loading } from '../../components/states.tsx';
import { weekOptions } from '../../components/period-picker.tsx';
import { moscowTimeSeconds } from '../../format.ts';
import { DeviceCard } from './device-card.tsx';
import { ForwardingBox } from './forwarding-box.tsx';
import { StorageBox } from './storage-box.tsx';
import { WEEKDAYS } from './board-words.ts';
import './board.css';

/**
 * The АХО board: every panel driver and kiosk of the office (every office on the central), drawn
 * from the hub's DeviceBoard and redrawn on each `board` message of the /devices socket. Text is
 * text: a device name or a desk label never becomes markup (Preact escapes it).
 */
type Link = { state: 'wait' | 'live' | 'lost'; text: string };

export function Screen({ props }: ScreenProps<'board'>) {
  const officeParam = new URLSearchParams(location.search).get('office') || null;
  const [board, setBoard] = useState<DeviceBoard | null>(null);
  const [link, setLink] = useState<Link>({ state: 'wait', text: 'Подключение к хабу…' });
  const [failed, setFailed] = useState<string | null>(null);
  const openHistory = useRef(new Set<string>());
  const names = new Map(props.offices.map((o) => [o.id, o.name]));

  useEffect(() => {
    let live = false;
    void getJson<DevicesResponse>(url('/api/devices', { office: officeParam }))
      .then((first) => !live && setBoard(first))
      .catch((error: Error) => setFailed(error.message));
    const socket = io(BOARD_NAMESPACE, { transports: ['websocket', 'polling'] });
    socket.on('connect', () => {
      socket.emit('join', { officeId: officeParam }, (reply: JoinReply) => {
        if (reply.ok) {
          live = true;
          setBoard(reply.value);
          setLink({ state: 'live', text: 'Обновляется вживую' });
        } else setLink({ state: 'lost', text: reply.message });
      });
    });
    socket.on('board', (next: DeviceBoard) => {
      live = true;
      setBoard(next);
    });
    const lost = () => setLink({ state: 'lost', text: 'Нет связи с хабом, переподключение…' });
    socket.on('disconnect', lost);
    socket.on('connect_error', lost);
    return () => socket.close();
  }, []);

  if (!board) return failed ? <Failed message={failed} retry={() => location.reload()} /> : <Loading what="табло" />;
  const now = Date.parse(board.generatedAt);
  const showOffice = board.scope.officeId === null;
  const wh = board.workingHours;
  return (
    <div class="board">
      <div class="board-head">
        <p class="muted">
          {board.scope.officeName ?? (showOffice ? 'Все отделы' : (names.get(board.scope.officeId ?? '') ?? 'Отдел'))} · обновлено в {moscowTimeSeconds(now)}
        </p>
        <p class={`link link-${link.state}`} role="status">
          {link.text}
        </p>
      </div>
      <section aria-labelledby="alerts-title">
        <h2 id="alerts-title" class="visually-hidden">
          Тревоги
        </h2>
        <div aria-live="polite">
          {board.alerts.length ? (
            <ul class="alerts">
              {board.alerts.map((a, i) => (
                <li key={i} class={`alert alert-${a.severity}`}>
                  {a.message}
                </li>
              ))}
            </ul>
          ) : (
            <p class="no-alerts">Тревог нет.</p>
          )}
        </div>
      </section>
      <p class="muted">
        Рабочее время: {wh.days.map((d) => WEEKDAYS[d]).join(', ')}, {wh.start}–{wh.end} (сейчас {wh.now ? 'рабочее' : 'нерабочее'}). Тревога — если пульт или киоск молчит
        дольше {board.silenceMinutes} мин в рабочее время.
      </p>
      <WeeklyTable now={now} />
      {board.hubStorage && <StorageBox storage={board.hubStorage} now={now} />}
      {board.forwarding && <ForwardingBox row={board.forwarding} now={now} />}
      <section aria-labelledby="devices-title">
        <h2 id="devices-title">Устройства</h2>
        <div class="devices">
          {board.devices.length ? (
            board.devices.map((d) => <DeviceCard key={`${d.officeId}/${d.deviceId}`} device={d} now={now} officeName={showOffice ? (names.get(d.officeId) ?? d.officeId) : null} openHistory={openHistory.current} />)
          ) : (
            <Empty>Устройства не зарегистрированы. Привязать пульт или киоск можно на странице «Администрирование».</Empty>
          )}
        </div>
      </section>
    </div>
  );
}

/** The weekly panel table АХО used to export by hand: any week, picked from a Russian list. */
function WeeklyTable({ now }: { now: number }) {
  const [week, setWeek] = useState('last');
  const weeks = weekOptions(now, null).slice(1);
  return (
    <form class="weekly" onSubmit={(e) => e.preventDefault()}>
      <label for="weekly-week">Недельная таблица пультов (средний балл по отделам) за неделю</label>{' '}
      <select id="weekly-week" value={week} onChange={(e) => setWeek((e.currentTarget as HTMLSelectElement).value)}>
        <option value="last">прошлую неделю</option>
        {weeks.map((w) => (
          <option key={w.key} value={w.key}>
            {w.label}
          </option>
        ))}
      </select>{' '}
      <a id="weekly-xlsx" href={`/api/reports/weekly-panel/${week}.xlsx`} download>
        скачать XLSX
      </a>{' '}
      ·{' '}
      <a id="weekly-csv" href={`/api/reports/weekly-panel/${week}.csv`} download>
        CSV
      </a>
    </form>
  );
}
