import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { QuestionResult } from '../../../../shared/api/surveys.ts';

/**
 * A question's distribution as bars of shares (per cent of those who answered), drawn with the
 * dashboard's chart library; the 95 % interval is drawn as a whisker on each bar. The figures are
 * in the table beside it, which screen readers read; the chart is a picture of it.
 */
const HEIGHT = 200;

function whiskers(result: QuestionResult) {
  return (u: uPlot) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#1d2733';
    ctx.lineWidth = Math.max(1, devicePixelRatio);
    result.distribution.forEach((d, i) => {
      if (!d.interval) return;
      const x = u.valToPos(i, 'x', true);
      const low = u.valToPos(d.interval.low * 100, 'y', true);
      const high = u.valToPos(d.interval.high * 100, 'y', true);
      const half = 5 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x, low);
      ctx.lineTo(x, high);
      ctx.moveTo(x - half, low);
      ctx.lineTo(x + half, low);
      ctx.moveTo(x - half, high);
      ctx.lineTo(x + half, high);
      ctx.stroke();
    });
    ctx.restore();
  };
}

export function QuestionChart({ result, summary }: { result: QuestionResult; summary: string }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!holder.current || result.distribution.length === 0) return;
    const labels = result.distribution.map((d) => (d.label.length > 14 ? `${d.label.slice(0, 13)}…` : d.label));
    const width = Math.max(280, Math.min(640, holder.current.clientWidth || 560));
    const chart = new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: [0, 100] } },
        axes: [
          { stroke: '#1d2733', grid: { show: false }, splits: () => labels.map((_, i) => i), values: (_u, splits) => splits.map((i) => labels[i] ?? '') },
          { stroke: '#1d2733', grid: { stroke: '#d5d9e0' }, values: (_u, splits) => splits.map((v) => `${v} %`), size: 56 },
        ],
        series: [{}, { label: result.text, fill: '#5b8fc7', stroke: '#123c69', width: 1, paths: uPlot.paths.bars!({ size: [0.6, 60] }), points: { show: false } }],
        hooks: { draw: [whiskers(result)] },
      },
      [result.distribution.map((_, i) => i), result.distribution.map((d) => d.share * 100)],
      holder.current,
    );
    return () => chart.destroy();
  }, [result]);
  return <div class="chart-canvas survey-chart" role="img" aria-label={summary} ref={holder} />;
}
