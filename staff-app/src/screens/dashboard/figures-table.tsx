import type { FiguresResponse, OfficeFigureRow } from '../../../../shared/api/figures.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { number } from '../../format.ts';
import { SUPPRESSED_REASON } from '../../suppressed-reason.ts';
import { panelCells, surveyCells } from './figure-cells.tsx';
import { drillOffice } from './store.ts';

/**
 * The offices × period table: panel average with its distribution and the presses not counted,
 * CSAT, NPS with its shares, CES, each with n. Sorts by any figure; the total row stays at the foot.
 */
const fig = (row: OfficeFigureRow, pick: (r: OfficeFigureRow) => number | null) => pick(row);

export function FiguresTable({ table }: { table: FiguresResponse }) {
  const open = (officeId: string) => {
    drillOffice.value = officeId;
    requestAnimationFrame(() => document.getElementById('drill')?.scrollIntoView({ block: 'start' }));
  };
  const surveyOk = (r: OfficeFigureRow) => r.surveyStatus === 'ok';
  const panelOk = (r: OfficeFigureRow) => r.panelStatus === 'ok';
  const columns: Column<OfficeFigureRow>[] = [
    {
      id: 'office',
      label: 'Отдел / отделение',
      sort: (r) => r.office.name,
      cell: (r) => (
        <th scope="row">
          <button type="button" class="link" onClick={() => open(r.office.id)}>
            {r.office.name}
          </button>
          {r.office.closed ? ' (закрыт)' : ''}
        </th>
      ),
    },
    { id: 'panel', label: 'Средний балл', sort: (r) => fig(r, (x) => x.figures.panel.value), cell: (r) => <>{panelCells(r.figures, r.panelStatus)}</> },
    { id: 'dist', label: 'Оценки 1–5', cell: () => null },
    { id: 'suppressed', label: <SuppressedLabel />, sort: (r) => (panelOk(r) ? r.figures.panel.suppressed : null), cell: () => null },
    { id: 'csat', label: '% довольных', sort: (r) => (surveyOk(r) ? r.figures.csat.value : null), cell: (r) => <>{surveyCells(r.figures, r.surveyStatus)}</> },
    { id: 'nps', label: 'Индекс', sort: (r) => (surveyOk(r) ? r.figures.nps.value : null), cell: () => null },
    { id: 'shares', label: 'Промоутеры / нейтральные / критики', cell: () => null },
    { id: 'ces', label: 'Лёгкость, 1–5', sort: (r) => (surveyOk(r) ? r.figures.ces.value : null), cell: () => null },
  ];
  const downloads =
    table.period.kind === 'week'
      ? { text: 'Таблица пультов за неделю', base: `/api/reports/weekly-panel/${table.period.key}` }
      : table.period.kind === 'month'
        ? { text: 'CSAT / NPS / CES за месяц', base: `/api/reports/monthly/${table.period.key}` }
        : null;
  return (
    <>
      <div class="downloads" id="downloads">
        {downloads ? (
          <p>
            {downloads.text}: скачать{' '}
            <a href={`${downloads.base}.xlsx`} download>
              XLSX
            </a>{' '}
            ·{' '}
            <a href={`${downloads.base}.csv`} download>
              CSV
            </a>
          </p>
        ) : (
          <p>Выгрузка в XLSX и CSV: выберите неделю (таблица пультов) или месяц (CSAT / NPS / CES).</p>
        )}
      </div>
      <DataTable
        id="figures"
        class="grid figures"
        caption="Средний балл пультов, CSAT, NPS и CES по отделам за период"
        captionHidden
        groups={[
          { label: '', span: 1 },
          { label: 'Пульт оценки', span: 3 },
          { label: 'CSAT', span: 1 },
          { label: 'NPS', span: 2 },
          { label: 'CES', span: 1 },
        ]}
        columns={columns}
        rows={table.offices}
        rowKey={(r) => r.office.id}
        rowProps={(r) => ({ 'data-office': r.office.id })}
        foot={
          <tr data-office="total">
            <th scope="row">{table.total.label}</th>
            {panelCells(table.total.figures, table.total.panelStatus)}
            {surveyCells(table.total.figures, table.total.surveyStatus)}
          </tr>
        }
      />
      <p class="legend">
        Всего анкет за период: {number(table.total.figures.responses, 0)}. <span class="hover-hint">Наведите указатель на число, чтобы увидеть его 95 % интервал.</span>
        <span class="touch-hint">Под числом — его 95 % интервал.</span> «Не засчитано» — {SUPPRESSED_REASON.replace(/^Не засчитаны /u, '')}
      </p>
    </>
  );
}

/** The column's name, explained on hover and, for touch screens, in the legend under the table. */
export const SuppressedLabel = () => (
  <span class="explained" title={SUPPRESSED_REASON}>
    Не засчитано
  </span>
);
