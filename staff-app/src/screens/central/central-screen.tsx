import type { CentralOfficesResponse } from '../../../../shared/api/central.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { getJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Failed, Loading } from '../../components/states.tsx';
import { usePolled } from '../../components/use-polled.ts';
import { moscowTimeSeconds, number } from '../../format.ts';
import { diskBanner, officeRows, silenceBanner, type OfficeRow } from './office-rows.ts';
import './central.css';

/**
 * «Связь с отделами» on the central: every office's last sync, lag, backlog and hub disk, silent
 * ones and ones with a full disk first and named above the table. It follows the hub by itself (every 10 s, in place: no page reload
 * that would lose the reader's scroll and sort).
 */
const EVERY_MS = 10_000;

const cell = (row: OfficeRow, value: string | number, num = false) => <td class={num ? 'num' : undefined}>{value}</td>;
const COLUMNS: Column<OfficeRow>[] = [
  { id: 'name', label: 'Отдел', sort: (r) => r.name, cell: (r) => <th scope="row">{r.name}</th> },
  { id: 'state', label: 'Состояние', sort: (r) => (r.alert ? 0 : 1), cell: (r) => cell(r, r.state) },
  { id: 'sync', label: 'Последняя синхронизация', cell: (r) => cell(r, r.lastSync) },
  { id: 'lag', label: 'Отставание', cell: (r) => cell(r, r.lag, true) },
  { id: 'received', label: 'Получено записей', sort: (r) => r.received, cell: (r) => cell(r, number(r.received, 0), true) },
  { id: 'config', label: 'Настройки области', sort: (r) => (r.configAlert ? 0 : 1), cell: (r) => <td class={r.configAlert ? 'config-behind' : undefined}>{r.configAlert ? `${r.config} (больше суток)` : r.config}</td> },
  { id: 'backlog', label: 'В очереди отдела', sort: (r) => r.backlog, cell: (r) => cell(r, r.backlog === null ? '—' : number(r.backlog, 0), true) },
  { id: 'disk', label: 'Диск хаба', sort: (r) => (r.diskFull ? 0 : 1), cell: (r) => cell(r, r.disk) },
];

export function Screen(_: ScreenProps<'central'>) {
  const polled = usePolled(() => getJson<CentralOfficesResponse>('/api/central/offices'), EVERY_MS);
  if (!polled.data) return polled.error ? <Failed message={polled.error} retry={polled.reload} /> : <Loading what="отделы" />;
  const now = Date.parse(polled.data.generatedAt);
  const banner = silenceBanner(polled.data.offices, polled.data.silenceMinutes);
  const disk = diskBanner(polled.data.offices);
  const rows = officeRows(polled.data.offices, now);
  return (
    <>
      <p class={banner.alert ? 'silence-alert' : 'silence-fine'} role={banner.alert ? 'alert' : undefined}>
        {banner.text}
      </p>
      {disk && (
        <p class="silence-alert" role="alert" data-disk-alert>
          {disk}
        </p>
      )}
      <p class="muted" data-updated={polled.at ?? 0}>
        Обновлено в {moscowTimeSeconds(now)} (время московское); страница следит за отделами сама.
        {polled.error && <strong class="stale"> Последнее обновление не удалось: {polled.error}</strong>}
      </p>
      <DataTable
        id="offices"
        caption="Отделы: связь с центральным сборщиком"
        captionHidden
        columns={COLUMNS}
        rows={rows}
        rowKey={(r) => r.officeId}
        rowProps={(r) => ({ 'data-office': r.officeId, class: r.alert || r.diskFull ? 'silent' : undefined })}
      />
    </>
  );
}
