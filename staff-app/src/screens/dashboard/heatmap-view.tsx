import { useState } from 'preact/hooks';
import type { HeatmapCell, HeatmapResponse } from '../../../../shared/api/figures.ts';
import { getJson } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { Empty, Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { number } from '../../format.ts';
import { robustRange } from './colour-range.ts';
import { METRIC, scaleColour } from './metric-format.ts';
import { liveTick, periodKey } from './store.ts';

/**
 * The panel average by weekday × hour (Moscow time) over the chosen period: when in the week the
 * scores sink. A table, so it reads cell by cell with a screen reader; each cell is coloured on the
 * panel's scale and says its value, with n in the hover text. Hours with no presses at all are left out.
 */
const WEEKDAYS = ['Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота', 'Воскресенье'];
const SHORT = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];
/** Fewer presses than this in an hour: marked, and left out when the colour scale is set. */
const SMALL_N = 30;

export function HeatmapView({ offices }: { offices: { id: string; name: string }[] }) {
  const [office, setOffice] = useState('');
  const heatmap = useLoad(() => getJson<HeatmapResponse>('/api/figures/heatmap', { period: periodKey.value, office }), [periodKey.value, office, liveTick.value]);
  return (
    <>
      {offices.length > 1 && (
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <Field id="heatmap-office" label="Отдел">
            {(c) => (
              <select {...c} value={office} onChange={(e) => setOffice(inputValue(e))}>
                <option value="">все вместе</option>
                {offices.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </form>
      )}
      {heatmap.data ? <Heatmap data={heatmap.data} /> : heatmap.error ? <Failed message={heatmap.error} retry={heatmap.reload} /> : <Loading what="тепловая карта" />}
    </>
  );
}

function Heatmap({ data }: { data: HeatmapResponse }) {
  if (data.cells.length === 0) return <Empty>За период нет засчитанных нажатий на пультах.</Empty>;
  const hours = data.cells.map((c) => c.hour);
  const from = Math.min(...hours);
  const to = Math.max(...hours);
  const byKey = new Map<string, HeatmapCell>(data.cells.map((c) => [`${c.weekday}:${c.hour}`, c]));
  const columns: number[] = [];
  for (let h = from; h <= to; h++) columns.push(h);
  // Coloured against this period's own spread (the question is which hours are lower than the rest),
  // between the 5th and 95th percentiles of the hours with enough presses: one extreme hour (a burst
  // of low scores) gets the end colour instead of stretching the scale so all others look alike.
  const values = data.cells.map((c) => c.value).filter((v): v is number => v !== null);
  const robust = robustRange(data.cells, SMALL_N, 0.05, 0.95);
  const range: [number, number] = robust ?? [Math.min(...values), Math.max(...values)];
  const days = [1, 2, 3, 4, 5, 6, 7].filter((d) => d <= 5 || data.cells.some((c) => c.weekday === d));
  return (
    <div class="table-wrap">
      <table class="heatmap" id="heatmap">
        <caption class="visually-hidden">Средний балл пультов по дням недели и часам, московское время; {number(data.n, 0)} нажатий</caption>
        <thead>
          <tr>
            <td />
            {columns.map((h) => (
              <th key={h} scope="col">
                {String(h).padStart(2, '0')}
                <span class="visually-hidden"> часов</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d}>
              <th scope="row">
                <abbr title={WEEKDAYS[d - 1]}>{SHORT[d - 1]}</abbr>
              </th>
              {columns.map((h) => {
                const cell = byKey.get(`${d}:${h}`);
                const colour = scaleColour('panel', cell?.value ?? null, range);
                const small = cell !== undefined && cell.n < SMALL_N;
                return (
                  <td
                    key={h}
                    class={`${cell ? 'hm' : 'hm hm-empty'}${small ? ' small' : ''}`}
                    style={colour ? { backgroundColor: colour } : undefined}
                    title={cell ? `${WEEKDAYS[d - 1]}, ${h}:00–${h + 1}:00: средний балл ${METRIC.panel.text(cell.value)}, нажатий ${cell.n}${small ? ' (мало)' : ''}` : `${WEEKDAYS[d - 1]}, ${h}:00–${h + 1}:00: нажатий нет`}
                  >
                    {cell ? METRIC.panel.text(cell.value) : '·'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="legend">
        Цвет: оранжевый — ниже, синий — выше остальных часов периода, шкала от {METRIC.panel.text(range[0])} до {METRIC.panel.text(range[1])}
        {robust ? ' (5–95-й процентили часов с 30 и более нажатиями; часы за её краями окрашены крайним цветом)' : ''}. Курсив с пунктиром — меньше 30 нажатий в этот час. Всего засчитанных нажатий: {number(data.n, 0)}.
      </p>
    </div>
  );
}
