import { useEffect, useRef } from 'preact/hooks';
import type { DrillResponse, DrillRow } from '../../../../shared/api/figures.ts';
import { getJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Empty, Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { panelCells, surveyCells } from './figure-cells.tsx';
import { SuppressedLabel } from './figures-table.tsx';
import { drillOffice, liveTick, periodKey, worthReloading } from './store.ts';

/**
 * One office taken apart by desk, channel and service, in the same cells as the offices table.
 * Services are asked only in the survey, so their table has no panel columns: it stays within
 * 1280 px with long service names wrapping in their own column.
 */
const DRILL_LIVE_MS = 10_000;

function part(title: string, first: string, rows: DrillRow[], withPanel: boolean, id: string) {
  const pressed = (r: DrillRow) => r.figures.panel.n + r.figures.panel.suppressed > 0;
  const answered = (r: DrillRow) => r.figures.responses > 0;
  const columns: Column<DrillRow>[] = [
    { id: 'name', label: first, sort: (r) => r.label, cell: (r) => <th scope="row" class="drill-name">{r.label}</th> },
    ...(withPanel
      ? ([
          { id: 'panel', label: 'Средний балл', sort: (r) => (pressed(r) ? r.figures.panel.value : null), cell: (r) => <>{panelCells(r.figures, pressed(r) ? 'ok' : 'none')}</> },
          { id: 'dist', label: 'Оценки 1–5', cell: () => null },
          { id: 'sup', label: <SuppressedLabel />, cell: () => null },
        ] satisfies Column<DrillRow>[])
      : []),
    { id: 'csat', label: 'CSAT, %', sort: (r) => (answered(r) ? r.figures.csat.value : null), cell: (r) => <>{surveyCells(r.figures, answered(r) ? 'ok' : 'none')}</> },
    { id: 'nps', label: 'NPS', sort: (r) => (answered(r) ? r.figures.nps.value : null), cell: () => null },
    { id: 'shares', label: 'П / Н / К, %', cell: () => null },
    { id: 'ces', label: 'CES', sort: (r) => (answered(r) ? r.figures.ces.value : null), cell: () => null },
  ];
  return (
    <div class="drill-part">
      <h3 id={id}>{title}</h3>
      {rows.length === 0 ? (
        <Empty>Нет данных за период.</Empty>
      ) : (
        <DataTable caption={title} captionHidden class="grid figures compact" columns={columns} rows={rows} rowKey={(r) => r.key} rowProps={(r) => ({ 'data-key': r.key })} />
      )}
    </div>
  );
}

export function DrillView() {
  const office = drillOffice.value;
  const loadedAt = useRef(0);
  const tick = liveTick.value;
  const throttledTick = useRef(tick);
  if (tick !== throttledTick.current && worthReloading(loadedAt.current, DRILL_LIVE_MS)) throttledTick.current = tick;
  const drill = useLoad(
    () => {
      loadedAt.current = Date.now();
      return office ? getJson<DrillResponse>(`/api/figures/office/${encodeURIComponent(office)}`, { period: periodKey.value }) : Promise.resolve(null);
    },
    [office, periodKey.value, throttledTick.current],
  );
  useEffect(() => {
    if (office) document.getElementById('drill')?.focus();
  }, [office]);
  if (!office) return null;
  const d = drill.data;
  return (
    <section id="drill" aria-labelledby="drill-title" data-office={d?.office.id === office ? office : undefined} tabIndex={-1}>
      <div class="drill-head">
        <h2 id="drill-title">{d?.office.id === office ? d.office.name : 'Отдел'}</h2>
        <button type="button" class="secondary" id="drill-close" onClick={() => (drillOffice.value = null)}>
          Закрыть
        </button>
      </div>
      {!d || d.office.id !== office ? (
        drill.error ? <Failed message={drill.error} retry={drill.reload} /> : <Loading what="отдел" />
      ) : (
        <>
          <p>{d.period.label}. Нажатия пульта — по окнам и в канале «Пульт оценки»; анкеты — по окнам, услугам и каналам.</p>
          {part('По окнам (операторам)', 'Окно', d.byDesk, true, 'drill-desks')}
          {part('По каналам', 'Канал', d.byChannel, true, 'drill-channels')}
          {part('По услугам (анкеты)', 'Услуга', d.byService, false, 'drill-services')}
        </>
      )}
    </section>
  );
}
