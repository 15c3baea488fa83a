import { useState } from 'preact/hooks';
import type { Metric } from '../../../../shared/api/common.ts';
import type { FiguresResponse, OfficeFigureRow } from '../../../../shared/api/figures.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { number } from '../../format.ts';
import { robustRange } from './colour-range.ts';
import { METRIC, METRICS, scaleColour, standing } from './metric-format.ts';
import { drillOffice } from './store.ts';

/**
 * The region at a glance: each office a tile placed roughly where it lies in the Kostroma region
 * (west to east, north to south), coloured by where its figure lies among the offices', with its value and n written on
 * it. A figure from fewer than 30 answers is marked «мало ответов» with a dashed edge; an office
 * without data is grey. A tile opens the office's breakdown.
 */
const PLACE: Record<string, [number, number]> = {
  soligalich: [2, 0], pavino: [7, 0], vokhma: [8, 0],
  chukhloma: [3, 1], kologriv: [5, 1], mezha: [6, 1], pyshchug: [7, 1], oktyabrsky: [8, 1],
  buy: [1, 2], galich: [2, 2], antropovo: [3, 2], parfenyevo: [4, 2], neya: [5, 2], manturovo: [6, 2], sharya: [7, 2], ponazyrevo: [8, 2],
  kostroma: [0, 3], susanino: [1, 3], sudislavl: [2, 3], ostrovskoye: [3, 3], kadyy: [4, 3], makaryev: [5, 3],
  nerekhta: [0, 4], volgorechensk: [1, 4], krasnoe: [2, 4],
};

const shortName = (name: string) => name.replace(/ (отделение|отдел)$/u, '');

export function RegionTiles({ table }: { table: FiguresResponse }) {
  const [metric, setMetric] = useState<Metric>('panel');
  const m = METRIC[metric];
  // The colours spread over this period's offices (those with 30 or more answers), lowest to highest:
  // on the metric's whole scale offices a few tenths apart would all get the same colour.
  const spread = robustRange(
    table.offices.map((r) => r.figures[metric]),
    30,
    0,
    1,
  );
  const range = spread ?? m.colourRange;
  let extra = 0;
  const place = (r: OfficeFigureRow): [number, number] => PLACE[r.office.id] ?? [extra++ % 9, 5 + Math.floor(extra / 9)];
  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Field id="tiles-metric" label="Показатель">
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
      <ul class="tiles" aria-label={`Отделы на карте области: ${m.label}`}>
        {table.offices.map((r) => {
          const f = r.figures[metric];
          const [col, row] = place(r);
          const small = f.value !== null && f.n < 30;
          const below = standing(metric, f);
          const colour = scaleColour(metric, f.value, range);
          return (
            <li key={r.office.id} class="tile-cell" style={{ gridColumn: String(col + 1), gridRow: String(row + 1) }} data-office={r.office.id}>
              <button
                type="button"
                class={`tile${small ? ' tile-small' : ''}${f.value === null ? ' tile-empty' : ''}`}
                style={colour ? { backgroundColor: colour } : undefined}
                onClick={() => (drillOffice.value = r.office.id)}
                title={`${r.office.name}: ${m.label} ${m.text(f.value)}, n = ${f.n}${small ? ', мало ответов' : ''}`}
              >
                <span class="tile-name">{shortName(r.office.name)}</span>
                <span class="tile-value">
                  {small ? '≈ ' : ''}
                  {m.text(f.value)}
                  {below === 'clearly-below' ? ' ▼' : ''}
                </span>
                <span class="tile-n">{f.value === null ? 'нет данных' : small ? `мало ответов: ${f.n}` : `n = ${number(f.n, 0)}`}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <p class="legend">
        Цвет — место отдела среди других за период: оранжевый — ниже, серый — середина, синий — выше; шкала от {m.text(range[0])} до {m.text(range[1])}
        {m.unit}
        {spread ? ' (самое низкое и самое высокое значение среди отделов с 30 и более ответами)' : ''}. Цвет не оценка: с целью {m.text(m.target)}
        {m.unit} сравнивает знак ▼ — уверенно ниже цели. Пунктирная рамка — меньше 30 ответов.
      </p>
    </>
  );
}
