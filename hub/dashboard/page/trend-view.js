import { getJson } from './api.js';
import { METRIC } from './format.js';
import { trendChart } from './trend-chart.js';

// The trend of one metric over the last 12 weeks or months, for the region or one office.
const shortLabel = (period) => (period.key.includes('-W') ? period.key.slice(5) : period.key);

export async function loadTrend({ bucket, end, office, metric }, container) {
  const trend = await getJson('/api/trend', { bucket, end, count: 12, office });
  const series = office ? trend.offices.find((o) => o.officeId === office) ?? trend.total : trend.total;
  const m = METRIC[metric];
  const points = trend.periods.map((p, i) => {
    const figure = series.points[i][metric];
    return { label: p.label, short: shortLabel(p), value: figure.value, n: figure.n, small: figure.n > 0 && figure.small };
  });
  trendChart({ title: `${m.label}: ${series.label}, ${bucket === 'week' ? 'по неделям' : 'по месяцам'}`, points, min: m.min, max: m.max, text: m.text }, container);
}
