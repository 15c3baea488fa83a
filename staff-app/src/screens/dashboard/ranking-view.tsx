import { useState } from 'preact/hooks';
import type { Metric } from '../../../../shared/api/common.ts';
import type { FiguresResponse, OfficeFigureRow } from '../../../../shared/api/figures.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Field, inputValue } from '../../components/field.tsx';
import { Empty } from '../../components/states.tsx';
import { number } from '../../format.ts';
import { intervalText, METRIC, METRICS, standing, STANDING_LABEL } from './metric-format.ts';
import { drillOffice } from './store.ts';

/**
 * The offices ranked by one figure, each with its 95 % interval drawn as a whisker on a shared
 * scale and the target as a line: an office whose whole interval lies below the target is marked
 * as clearly below it, the three lowest as the weakest. Sorting any column reorders the whiskers too.
 */
const W = 260;
const H = 18;

interface Ranked {
  row: OfficeFigureRow;
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
  rank: number | null;
  weakest: boolean;
}

export function RankingView({ table }: { table: FiguresResponse }) {
  const [metric, setMetric] = useState<Metric>('panel');
  const m = METRIC[metric];
  const present = table.offices.filter((r) => r.figures[metric].value !== null);
  const ordered = [...present].sort((a, b) => (b.figures[metric].value ?? 0) - (a.figures[metric].value ?? 0));
  const weakest = new Set(ordered.slice(-3).map((r) => r.office.id));
  const rows: Ranked[] = ordered.map((row, i) => {
    const f = row.figures[metric];
    return { row, value: f.value, low: f.interval?.low ?? null, high: f.interval?.high ?? null, n: f.n, rank: i + 1, weakest: ordered.length > 3 && weakest.has(row.office.id) };
  });
  const numbers = rows.flatMap((r) => [r.low ?? r.value, r.high ?? r.value]).filter((v): v is number => v !== null);
  const lo = Math.min(m.target, ...numbers);
  const hi = Math.max(m.target, ...numbers);
  const x = (v: number) => 4 + ((v - lo) / (hi - lo || 1)) * (W - 8);

  const columns: Column<Ranked>[] = [
    { id: 'rank', label: 'Место', sort: (r) => r.rank, cell: (r) => <td class="num">{r.rank}</td> },
    {
      id: 'office',
      label: 'Отдел',
      sort: (r) => r.row.office.name,
      cell: (r) => (
        <th scope="row">
          <button type="button" class="link" onClick={() => (drillOffice.value = r.row.office.id)}>
            {r.row.office.name}
          </button>
        </th>
      ),
    },
    {
      id: 'value',
      label: m.label,
      sort: (r) => r.value,
      cell: (r) => (
        <td class={`num${r.n < 30 ? ' small-n' : ''}`} data-metric={metric}>
          {r.n < 30 ? '≈ ' : ''}
          {m.text(r.value)}
        </td>
      ),
    },
    { id: 'interval', label: '95 % интервал', sort: (r) => r.low, cell: (r) => <td class="num">{intervalText(metric, r.low === null || r.high === null ? null : { low: r.low, high: r.high })}</td> },
    { id: 'n', label: 'n', sort: (r) => r.n, cell: (r) => <td class="num">{number(r.n, 0)}</td> },
    {
      id: 'chart',
      label: 'На шкале (линия — цель)',
      cell: (r) => {
        const s = standing(metric, r.row.figures[metric]);
        return (
          <td class="whisker-cell">
            <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true">
              <line x1={x(m.target)} x2={x(m.target)} y1="0" y2={H} class="target-line" />
              {r.low !== null && r.high !== null && <line x1={x(r.low)} x2={x(r.high)} y1={H / 2} y2={H / 2} class={`whisker whisker-${s}`} />}
              {r.value !== null && <circle cx={x(r.value)} cy={H / 2} r="4" class={`whisker-dot whisker-${s}`} />}
            </svg>
          </td>
        );
      },
    },
    {
      id: 'standing',
      label: 'Относительно цели',
      sort: (r) => ({ 'clearly-below': 0, below: 1, meets: 2, unknown: 3 })[standing(metric, r.row.figures[metric])],
      cell: (r) => {
        const s = standing(metric, r.row.figures[metric]);
        return (
          <td class={`standing standing-${s}`}>
            {STANDING_LABEL[s]}
            {r.weakest && <strong class="weakest"> · среди трёх слабейших</strong>}
          </td>
        );
      },
    },
  ];

  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Field id="ranking-metric" label="Показатель">
          {(c) => (
            <select {...c} value={metric} onChange={(e) => setMetric(inputValue(e) as Metric)}>
              {METRICS.map((k) => (
                <option key={k} value={k}>
                  {METRIC[k].label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <p class="legend">
        Цель: {m.text(m.target)}
        {m.unit}. Отрезок — 95 % интервал: где при таком числе ответов может лежать настоящее значение. Если весь отрезок левее цели, отдел ниже цели не случайно.
        {table.offices.length - present.length > 0 ? ` Без данных за период: ${table.offices.length - present.length}.` : ''}
      </p>
      {rows.length === 0 ? (
        <Empty>За период нет данных по этому показателю.</Empty>
      ) : (
        <DataTable id="ranking" caption={`Отделы по показателю «${m.label}»`} captionHidden columns={columns} rows={rows} rowKey={(r) => r.row.office.id} rowProps={(r) => ({ 'data-office': r.row.office.id, class: r.weakest ? 'weakest-row' : undefined })} />
      )}
    </>
  );
}
