import type { Metric } from '../../../../shared/api/common.ts';
import type { TrendResponse } from '../../../../shared/api/figures.ts';
import { number } from '../../format.ts';
import { METRIC } from './metric-format.ts';
import { axisLabel } from './trend-labels.ts';

/**
 * Each office's trend as a small chart on one shared scale, so shapes compare at a glance: a line
 * through the periods with answers, hollow dots for small samples, a dashed line at the target.
 * Each card names its last value and opens that office in the large chart.
 */
const W = 180;
const H = 56;
const PAD = 4;

export function SmallMultiples({ trend, metric, onPick }: { trend: TrendResponse; metric: Metric; onPick: (officeId: string) => void }) {
  const m = METRIC[metric];
  const values = trend.offices.flatMap((o) => o.points.map((p) => p[metric].value)).filter((v): v is number => v !== null);
  const lo = Math.min(m.target, ...values);
  const hi = Math.max(m.target, ...values);
  const span = hi - lo || 1;
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / Math.max(1, trend.periods.length - 1);
  const y = (v: number) => H - PAD - ((v - lo) / span) * (H - 2 * PAD);
  const first = trend.periods[0];
  const last = trend.periods[trend.periods.length - 1];
  return (
    <>
      <p class="legend">
        {m.label}, {first && last ? `${axisLabel(first, true)} — ${axisLabel(last, false)}` : ''}; общая шкала {m.text(lo)}…{m.text(hi)}, пунктир — цель {m.text(m.target)}
        {m.unit}, полые точки — малая выборка.
      </p>
      <ul class="multiples">
        {trend.offices.map((o) => {
          const pts = o.points.map((p, i) => ({ i, v: p[metric].value, small: p[metric].n > 0 && p[metric].small }));
          const known = pts.filter((p): p is { i: number; v: number; small: boolean } => p.v !== null);
          const lastKnown = known[known.length - 1];
          const path = known.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
          const lastN = o.points[o.points.length - 1]?.[metric].n ?? 0;
          return (
            <li key={o.officeId} data-office={o.officeId}>
              <button type="button" class="multiple" onClick={() => onPick(o.officeId ?? '')} aria-label={`${o.label}: последнее значение ${lastKnown ? m.text(lastKnown.v) : 'нет данных'}; открыть в большом графике`}>
                <span class="multiple-name">{o.label}</span>
                <span class="multiple-value">
                  {lastKnown ? m.text(lastKnown.v) : '—'} <small>n = {number(lastN, 0)}</small>
                </span>
                <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true">
                  <line x1={PAD} x2={W - PAD} y1={y(m.target)} y2={y(m.target)} class="target-line" />
                  {path && <path d={path} class="spark" />}
                  {known.map((p) => (
                    <circle key={p.i} cx={x(p.i)} cy={y(p.v)} r="2.5" class={p.small ? 'spark-dot small' : 'spark-dot'} />
                  ))}
                </svg>
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}
