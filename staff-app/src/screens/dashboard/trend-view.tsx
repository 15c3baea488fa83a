import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Metric } from '../../../../shared/api/common.ts';
import type { TrendResponse } from '../../../../shared/api/figures.ts';
import { getJson } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { METRIC, METRICS } from './metric-format.ts';
import { SmallMultiples } from './small-multiples.tsx';
import { liveTick, periodKey, worthReloading } from './store.ts';
import { axisLabel } from './trend-labels.ts';

/**
 * The trend of one metric over the 12 weeks or months ending with the chosen period, for the
 * region or one office, drawn by uPlot; below it the same for every office, small and side by
 * side. A canvas says nothing to a screen reader, so the chart is an image with a name and a
 * summary, and the numbers sit in a table under it. The trend is the dearest query of the page:
 * live notices redraw it at most every 30 s.
 */
const TREND_LIVE_MS = 30_000;
const HEIGHT = 260;

export function TrendView({ offices }: { offices: { id: string; name: string }[] }) {
  const [metric, setMetric] = useState<Metric>('panel');
  const [bucket, setBucket] = useState<'week' | 'month'>('week');
  const [office, setOffice] = useState('');
  const loadedAt = useRef(0);
  const tick = useRef(liveTick.value);
  if (liveTick.value !== tick.current && worthReloading(loadedAt.current, TREND_LIVE_MS)) tick.current = liveTick.value;
  const trend = useLoad(
    () => {
      loadedAt.current = Date.now();
      return getJson<TrendResponse>('/api/trend', { bucket, end: periodKey.value, count: 12, office });
    },
    [bucket, office, periodKey.value, tick.current],
  );
  return (
    <>
      <form class="filters" id="trend-form" onSubmit={(e) => e.preventDefault()}>
        <Field id="trend-metric" label="Показатель">
          {(c) => (
            <select {...c} value={metric} onChange={(e) => setMetric(inputValue(e) as Metric)}>
              {METRICS.map((m) => (
                <option key={m} value={m}>
                  {METRIC[m].label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="trend-bucket" label="Шаг">
          {(c) => (
            <select {...c} value={bucket} onChange={(e) => setBucket(inputValue(e) as 'week' | 'month')}>
              <option value="week">по неделям</option>
              <option value="month">по месяцам</option>
            </select>
          )}
        </Field>
        {offices.length > 1 && (
          <Field id="trend-office" label="Отдел">
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
        )}
      </form>
      <div id="trend-chart">
        {trend.data ? <TrendChart trend={trend.data} metric={metric} office={office} /> : trend.error ? <Failed message={trend.error} retry={trend.reload} /> : <Loading what="динамика" />}
      </div>
      {trend.data && office === '' && trend.data.offices.length > 1 && (
        <>
          <h3 id="multiples-title">Каждый отдел отдельно</h3>
          <SmallMultiples trend={trend.data} metric={metric} onPick={setOffice} />
        </>
      )}
    </>
  );
}

function TrendChart({ trend, metric, office }: { trend: TrendResponse; metric: Metric; office: string }) {
  const m = METRIC[metric];
  const series = (office ? trend.offices.find((o) => o.officeId === office) : undefined) ?? trend.total;
  const points = trend.periods.map((p, i) => {
    const figure = series.points[i]![metric];
    return { label: p.label, short: axisLabel(p, i === 0), value: figure.value, n: figure.n, small: figure.n > 0 && figure.small };
  });
  const title = `${m.label}: ${series.label}, ${trend.bucket === 'week' ? 'по неделям' : 'по месяцам'}`;
  const known = points.filter((p) => p.value !== null);
  const last = known[known.length - 1];
  const summary = last ? `${known.length} из ${points.length} периодов с ответами; последнее значение ${m.text(last.value)} (${last.label}).` : 'За эти периоды нет ответов.';
  const holder = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!holder.current) return;
    const width = Math.max(280, Math.min(760, holder.current.clientWidth || 720));
    const chart = new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false, range: [-0.3, points.length - 0.7] }, y: { range: [m.min, m.max] } },
        axes: [
          { stroke: '#1d2733', grid: { show: false }, incrs: [1, 2, 3], values: (_u, splits) => splits.map((i) => points[i]?.short ?? '') },
          { stroke: '#1d2733', grid: { stroke: '#d5d9e0' }, values: (_u, splits) => splits.map((v) => m.text(v)), size: 60 },
        ],
        series: [{}, { label: title, stroke: '#123c69', width: 2, spanGaps: false, points: { show: true, size: 8, fill: '#123c69' } }],
      },
      [points.map((_, i) => i), points.map((p) => p.value)],
      holder.current,
    );
    return () => chart.destroy();
  }, [trend, metric, office]);

  return (
    <figure class="chart">
      <p class="chart-title">{title}</p>
      <div class="chart-canvas" role="img" aria-label={`${title}. ${summary}`} ref={holder} />
      <figcaption>
        {summary} Цель: {m.text(m.target)}
        {m.unit}.
      </figcaption>
      <details class="chart-data">
        <summary>Таблица значений</summary>
        <table class="grid">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Период</th>
              <th scope="col">Значение</th>
              <th scope="col">n</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.label}>
                <th scope="row">{p.label}</th>
                <td>{p.value === null ? '—' : `${p.small ? '≈ ' : ''}${m.text(p.value)}`}</td>
                <td>{p.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
