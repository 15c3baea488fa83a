import type { ApiMetricFigures, Metric, PanelStatus, SurveyStatus } from '../../../../shared/api/common.ts';
import { number } from '../../format.ts';
import { intervalText, METRIC } from './metric-format.ts';

/**
 * The cells of a figure, shared by the offices table and the drill: each value with its n; a small
 * sample (fewer than 30 answers) marked three ways (dashed outline, «≈», words for screen readers);
 * the 95 % interval in the hover text (written out on touch screens); statuses that say why a cell is empty.
 */
const SMALL_TITLE = 'Малая выборка: менее 30 ответов, показатель неустойчив';
const PANEL_STATUS: Record<string, string> = { 'no-panel': 'нет пульта', 'no-presses': 'нет нажатий', none: '—' };
const SURVEY_STATUS: Record<string, string> = { 'no-responses': 'нет ответов', none: '—' };

type Figure = ApiMetricFigures['csat'];

export function FigureCell({ metric, figure }: { metric: Metric; figure: Figure }) {
  const small = figure.n > 0 && figure.small;
  const title = [small ? SMALL_TITLE : null, figure.interval ? `95 % интервал: ${intervalText(metric, figure.interval)}` : null].filter(Boolean).join('. ');
  return (
    <td class={`fig${small ? ' small' : ''}${figure.n === 0 ? ' empty' : ''}`} data-metric={metric} data-n={figure.n} title={title || undefined}>
      <span class="value">
        {small ? '≈ ' : ''}
        {METRIC[metric].text(figure.value)}
      </span>{' '}
      <span class="n">n = {number(figure.n, 0)}</span>
      {small && <span class="visually-hidden"> (малая выборка)</span>}
      {/* A touch screen has no hover: there the interval is written under the value (dashboard.css). */}
      {figure.interval && (
        <span class="interval">
          95 %: {intervalText(metric, figure.interval)}
        </span>
      )}
    </td>
  );
}

export function DistributionCell({ distribution }: { distribution: number[] }) {
  const total = distribution.reduce((a, b) => a + b, 0);
  const label = distribution.map((count, i) => `«${i + 1}»: ${count}`).join(', ');
  // The bars are for the eye; the counts are in the tooltip and, for screen readers, in words.
  return (
    <td class="dist" data-metric="distribution" data-distribution={distribution.join(',')} title={label}>
      <svg class="dist-bars" viewBox="0 0 50 20" width="50" height="20" aria-hidden="true">
        {distribution.map((count, i) => {
          const height = total ? Math.max(count ? 1 : 0, Math.round((count / total) * 20)) : 0;
          return <rect key={i} x={i * 10 + 1} y={20 - height} width="8" height={height} class={`score-${i + 1}`} />;
        })}
      </svg>
      <span class="visually-hidden">{label}</span>
    </td>
  );
}

export function SharesCell({ nps }: { nps: ApiMetricFigures['nps'] }) {
  if (nps.n === 0)
    return (
      <td class="shares empty" data-metric="nps-shares">
        —
      </td>
    );
  return (
    <td class="shares" data-metric="nps-shares">
      {`${number(nps.promoters, 0)} / ${number(nps.passives, 0)} / ${number(nps.detractors, 0)} %`}
    </td>
  );
}

/** The panel's three cells, or one cell saying why there are none. */
export function panelCells(figures: ApiMetricFigures, status: PanelStatus | 'none' | 'ok') {
  if (status !== 'ok' && PANEL_STATUS[status])
    return [
      <td key="panel" colSpan={3} class="status" data-metric="panel" data-status={status}>
        {PANEL_STATUS[status]}
      </td>,
    ];
  return [
    <FigureCell key="panel" metric="panel" figure={figures.panel} />,
    <DistributionCell key="dist" distribution={figures.panel.distribution} />,
    <td key="sup" class="num" data-metric="suppressed">
      {number(figures.panel.suppressed, 0)}
    </td>,
  ];
}

/** The survey's four cells, or one cell saying why there are none. */
export function surveyCells(figures: ApiMetricFigures, status: SurveyStatus | 'none' | 'ok') {
  if (status !== 'ok' && SURVEY_STATUS[status])
    return [
      <td key="survey" colSpan={4} class="status" data-metric="survey" data-status={status}>
        {SURVEY_STATUS[status]}
      </td>,
    ];
  return [
    <FigureCell key="csat" metric="csat" figure={figures.csat} />,
    <FigureCell key="nps" metric="nps" figure={figures.nps} />,
    <SharesCell key="shares" nps={figures.nps} />,
    <FigureCell key="ces" metric="ces" figure={figures.ces} />,
  ];
}
